import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { assertNoHorizontalOverflow, launch, phoneContext, shot } from './browser.mjs'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launch()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

// Sections whose modules are not built yet.
// Sections still under construction (none since the enforcement item list opened, PUB-5).
const SECTIONS = []

test('the portal lists the enforcement bodies and its sections', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${server.base}/`)
  await page.getByRole('heading', { name: '统计行政执法公示平台' }).first().waitFor()
  const list = page.getByTestId('bureau-list').first()
  await list.waitFor()
  const all = await page.locator('#bodies').innerText()
  assert.match(all, /浙江省统计局/)
  assert.match(all, /杭州市统计局/)
  // Counties sit under their city, folded until opened.
  await page.locator('.county-group summary', { hasText: '杭州市' }).click()
  assert.match(await page.locator('.county-group', { hasText: '杭州市' }).innerText(), /西湖区统计局/)
  for (const s of SECTIONS) {
    const card = page.locator('.card', { hasText: s })
    assert.equal(await card.count(), 1, s)
    assert.match(await card.innerText(), /建设中/)
  }
  // Open sections lead to their pages.
  for (const [title, href] of [['记录核验', '/ledger'], ['双随机抽查', '/plans'], ['证件核验', '/inspectors'], ['随机抽查事项清单', '/spotcheck-items'], ['法制审核目录', '/review-catalogues'], ['执法决定与抽查结果公示', '/disclosures'], ['统计严重失信企业名单', '/credit'], ['执法事项清单', '/items'], ['执法主体资格清单', '/bodies'], ['执法流程图', '/flowcharts']]) {
    const open = page.locator(`a.card[href="${href}"]`)
    assert.equal(await open.count(), 1, href)
    assert.match(await open.innerText(), new RegExp(`${title}[\\s\\S]*已开放`), title)
  }
  await shot(page, 'portal-desktop')
  // An unknown path is the portal's own page, not an error from the server.
  await page.goto(`${server.base}/no/such/page`)
  await page.getByRole('heading', { name: '页面不存在' }).waitFor()
  await context.close()
})

test('the portal works on a phone', async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${server.base}/`)
  await page.getByTestId('bureau-list').first().waitFor()
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= 375, `portal is ${w}px wide at 375px`)
  await page.locator('input[type=search]').fill('西湖')
  assert.match(await page.locator('#bodies').innerText(), /西湖区统计局/)
  assert.doesNotMatch(await page.locator('#bodies').innerText(), /宁波市统计局/)
  await shot(page, 'portal-phone')
  await context.close()
})

// R: REV-2 — the catalogues of major decisions in force are public: the province's version with
// its criteria, materials and time limit, and the built-in list of APL Art 58; readable on a phone.
test('the portal publishes the legal review catalogues, on a desktop and on a 390px phone', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${server.base}/review-catalogues`)
  const first = page.getByTestId('public-review-catalogue').first()
  await first.waitFor()
  const text = await page.getByTestId('public-review-catalogues').innerText()
  assert.match(text, /浙江省统计局 · 第 1 版/)
  assert.match(text, /对法人或者其他组织处五万元以上罚款/)
  assert.match(text, /须集体讨论/)
  assert.match(text, /调查终结报告/)
  assert.match(text, /审核时限 5 个工作日/)
  assert.match(text, /内置目录/)
  assert.doesNotMatch(text, /吴晓燕/)  // no staff names on the portal
  await shot(page, 'portal-review-catalogues')
  await context.close()
  const phone = await phoneContext(browser, 390, 844)
  const p2 = await phone.newPage()
  await p2.goto(`${server.base}/review-catalogues`)
  await p2.getByTestId('public-review-catalogue').first().waitFor()
  await assertNoHorizontalOverflow(p2, 390)
  await shot(p2, 'portal-review-catalogues-phone')
  await phone.close()
})
