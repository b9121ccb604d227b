import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, shot } from './browser.mjs'

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
const SECTIONS = ['执法事项清单', '执法决定']

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
  for (const [title, href] of [['记录核验', '/ledger'], ['双随机抽查', '/plans'], ['证件核验', '/inspectors'], ['随机抽查事项清单', '/spotcheck-items']]) {
    const open = page.locator('.card', { hasText: title })
    assert.match(await open.innerText(), /已开放/, title)
    assert.equal(await open.getAttribute('href'), href, title)
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
