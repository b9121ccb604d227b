// 执法统计年报 in the browser (PUB-9): the Hangzhou publicity officer compiles last year's report
// from the console's list, the bureau head reviews it with an opinion (the compiler is not offered
// 审核), the publicity officer publishes it; the province's list shows Hangzhou published; the
// portal lists it and shows its tables and charts on a 390px phone without overflow and without
// staff names. Screenshots in e2e/screenshots/annual-*.png.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { assertNoHorizontalOverflow, launch, openMenu, pageApi, phoneContext, settle, shot, signIn, tableRows } from './browser.mjs'

let server
let browser
const changed = new Set()

before(async () => {
  server = await startServer()
  browser = await launch()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const login = (username, viewport) => signIn(browser, server.base, changed, username, viewport)
const lastYear = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4)) - 1

// R: PUB-9
test('compile, review by another person, publish: the portal shows it at 390px', async () => {
  const pub = await login('hz_pub')
  await openMenu(pub.page, '行政执法公示', '统计年报', /\/console\/annual-reports/)
  await pub.page.getByTestId('annual-table').waitFor()
  await pub.page.getByTestId('annual-compile').click()
  await pub.page.waitForURL(/\/console\/annual-reports\/\d+$/)
  const url = pub.page.url()
  await pub.page.getByTestId('annual-numbers').waitFor()
  assert.equal((await pub.page.getByTestId('annual-state').innerText()).trim(), '草稿')
  assert.equal(await pub.page.getByTestId('annual-review').count(), 0, 'the compiler is not offered 审核')
  assert.ok((await pub.page.getByTestId('annual-chart').count()) >= 2, 'charts are drawn')
  await settle(pub.page)
  await shot(pub.page, 'annual-draft')

  const head = await login('hz_head')
  await head.page.goto(url)
  await head.page.getByTestId('annual-review').click()
  await head.page.locator('[data-testid=annual-opinion]').locator('xpath=descendant-or-self::textarea').fill('数据与台账核对一致，同意发布')
  await head.page.getByTestId('annual-review-submit').click()
  await head.page.getByTestId('annual-state').filter({ hasText: '已审核' }).waitFor()
  assert.equal(await head.page.getByTestId('annual-publish').count(), 0, 'the bureau head does not publish')

  await pub.page.reload()
  await pub.page.getByTestId('annual-publish').click()
  await pub.page.locator('.el-message-box').getByRole('button', { name: '发布' }).click()
  await pub.page.getByTestId('annual-state').filter({ hasText: '已发布' }).waitFor()
  const reported = await pub.page.getByTestId('annual-reported').innerText()
  assert.match(reported, /杭州市人民政府/)
  assert.match(reported, /浙江省统计局/)
  await settle(pub.page)
  await shot(pub.page, 'annual-published')

  // The province sees Hangzhou's report among those from below.
  const zj = await login('zj_pub')
  const list = await pageApi(zj.page, 'GET', `/annual-reports?year=${lastYear}`)
  assert.equal(list.status, 200)
  const hz = list.body.items.find((i) => i.bureau.code === '330100')
  assert.equal(hz.state, 'published')
  await zj.page.goto(`${server.base}/console/annual-reports?year=${lastYear}`)
  const row = tableRows(zj.page.getByTestId('annual-table')).filter({ hasText: '杭州市统计局' }).first()
  await row.waitFor()
  assert.match(await row.innerText(), /已发布/)

  // The portal, on a phone.
  const phone = await phoneContext(browser, 390, 844)
  const p = await phone.newPage()
  await p.goto(`${server.base}/`)
  await p.locator('[data-section=annual]').click()
  await p.waitForURL(/\/annual-reports$/)
  const item = p.getByTestId('portal-annual-item').filter({ hasText: '杭州市统计局' }).first()
  await item.waitFor()
  await assertNoHorizontalOverflow(p, 390)
  await item.click()
  await p.getByTestId('annual-numbers').waitFor()
  await p.getByTestId('annual-chart').first().waitFor()
  assert.match(await p.getByTestId('portal-annual-title').innerText(), new RegExp(`杭州市统计局 ${lastYear} 年度`))
  await assertNoHorizontalOverflow(p, 390)
  const text = await p.getByTestId('portal-annual').innerText()
  for (const name of ['施佳', '杨光明']) assert.ok(!text.includes(name), `no staff name ${name}`)
  await p.waitForTimeout(500)
  await shot(p, 'annual-portal-phone')
  await phone.close()
})
