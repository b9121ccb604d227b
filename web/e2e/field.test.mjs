// A drawn spot check done on the phone from start to finish (REC-6, REC-7, REC-10, DR-8..DR-10,
// DR-9, INF-1, PUB-6) in Chromium at 390×844: hz_insp1 opens a task, shows certificates, serves
// the notice, answers the check points with photos while offline (reloading the page offline,
// then back online: every queued act sent exactly once), is refused a refusal to sign without a
// recording, records it with a video, records the outcome and completes. Then the e-certificate
// and its portal verification, and the console's 检查记录 with the phone's share.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { DEMO_PASSWORD, NEW_PASSWORD, consoleLogin, launch, newPage, openMenu, shot, phoneContext, assertNoHorizontalOverflow } from './browser.mjs'

let server
let browser
let context
let page
let inspectionId

before(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, 390, 844)
  page = await context.newPage()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const noHorizontalOverflow = () => assertNoHorizontalOverflow(page, 390)

const jpeg = (n) => ({ name: `point-${n}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(`\xff\xd8\xff\xe0 photo of point ${n}`) })

async function apiGet(path) {
  return page.evaluate(async (p) => (await fetch('/api/v1' + p)).json(), path)
}

// Waits until the page shows no toast (vant toasts sit over the buttons).
async function toastGone() {
  await page.locator('.van-toast').first().waitFor({ state: 'hidden' }).catch(() => undefined)
}

async function answerPoint(no, withPhoto) {
  const point = page.getByTestId(`point-${no}`)
  if (withPhoto) {
    await page.getByTestId(`point-photo-${no}`).setInputFiles(jpeg(no))
    await point.getByText('已拍 1 张').waitFor()
  }
  await point.locator('.van-radio__label', { hasText: /^符合$/ }).click()
  await page.getByTestId(`save-point-${no}`).click()
  await point.locator('.van-tag--success').waitFor()
  await toastGone()
}

test('the inspector signs in on the phone and sees today’s tasks', async () => {
  await page.goto(`${server.base}/m/login`)
  await page.locator('input[name=username]').fill('hz_insp1')
  await page.locator('input[name=password]').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(/\/m\/password/)
  await page.locator('input[name=old_password]').fill(DEMO_PASSWORD)
  await page.locator('input[name=new_password]').fill(NEW_PASSWORD)
  await page.locator('input[name=confirm]').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: '确认修改' }).click()
  await page.waitForURL((u) => u.pathname === '/m/')
  await page.locator('.task').first().waitFor()
  const tabs = await page.getByTestId('task-tabs').locator('.van-tab').allInnerTexts()
  assert.match(tabs[0], /今日 2/)
  await toastGone()
  await noHorizontalOverflow()
  await shot(page, 'field-tasks')
})

test('starts the check, shows certificates and serves the notice (REC-6, REC-7)', async () => {
  await page.locator('.task').first().click()
  await page.waitForURL(/\/m\/task\/\d+/)
  await page.getByTestId('start').click()
  await page.getByTestId('progress').waitFor()
  await toastGone()
  await page.getByTestId('save-certificate').click()
  await page.getByTestId('stage-certificate').getByText('已记录').waitFor()
  await toastGone()
  await page.getByTestId('save-notice').click()
  await page.getByTestId('stage-notice').getByText('已记录').waitFor()
  await toastGone()
  assert.equal(await page.getByTestId('progress-count').innerText(), '2/7')
  const list = await apiGet('/inspections?mine=1')
  assert.equal(list.total, 1)
  inspectionId = list.items[0].id
  // The service worker controls the page and has the shell before the network goes.
  await page.evaluate(() => navigator.serviceWorker.ready)
  await page.waitForFunction(async () => (await caches.keys()).length > 0 && !!(await caches.match('/m/')))
  await noHorizontalOverflow()
  await shot(page, 'field-started')
})

test('offline: the check points are queued, survive a reload, and are sent exactly once online (DR-9)', async () => {
  await context.setOffline(true)
  for (const no of [1, 2, 3]) await answerPoint(no, true)
  for (const no of [4, 5]) await answerPoint(no, false)
  // 3 photos + 5 answers wait to be sent.
  await page.getByTestId('pending-banner').getByText('待同步 8 项').waitFor()
  await shot(page, 'field-offline-queued')
  await page.reload()
  await page.getByTestId('pending-banner').getByText('待同步 8 项').waitFor()
  await page.getByTestId('point-5').locator('.van-tag--success').waitFor()
  await shot(page, 'field-offline-reloaded')
  const before = await page.evaluate(() => navigator.onLine)
  assert.equal(before, false)

  await context.setOffline(false)
  await page.getByTestId('pending-banner').waitFor({ state: 'detached', timeout: 20000 })
  const d = await apiGet(`/inspections/${inspectionId}`)
  assert.equal(d.steps.filter((s) => s.kind === 'answer').length, 5, 'each answer recorded once')
  assert.equal(d.evidence.filter((e) => e.kind === 'photo').length, 3, 'each photo uploaded once')
  assert.ok(d.steps.every((s) => s.channel === 'mobile'))
  assert.deepEqual(d.steps.find((s) => s.kind === 'answer' && s.data.point_no === 1).data.evidence_ids.length, 1)
  await page.reload()
  await page.getByTestId('stage-points').getByText('逐项检查（5/5）').waitFor()
})

test('a refusal to sign needs a recording; with a video it is recorded (REC-7, REC-10)', async () => {
  // The signature pad takes a finger's strokes.
  const pad = page.getByTestId('signature-pad')
  await pad.scrollIntoViewIfNeeded()
  const box = await pad.boundingBox()
  await page.mouse.move(box.x + 30, box.y + 90)
  await page.mouse.down()
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 18, box.y + 90 + Math.sin(i) * 40)
  await page.mouse.up()
  await shot(page, 'field-signature-pad')

  await page.getByTestId('mode-refuse').click()
  await page.locator('textarea[name=refusal_reason]').fill('当事人对检查结论有异议，拒绝在笔录上签字')
  await page.getByTestId('save-refusal').click()
  const dialog = page.locator('.van-dialog')
  await dialog.getByText('拒签过程的录音或录像').waitFor()
  await shot(page, 'field-refusal-refused')
  await dialog.getByRole('button', { name: '确认' }).click()
  await dialog.waitFor({ state: 'hidden' })

  await page.getByTestId('refusal-av').setInputFiles({ name: 'refusal.mp4', mimeType: 'video/mp4', buffer: Buffer.from('a short video of the refusal') })
  await page.getByTestId('stage-party').getByText('拒签过程录像').waitFor()
  await page.getByTestId('save-refusal').click()
  await page.getByTestId('stage-party').getByText('已记录拒签').waitFor()
  await toastGone()
  // The video is also the on-site recording.
  await page.getByTestId('stage-av').getByText('已记录').waitFor()
})

test('the outcome is recorded and the check completed (DR-10)', async () => {
  await page.getByTestId('outcome-rectification').click()
  await page.getByTestId('stage-outcome').locator('textarea').fill('建立健全统计台账，按时报送统计资料')
  await page.getByTestId('stage-outcome').getByPlaceholder('YYYY-MM-DD').fill('2026-12-31')
  await page.getByTestId('save-outcome').click()
  await page.getByTestId('stage-outcome').getByText('已记录').waitFor()
  await toastGone()
  await page.getByTestId('complete').click()
  await page.getByText('检查已完成').waitFor()
  // The button says so as soon as the step is queued; the server has it once the queue is empty.
  await page.getByTestId('pending-banner').waitFor({ state: 'detached' })
  await toastGone()
  assert.equal(await page.getByTestId('progress-count').innerText(), '7/7')
  const d = await apiGet(`/inspections/${inspectionId}`)
  assert.equal(d.state, 'completed')
  assert.equal(d.all_mobile, true)
  assert.equal(d.outcome, 'rectification')
  await noHorizontalOverflow()
  await shot(page, 'field-completed')
})

test('the e-certificate’s QR opens a verification that says genuine and recent (PUB-6)', async () => {
  await page.goto(`${server.base}/m/cert`)
  await page.getByTestId('cert-qr').locator('svg').waitFor()
  const no = await page.getByTestId('cert-no').innerText()
  await noHorizontalOverflow()
  await shot(page, 'field-cert')
  const href = await page.getByTestId('cert-verify-link').getAttribute('href')
  assert.match(href, new RegExp(`/portal/cert/${no}\\?t=`))
  const verify = await context.newPage()
  await verify.goto(href)
  await verify.getByTestId('cert-verdict').waitFor()
  assert.match(await verify.getByTestId('cert-verdict').innerText(), /核验码真实且为刚刚出示/)
  await verify.screenshot({ path: new URL('./screenshots/field-cert-verify.png', import.meta.url).pathname, fullPage: true })
  await verify.goto(href.replace(/t=.*/, 't=1700000000.AAAAAAAAAAAAAAAAAAAAAA'))
  await verify.getByTestId('cert-verdict').waitFor()
  assert.match(await verify.getByTestId('cert-verdict').innerText(), /核验码无效/)
  await verify.close()
})

test('the console lists the inspection with its steps and the phone share (INF-1)', async () => {
  const { context: cctx, page: cpage } = await newPage(browser)
  await consoleLogin(cpage, server.base, 'hz_unit_head')
  await openMenu(cpage, '双随机', '检查记录', /\/console\/spotcheck\/inspections$/)
  await cpage.getByTestId('inspections-table').locator('.el-table__row').first().waitFor()
  assert.equal(await cpage.getByTestId('inspection-share').innerText(), '100%')
  await cpage.screenshot({ path: new URL('./screenshots/field-console-list.png', import.meta.url).pathname, fullPage: true })
  await cpage.getByTestId('inspections-table').getByText('已完成').first().click()
  await cpage.getByTestId('inspection-steps').waitFor()
  const text = await cpage.getByTestId('inspection-steps').innerText()
  for (const part of ['送达检查通知书', '出示执法证件', '当事人拒绝签名', '检查结果处理', '完成检查']) assert.ok(text.includes(part), part)
  await cpage.screenshot({ path: new URL('./screenshots/field-console-detail.png', import.meta.url).pathname, fullPage: true })
  await cctx.close()
})
