// The supervisor's dashboard in the browser (INF-3, REC-18, REC-24, INF-1): the demo's heads open
// 监督看板 from the menu and see the number cards and the ECharts charts drawn; two photos of
// Hangzhou are uploaded 30 and 50 hours after they were taken (through the API, as hz_head); the
// card of late uploads then says how many, its drill-down lists exactly that many rows, and a row
// opens its record. A county head sees only the county; an inspector has no such page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { consoleLogin, launch, menuTitles, newPage, openMenu, shot } from './browser.mjs'

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

const tableRows = (scope) => scope.locator('.el-table__body-wrapper .el-table__row')

/** Uploads a photo taken `hours` ago, in the signed-in user's session (cookie and CSRF token). */
async function latePhoto(page, hours) {
  return page.evaluate(async (h) => {
    const me = await (await fetch('/api/v1/auth/me')).json()
    const taken = new Date(Date.now() - h * 3600 * 1000).toISOString()
    const q = new URLSearchParams({ kind: 'photo', title: `现场照片${h}`, filename: 'p.jpg', captured_at: taken, late_reason: '执法记录仪故障，次日补传' })
    const r = await fetch(`/api/v1/evidence?${q}`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg', 'X-CSRF-Token': me.csrf_token },
      body: `jpeg bytes ${h} ${Math.random()}`,
    })
    return r.status
  }, hours)
}

async function cardValue(page, code) {
  const v = page.getByTestId(`card-value-${code}`)
  await v.waitFor()
  await page.waitForFunction((id) => /^\d+$/.test(document.querySelector(`[data-testid=${id}]`)?.textContent?.trim() ?? ''), `card-value-${code}`)
  return Number((await v.innerText()).trim())
}

// R: INF-3, REC-18, REC-24, INF-1
test('hz_head sees the cards and charts, a card drills down to as many rows as it says, a row opens its record', async () => {
  const { context, page } = await newPage(browser)
  await consoleLogin(page, server.base, 'hz_head')
  assert.ok((await menuTitles(page)).includes('监督看板'))
  assert.equal(await latePhoto(page, 50), 201)
  assert.equal(await latePhoto(page, 30), 201)

  await openMenu(page, '执法监督', '监督看板', /\/console\/supervision$/)
  await page.getByTestId('supervision-page').waitFor()
  // The charts are drawn: ECharts puts a canvas in each chart box.
  for (const id of ['chart-breakdown', 'chart-mobile', 'chart-reviews', 'chart-coverage', 'chart-workload']) {
    await page.getByTestId(id).locator('canvas').first().waitFor()
  }
  const late = await cardValue(page, 'late_uploads')
  assert.ok(late >= 2, `late uploads ${late}`)
  await shot(page, 'supervision-dashboard')

  await page.getByTestId('card-late_uploads').click()
  const drawer = page.getByTestId('drill')
  await drawer.locator('[data-testid=drill-total]').waitFor()
  assert.equal((await drawer.getByTestId('drill-total').innerText()).trim(), `共 ${late} 条`)
  const rows = tableRows(drawer.getByTestId('drill-table'))
  await rows.first().waitFor()
  assert.equal(await rows.count(), Math.min(late, 20))
  assert.match(await rows.first().innerText(), /现场照片50/)
  await shot(page, 'supervision-drill')
  // The photos belong to no case: the row opens the evidence list.
  await rows.first().click()
  await page.waitForURL(/\/console\/evidence$/)

  // Back on the dashboard, a zero card drills down to an empty list.
  await page.goto(`${server.base}/console/supervision`)
  const zero = await cardValue(page, 'archive_overdue')
  await page.getByTestId('card-archive_overdue').click()
  await page.getByTestId('drill-total').waitFor()
  assert.equal((await page.getByTestId('drill-total').innerText()).trim(), `共 ${zero} 条`)
  await context.close()
})

// R: INF-3, ORG-1
test('a county head sees only the county; an inspector has no dashboard', async () => {
  const { context, page } = await newPage(browser)
  await consoleLogin(page, server.base, 'xh_head')
  await page.goto(`${server.base}/console/supervision`)
  await page.getByTestId('supervision-page').waitFor()
  await page.getByText(/西湖区统计局 及下级机构/).waitFor()
  assert.equal(await cardValue(page, 'late_uploads'), 0)
  await context.close()

  const other = await newPage(browser)
  await consoleLogin(other.page, server.base, 'hz_insp1')
  assert.ok(!(await menuTitles(other.page)).includes('监督看板'))
  await other.page.goto(`${server.base}/console/supervision`)
  await other.page.waitForURL(/\/console\/forbidden$/)
  await other.context.close()
})
