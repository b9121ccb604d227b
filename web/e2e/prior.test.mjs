// What is published before enforcement in the browser (PUB-5, PUB-10): on a 390px phone the
// portal's enforcement item list (current and the older version with the 2009 articles), an
// item's service guide, the enforcement bodies with their certified staff and the flowcharts
// drawn as SVG from the law table, none wider than the phone; in the console Hangzhou's
// publicity officer publishes its own list from the province's — a blank code refused beside
// the item — and the portal then shows Hangzhou's list.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { assertNoHorizontalOverflow, consoleLogin, launch, newPage, openMenu, shot, tableRows } from './browser.mjs'

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

// An el-input's test id lands on the input itself or on its wrapper, by version.
const TEXT = 'xpath=descendant-or-self::*[self::input or self::textarea]'

const phone = () => browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 })

// R: PUB-5, PUB-10
test('the portal shows the item list, a guide, the bodies and the flowcharts on a 390px phone', async () => {
  const context = await phone()
  const page = await context.newPage()
  await page.goto(`${server.base}/`)
  await page.locator('[data-section=items]').click()
  await page.waitForURL(/\/items/)
  const items = page.getByTestId('prior-item')
  await items.first().waitFor()
  assert.equal(await items.count(), 9)  // seven Statistics Law penalties and the two spot-check items
  assert.match(await items.first().innerText(), /第四十四条/)
  assert.match(await page.getByTestId('prior-items').innerText(), /行政检查 2 项/)
  await assertNoHorizontalOverflow(page, 390)
  await shot(page, 'portal-prior-items-phone')

  // The older version stays readable, with the articles of its day.
  await page.getByTestId('prior-version').selectOption('1')
  await page.getByText('历史版本').waitFor()
  assert.match(await items.first().innerText(), /第四十一条/)
  await page.getByTestId('prior-version').selectOption({ label: '现行版本' })
  await page.getByText('历史版本').waitFor({ state: 'hidden' })

  await items.first().getByTestId('prior-guide-link').click()
  await page.waitForURL(/\/guide\//)
  const guide = page.getByTestId('prior-guide')
  await page.getByTestId('prior-right').first().waitFor()
  const text = await guide.innerText()
  for (const t of ['陈述权', '申辩权', '要求听证的权利', '申请行政复议的权利', '提起行政诉讼的权利', '不收取任何费用', '0571-87057000']) assert.ok(text.includes(t), t)
  await assertNoHorizontalOverflow(page, 390)
  await shot(page, 'portal-prior-guide-phone')

  await page.goto(`${server.base}/bodies`)
  const zj = page.getByTestId('prior-body').filter({ hasText: '浙江省统计局' }).first()
  await zj.waitFor()
  assert.match(await zj.innerText(), /投诉举报电话/)
  assert.match(await zj.getByTestId('prior-certified').innerText(), /^\d+$/)
  await assertNoHorizontalOverflow(page, 390)
  await shot(page, 'portal-prior-bodies-phone')

  await page.goto(`${server.base}/flowcharts`)
  const svg = page.getByTestId('prior-flow-svg')
  await svg.waitFor()
  for (const s of ['draft', 'investigating', 'notified', 'decided', 'executing', 'archived']) assert.equal(await svg.locator(`[data-state=${s}]`).count(), 1, s)
  assert.match(await svg.textContent(), /权利告知/)
  await assertNoHorizontalOverflow(page, 390)
  await shot(page, 'portal-prior-flow-general-phone')
  await page.getByRole('tab', { name: '简易程序' }).click()
  await svg.locator('[data-state=investigating]').waitFor({ state: 'detached' })
  assert.match(await svg.textContent(), /简易程序记录/)
  await assertNoHorizontalOverflow(page, 390)
  await shot(page, 'portal-prior-flow-simple-phone')
  await context.close()
})

// R: PUB-5
test('Hangzhou publishes its own item list from the province’s; a blank code is refused beside the item', async () => {
  const { context, page } = await newPage(browser)
  await consoleLogin(page, server.base, 'hz_pub')
  await openMenu(page, '行政执法公示', '执法事项清单', /\/console\/prior\/items$/)
  await page.getByText('本机构未单独发布，适用 浙江省统计局 的清单').waitFor()
  await page.getByTestId('prior-items-publish-open').click()
  const dialog = page.getByTestId('prior-items-dialog')
  const first = dialog.getByTestId('prior-item-0')
  await first.locator('.el-collapse-item__header').click()
  await first.getByTestId('prior-item-0-code').locator(TEXT).fill('')
  await dialog.getByTestId('prior-items-publish').click()
  await first.getByText('事项编码不能为空').waitFor()
  await first.getByTestId('prior-item-0-code').locator(TEXT).fill('330100-XZCF-001')
  await first.getByTestId('prior-item-0-name').locator(TEXT).fill('对统计调查对象拒绝提供统计资料的行政处罚（杭州）')
  await dialog.getByTestId('prior-items-publish').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('prior-items-current').getByText('第 1 版').waitFor()
  assert.equal(await tableRows(page.getByTestId('prior-items-versions')).count(), 1)
  await shot(page, 'console-prior-items')
  await context.close()

  const pub = await phone()
  const p = await pub.newPage()
  const hz = await (await fetch(`${server.base}/api/v1/public/bureaus`)).json()
  const id = hz.items.find((b) => b.code === '330100').id
  await p.goto(`${server.base}/items?bureau_id=${id}`)
  await p.getByTestId('prior-item').first().waitFor()
  assert.match(await p.getByTestId('prior-items').innerText(), /杭州市统计局 · 第 1 版/)
  assert.match(await p.getByTestId('prior-item').first().innerText(), /（杭州）/)
  await pub.close()
})
