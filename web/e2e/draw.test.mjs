// The witnessed draw in the browser, against a real server (fresh demo store): the city's unit
// head commits a draw from the demo plan, enters the witnesses and their numbers, draws and sees
// the teams; asks for a redraw, which only another person (the bureau head) may approve, and for
// the replacement of a drawn inspector, approved the same way. The portal shows the draw and
// re-runs it in the browser (drawVerify.ts in a Web Worker) → 已复现, on a desktop and on a 390px
// phone; files the visitor chose, one of them altered, are caught. The pages decide; the test
// reads what they show.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import path from 'node:path'
import { consoleLogin, launch, NEW_PASSWORD, newPage, openSpotcheckMenu, pickOption, SCREENSHOTS, shot } from './browser.mjs'

let server
let browser
/** The session the console test made (the portal tests use it, else the demo's). */
let drawnId = null

before(async () => {
  server = await startServer()
  browser = await launch()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const fresh = (viewport) => newPage(browser, { viewport, downloads: true })

async function phone() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  return { context, page: await context.newPage() }
}

const openMenu = openSpotcheckMenu

async function confirmBox(page, name) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.getByRole('button', { name }).click()
  await box.waitFor({ state: 'hidden' })
}

async function json(path) {
  const r = await fetch(server.base + path)
  assert.equal(r.status, 200, path)
  return r.json()
}

// R: DR-6, DR-12, DR-13, PUB-11
test('console: the unit head commits a draw from the demo plan, witnesses call numbers, the draw makes teams', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'hz_unit_head')
  await openMenu(page, '抽查批次', /\/console\/spotcheck\/draws$/)
  // The demo's witnessed draw of Hangzhou's 2026 plan, listed when filtered by state.
  await pickOption(page, page.getByTestId('draws-state'), '已抽取')
  await page.getByTestId('draws-search').click()
  await page.getByTestId('draws-table').locator('.el-table__row').first().waitFor()
  await shot(page, 'draw-console-list')

  // 新建抽查 from the published plan: the plan is the bureau's only published one; item 1.
  await page.getByTestId('draw-create').click()
  const dialog = page.getByTestId('draw-create-dialog')
  await dialog.waitFor()
  await pickOption(page, dialog.getByTestId('draw-plan'), '2026 年度')
  await pickOption(page, dialog.getByTestId('draw-item'), '统计调查对象')
  const hint = await dialog.getByTestId('draw-line-hint').innerText()
  assert.match(hint, /检查时间 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/)
  await shot(page, 'draw-console-create')
  await dialog.getByTestId('draw-create-save').click()
  await page.waitForURL(/\/console\/spotcheck\/draws\/\d+$/)
  drawnId = Number(new URL(page.url()).pathname.split('/').pop())
  await page.getByTestId('draw-state').filter({ hasText: '已公布承诺，待抽取' }).waitFor()
  const root = (await page.getByTestId('draw-pool-root').innerText()).trim()
  assert.match(root, /^[0-9a-f]{64}$/)

  // The commitment is public before the draw, with the same root.
  const before = await json(`/api/v1/public/draws/${drawnId}`)
  assert.equal(before.state, 'committed')
  assert.equal(before.commitment.pool_root, root)
  assert.equal(before.draw, null)

  // ② witnesses: a name left out is refused on the page; then two witnesses and their numbers.
  await page.getByTestId('draw-run').click()
  await page.getByText('抽取须有见证人在场，请至少登记一名见证人').waitFor()
  const rows = page.getByTestId('witness-row')
  await rows.nth(0).getByTestId('witness-name').fill('王纪检')
  await rows.nth(1).getByTestId('witness-name').fill('李群众')
  await page.getByTestId('witness-numbers').fill('  18   42 07\n 99 ')
  await page.getByTestId('draw-witness').scrollIntoViewIfNeeded()
  await shot(page, 'draw-console-witnesses')
  await page.getByTestId('draw-run').click()
  await confirmBox(page, '抽取')
  await page.getByTestId('draw-state').filter({ hasText: '已抽取' }).waitFor()

  // ④ the result: every selected object has a team with a leader and at least one more member.
  const selected = page.getByTestId('draw-selected')
  await selected.locator('.el-table__row').first().waitFor()
  const teams = await page.getByTestId('selected-team').allInnerTexts()
  assert.ok(teams.length > 0)
  for (const t of teams) {
    assert.match(t, /组长/)
    assert.match(t, /组员/)
  }
  const rules = await page.getByTestId('selected-rule').allInnerTexts()
  for (const r of rules) assert.ok(['重点单位每年必查', '严重失信每半年必查', '随机抽取', '全部检查'].includes(r.trim()), r)
  assert.match(await page.getByTestId('draw-summary').innerText(), /共选中 \d+ 家/)
  const shown = await page.getByTestId('draw-witness-shown').allInnerTexts()
  assert.deepEqual(shown.map((s) => s.trim()), ['王纪检（纪检监察）', '李群众（群众代表）'])
  await page.getByTestId('draw-result').scrollIntoViewIfNeeded()
  await shot(page, 'draw-console-result')

  // The staff check in the browser, and the root unchanged by the draw.
  await page.getByTestId('tab-files').click()
  await page.getByTestId('draw-verify-here').click()
  await page.getByTestId('draw-verify-result').filter({ hasText: '已复现' }).waitFor()
  const after = await json(`/api/v1/public/draws/${drawnId}`)
  assert.equal(after.state, 'drawn')
  assert.equal(after.commitment.pool_root, root)
  assert.equal(after.result.length, teams.length)

  // The printable record with its QR code.
  const [print] = await Promise.all([context.waitForEvent('page'), page.getByTestId('draw-print').click()])
  await print.getByTestId('draw-record').waitFor()
  await print.getByTestId('draw-qr').evaluate((img) => (img.complete && img.naturalWidth > 0) || new Promise((r) => (img.onload = r)))
  assert.match(await print.getByTestId('draw-record').innerText(), /王纪检/)
  await shot(print, 'draw-console-print')
  await context.close()
})

// R: DR-7
test('console: a replacement and a redraw need another person; the first draw stays public', async () => {
  assert.ok(drawnId, 'the first test made a draw')
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'hz_unit_head', { password: NEW_PASSWORD }) // changed at the first log-in
  await page.goto(`${server.base}/console/spotcheck/draws/${drawnId}`)
  await page.getByTestId('tab-tasks').click()

  // Replacement: asked for by the unit head with a reason from the list.
  const member = page.getByTestId('task-member').first()
  const leaving = (await member.locator('.mono').innerText()).trim()
  await member.getByTestId('replacement-request').click()
  const rq = page.getByTestId('replacement-dialog')
  await rq.getByTestId('replacement-reason').getByText('工作冲突').click()
  await rq.getByTestId('replacement-save').click()
  await page.getByTestId('replacements-pending').waitFor()
  // The requester cannot decide it.
  assert.equal(await page.getByTestId('replacement-decide').count(), 0)

  // Redraw: asked with a reason; the requester gets no approve button.
  await page.getByTestId('draw-redraw').click()
  await page.getByTestId('redraw-reason').fill('见证人之一与被抽中单位存在利害关系，依规重新抽取')
  await page.getByTestId('redraw-save').click()
  await page.waitForURL((u) => /\/draws\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${drawnId}`))
  const redrawId = Number(new URL(page.url()).pathname.split('/').pop())
  await page.getByTestId('draw-state').filter({ hasText: '重新抽取待批准' }).waitFor()
  assert.equal(await page.getByTestId('draw-approve').count(), 0)
  await context.close()

  // The bureau head approves both.
  const head = await fresh()
  await consoleLogin(head.page, server.base, 'hz_head')
  await head.page.goto(`${server.base}/console/spotcheck/draws/${redrawId}`)
  await head.page.getByTestId('draw-approve').click()
  const ap = head.page.getByTestId('approve-dialog')
  await ap.getByTestId('approve-choice').getByText('批准重新抽取').click()
  await ap.getByTestId('approve-opinion').fill('同意重新抽取')
  await ap.getByTestId('approve-save').click()
  await head.page.getByTestId('draw-state').filter({ hasText: '已公布承诺，待抽取' }).waitFor()
  // Approved: public now, beside the first draw, which stays public.
  const redraw = await json(`/api/v1/public/draws/${redrawId}`)
  assert.equal(redraw.redraw_of, drawnId)
  assert.equal((await json(`/api/v1/public/draws/${drawnId}`)).state, 'drawn')

  await head.page.goto(`${server.base}/console/spotcheck/draws/${drawnId}`)
  await head.page.getByTestId('tab-tasks').click()
  await head.page.getByTestId('replacement-decide').first().click()
  const dd = head.page.getByTestId('replacement-decide-dialog')
  await dd.getByText('批准，随机抽取替换人员').click()
  await dd.locator('textarea').fill('同意更换')
  await dd.getByTestId('replacement-decide-save').click()
  await head.page.getByTestId('replacements-decided').waitFor()
  assert.match(await head.page.getByTestId('replacements-decided').innerText(), /已批准（第 1 次随机替换）/)
  const now = (await head.page.getByTestId('task-member').first().locator('.mono').innerText()).trim()
  assert.notEqual(now, leaving, 'the first member was replaced by a drawn one')
  assert.match(await head.page.getByTestId('draw-tasks').innerText(), new RegExp(`已更换：.*（${leaving}）`))
  await head.page.getByTestId('draw-tasks').scrollIntoViewIfNeeded()
  await shot(head.page, 'draw-console-tasks')
  await head.context.close()
})

async function verifyOnPortal(page, path) {
  await page.goto(server.base + path)
  await page.getByTestId('draw-result').waitFor()
  await page.getByTestId('verify-draw').click()
  const verdict = page.getByTestId('draw-verdict')
  await verdict.waitFor({ timeout: 60000 })
  return verdict
}

// R: PUB-11, DR-6
test('portal: the draws list and the draw page; the draw re-run in the browser → 已复现', async () => {
  const id = drawnId ?? (await json('/api/v1/public/draws?state=drawn')).items.at(-1).id
  const { context, page } = await fresh({ width: 1366, height: 900 })
  await page.goto(`${server.base}/draws`)
  const card = page.getByTestId('public-draw').filter({ has: page.locator(`a[href="/draws/${id}"]`) })
  await card.first().waitFor()
  assert.match(await card.first().innerText(), /名单根哈希/)
  await shot(page, 'draw-portal-list')

  const verdict = await verifyOnPortal(page, `/draws/${id}`)
  assert.equal(await verdict.getAttribute('data-ok'), 'true', await verdict.innerText())
  assert.match(await verdict.innerText(), /已复现/)
  assert.ok((await page.getByTestId('draw-witnesses').locator('li').count()) >= 1)
  await shot(page, 'draw-portal-desktop')

  // Files the visitor chose: the published certificate with a pool whose one row was altered.
  const cert = await (await fetch(`${server.base}/api/v1/public/draws/${id}/certificate.json`)).text()
  const pool = await (await fetch(`${server.base}/api/v1/public/draws/${id}/pool.csv`)).text()
  const lines = pool.split('\n')
  const k = lines.findIndex((l) => /^object,[^,"]+,[^,"]+,/.test(l))
  lines[k] = lines[k].replace(/^(object,[^,"]+,)/, '$1改')
  await page.getByTestId('verify-source-files').check()
  await page.getByTestId('verify-cert-file').setInputFiles({ name: 'certificate.json', mimeType: 'application/json', buffer: Buffer.from(cert) })
  await page.getByTestId('verify-pool-file').setInputFiles({ name: 'pool.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) })
  await page.getByTestId('verify-draw').click()
  const bad = page.getByTestId('draw-verdict')
  await bad.filter({ hasText: '未能复现' }).waitFor({ timeout: 60000 })
  assert.equal(await bad.getAttribute('data-ok'), 'false')
  assert.match(await bad.innerText(), /pool_root/)
  // The untouched files reproduce.
  await page.getByTestId('verify-pool-file').setInputFiles({ name: 'pool.csv', mimeType: 'text/csv', buffer: Buffer.from(pool) })
  await page.getByTestId('verify-draw').click()
  await page.locator('[data-testid=draw-verdict][data-ok=true]').waitFor({ timeout: 60000 })
  await context.close()
})

test('portal on a 390px phone: the QR code address /portal/draws/:id opens the page and verifies', async () => {
  const id = drawnId ?? (await json('/api/v1/public/draws?state=drawn')).items.at(-1).id
  const { context, page } = await phone()
  const verdict = await verifyOnPortal(page, `/portal/draws/${id}`)
  assert.equal(await verdict.getAttribute('data-ok'), 'true', await verdict.innerText())
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= 390, `the draw page is ${w}px wide at 390px`)
  await page.getByTestId('draw-result').scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(SCREENSHOTS, 'draw-portal-phone-result.png') })
  await verdict.scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(SCREENSHOTS, 'draw-portal-phone.png') })
  await page.goto(`${server.base}/draws`)
  await page.getByTestId('public-draw').first().waitFor()
  const w2 = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w2 <= 390, `the draws list is ${w2}px wide at 390px`)
  await shot(page, 'draw-portal-phone-list')
  await context.close()
})
