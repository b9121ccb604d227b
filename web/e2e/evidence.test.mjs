// Evidence in the browser: devices registered and handed out, photos uploaded from the console
// and from a phone, the 24-hour rule, previews recorded as reads, and disposal by two people.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { deflateSync } from 'node:zlib'
import { startServer } from './server.mjs'
import { DEMO_PASSWORD, NEW_PASSWORD, SCREENSHOTS, consoleLogin, launch, shot } from './browser.mjs'

let server
let browser
let dir

before(async () => {
  server = await startServer()
  browser = await launch()
  dir = mkdtempSync(path.join(tmpdir(), 'zhifa-e2e-files-'))
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

// --- Test files: real PNG images made here (no fixtures on disk).

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
/** An RGB PNG of w×h; `noise` fills it with pseudo-random pixels (incompressible, so large). */
function png(w, h, { seed = 1, noise = false } = {}) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const raw = Buffer.alloc((w * 3 + 1) * h)
  let x = seed >>> 0 || 1
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1)
    raw[row] = 0
    for (let i = 0; i < w; i++) {
      const p = row + 1 + i * 3
      if (noise) {
        for (let k = 0; k < 3; k++) {
          x ^= x << 13
          x ^= x >>> 17
          x ^= x << 5
          raw[p + k] = x & 0xff
        }
      } else {
        raw[p] = (i * 255) / w
        raw[p + 1] = (y * 255) / h
        raw[p + 2] = (seed * 40) & 0xff
      }
    }
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: noise ? 0 : 6 })), chunk('IEND', Buffer.alloc(0))])
}
function writeFile(name, bytes) {
  const p = path.join(dir, name)
  writeFileSync(p, bytes)
  return p
}
const sm3 = (bytes) => createHash('sm3').update(bytes).digest('hex')

/** Shanghai wall-clock text "YYYY-MM-DD HH:mm:ss" for an instant. */
function shanghai(ms) {
  return new Date(ms + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ')
}

async function fresh(viewport = { width: 1366, height: 860 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  return { context, page }
}

async function openEvidence(page) {
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '执法音像记录' }).click()
  await page.waitForURL(/\/console\/evidence$/)
  await page.getByTestId('evidence-table').waitFor()
}

/** The newest evidence item the signed-in user sees (the page's session cookie, GET). */
async function latestEvidence(page) {
  return page.evaluate(async () => (await (await fetch('/api/v1/evidence?page_size=1')).json()).items[0])
}

function row(page, title) {
  return page.locator('[data-testid=evidence-table] .el-table__body-wrapper .el-table__row', { hasText: title })
}

/** Picks an option of an Element Plus select (its list is appended to <body>). */
async function pickOption(page, select, text, { type } = {}) {
  await select.click()
  if (type) await select.locator('input').fill(type)
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first()
  await option.waitFor()
  await option.click()
}

/** Sets the upload dialog's capture time (Shanghai) by typing it. */
async function setCaptured(page, text) {
  const input = page.locator('[data-testid=upload-dialog] .el-date-editor input')
  await input.click()
  await input.fill(text)
  await input.press('Enter')
  await page.locator('[data-testid=upload-dialog] .el-dialog__title').click()
  assert.equal(await input.inputValue(), text)
}

/** Opens the upload dialog and chooses a file; returns the dialog. */
async function startUpload(page, file, title) {
  await page.getByTestId('evidence-upload').click()
  const dialog = page.getByTestId('upload-dialog')
  await dialog.waitFor()
  await dialog.getByTestId('upload-file').setInputFiles(file)
  await dialog.getByTestId('upload-file-info').waitFor()
  if (title) await dialog.locator('input[name=title]').fill(title)
  return dialog
}

// R: REC-23 — the unit registers a body camera and hands it to a named inspector; the handing-over is on the device's record.
test('hz_unit_head registers a device and assigns it to an inspector', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'hz_unit_head')
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '音像设备' }).click()
  await page.waitForURL(/\/console\/evidence\/devices/)
  const table = page.getByTestId('device-table')
  await table.locator('.el-table__row', { hasText: 'HZ-ZFJLY-001' }).waitFor()
  // The demo cameras in Hangzhou, with their holders.
  assert.match(await table.locator('.el-table__row', { hasText: 'HZ-ZFJLY-002' }).innerText(), /许丹/)
  assert.match(await table.locator('.el-table__row', { hasText: 'HZ-SXJ-001' }).innerText(), /在库/)

  await page.getByTestId('device-register').click()
  const dialog = page.getByTestId('device-dialog')
  await dialog.waitFor()
  await dialog.locator('input[name=serial_no]').fill('HZ-ZFJLY-010')
  await dialog.locator('input[name=model]').fill('警翼 X9')
  await shot(page, 'console-device-register')
  await dialog.getByTestId('device-save').click()
  await page.locator('.el-message--success', { hasText: '已登记设备 HZ-ZFJLY-010' }).waitFor()
  const made = table.locator('.el-table__row', { hasText: 'HZ-ZFJLY-010' })
  await made.waitFor()
  let text = await made.innerText()
  assert.match(text, /杭州市统计局/)
  assert.match(text, /执法记录仪/)
  assert.match(text, /警翼 X9/)
  assert.match(text, /在库/)

  // A serial number already registered is refused on its field.
  await page.getByTestId('device-register').click()
  await dialog.locator('input[name=serial_no]').fill('HZ-ZFJLY-010')
  await dialog.locator('input[name=model]').fill('警翼 X9')
  await dialog.getByTestId('device-save').click()
  await dialog.locator('.el-form-item__error', { hasText: '已登记' }).waitFor()
  await dialog.getByRole('button', { name: '取消' }).click()

  await made.getByTestId('device-assign').click()
  const assign = page.getByTestId('assign-dialog')
  await assign.waitFor()
  await pickOption(page, assign.locator('.el-select'), '何勇', { type: '何勇' })
  await assign.getByTestId('assign-save').click()
  await page.locator('.el-message--success', { hasText: '已由 何勇 领用' }).waitFor()
  await made.filter({ hasText: '何勇' }).waitFor()
  text = await made.innerText()
  assert.match(text, /何勇（hz_insp3）/)

  await made.getByRole('button', { name: '详情' }).click()
  const drawer = page.getByTestId('device-drawer')
  const history = drawer.getByTestId('device-history')
  await history.waitFor()
  assert.match(await history.innerText(), /由 何勇（hz_insp3）领用[\s\S]*经办：朱建华/)
  await shot(page, 'console-device-detail')
  await drawer.locator('.el-drawer__close-btn').click()
  await drawer.waitFor({ state: 'hidden' })

  // Retired with a reason: the holder returns it, and it leaves the in-service list.
  await made.getByRole('button', { name: '停用' }).click()
  const retire = page.locator('.el-dialog', { hasText: '停用设备' })
  await retire.getByRole('button', { name: '停用' }).click()
  await retire.locator('.el-form-item__error', { hasText: '请填写停用原因' }).waitFor()
  await retire.locator('textarea').fill('镜头损坏，报废')
  await retire.getByRole('button', { name: '停用' }).click()
  await page.locator('.el-message--success', { hasText: '设备 HZ-ZFJLY-010 已停用' }).waitFor()
  await made.waitFor({ state: 'detached' })
  await pickOption(page, page.getByTestId('device-status-filter'), '已停用')
  await page.getByRole('button', { name: '搜索' }).click()
  await made.filter({ hasText: '已停用' }).waitFor()
  await made.getByRole('button', { name: '详情' }).click()
  await history.filter({ hasText: '归还入库' }).waitFor()
  assert.equal(await made.getByTestId('device-assign').count(), 0)
  await context.close()
})

// R: REC-18, REC-22 — an inspector uploads a real photo with progress; it is kept by its SM3 hash, and the preview is loaded only on request (each opening is a recorded read).
test('hz_insp1 uploads a PNG through the console, finds it in the list and previews it', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'hz_insp1')
  await openEvidence(page)
  await page.getByText('暂无执法音像记录').waitFor()

  // ~700 KB of noise, sent over a throttled link so the progress bar has time to move.
  const bytes = png(480, 480, { seed: 7, noise: true })
  const file = writeFile('site-photo.png', bytes)
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 300 * 1024 })

  const dialog = await startUpload(page, file)
  assert.equal(await dialog.locator('input[name=title]').inputValue(), 'site-photo')
  assert.equal(await dialog.locator('[data-testid=upload-kind] .el-radio.is-checked').innerText(), '照片')
  // The capture time defaults to the file's modification time, shown in Beijing time.
  const captured = await dialog.locator('.el-date-editor input').inputValue()
  assert.match(captured, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  assert.ok(Math.abs(Date.parse(captured.replace(' ', 'T') + '+08:00') - Date.now()) < 120e3, captured)
  assert.equal(await dialog.getByTestId('upload-late').count(), 0)
  await dialog.locator('input[name=title]').fill('现场照片（门牌）')

  const seen = new Set()
  const progress = dialog.getByTestId('upload-progress')
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/v1/evidence?'))
  await dialog.getByTestId('upload-submit').click()
  await progress.waitFor()
  await shot(page, 'console-evidence-uploading')
  while ((await dialog.isVisible()) && seen.size < 50) {
    const t = await progress.locator('.el-progress__text, .el-progress-bar__innerText').first().innerText().catch(() => '')
    if (t) seen.add(t.trim())
    await page.waitForTimeout(100)
  }
  const res = await posted
  assert.equal(res.status(), 201)
  const req = res.request()
  assert.equal(req.headers()['content-type'], 'image/png')
  assert.ok(req.headers()['x-csrf-token'], 'the upload carries the CSRF token')
  const url = new URL(req.url())
  assert.equal(url.searchParams.get('kind'), 'photo')
  assert.equal(url.searchParams.get('filename'), 'site-photo.png')
  assert.match(url.searchParams.get('captured_at'), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  assert.ok([...seen].some((t) => /^([1-9]|[1-9]\d)%$/.test(t)), `progress shown between 0 and 100: ${[...seen]}`)
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  await page.locator('.el-message--success', { hasText: '已上传“现场照片（门牌）”' }).waitFor()
  const item = await latestEvidence(page)
  assert.equal(item.title, '现场照片（门牌）')
  const r = row(page, '现场照片（门牌）')
  await r.waitFor()
  const rowText = await r.innerText()
  assert.match(rowText, /照片/)
  assert.match(rowText, /尤振华/)
  assert.match(rowText, /正常/)

  // Opening the detail does not open the file.
  const contentRequests = []
  page.on('request', (q) => {
    if (q.url().includes(`/api/v1/evidence/${item.id}/content`)) contentRequests.push(q.url())
  })
  await r.getByRole('button', { name: '现场照片（门牌）' }).click()
  const drawer = page.getByTestId('evidence-drawer')
  await drawer.getByTestId('evidence-hash').waitFor()
  assert.equal(await drawer.getByTestId('evidence-hash').innerText(), sm3(bytes))
  const meta = await drawer.getByTestId('evidence-meta').innerText()
  assert.match(meta, new RegExp(`${bytes.length.toLocaleString('en-US')} 字节`))
  assert.match(meta, /image\/png/)
  assert.match(meta, /保存至 \d{4}-\d{2}-\d{2}/)
  assert.equal(await drawer.getByTestId('evidence-seq').innerText(), String(item.ledger_seq))
  assert.match(await drawer.getByTestId('evidence-preview').innerText(), /调阅/)
  assert.equal(await drawer.getByTestId('evidence-image').count(), 0)
  assert.equal(contentRequests.length, 0)
  await shot(page, 'console-evidence-detail')

  await drawer.getByTestId('evidence-view').click()
  const img = drawer.getByTestId('evidence-image')
  await img.waitFor()
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=evidence-image]')
    return el && el.complete && el.naturalWidth > 0
  })
  assert.equal(await img.evaluate((el) => el.naturalWidth), 480)
  assert.deepEqual(contentRequests, [`${server.base}/api/v1/evidence/${item.id}/content?inline=1`])
  assert.equal(await drawer.getByTestId('evidence-download').getAttribute('href'), `/api/v1/evidence/${item.id}/content`)
  await shot(page, 'console-evidence-preview')
  await context.close()
})

// R: REC-18 — captured two days ago: the page asks for the reason before sending; the server's refusal (the device had no holder then, REC-23) shows on its field; then the upload is on the 超时上传 list.
test('an upload two days after capture needs a late reason and is listed under 超时上传', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'hz_insp1', { password: NEW_PASSWORD })
  await openEvidence(page)
  const posts = []
  page.on('request', (q) => {
    if (q.method() === 'POST' && q.url().includes('/api/v1/evidence?')) posts.push(q.url())
  })

  const dialog = await startUpload(page, writeFile('late.png', png(64, 48, { seed: 3 })), '两天前的现场照片')
  await setCaptured(page, shanghai(Date.now() - 2 * 86400e3))
  const late = dialog.getByTestId('upload-late')
  await late.waitFor()
  assert.match(await late.innerText(), /超过 24 小时/)
  await dialog.getByTestId('upload-submit').click()
  await late.locator('.el-form-item__error', { hasText: '须说明迟延上传的原因' }).waitFor()
  assert.equal(posts.length, 0, 'nothing is sent without the reason')
  await shot(page, 'console-evidence-late-reason')

  await dialog.locator('textarea[name=late_reason]').fill('现场无网络信号，返回单位后补传')
  // The body camera was handed out when the demo was set up, after this capture time.
  await pickOption(page, dialog.getByTestId('upload-device'), 'HZ-ZFJLY-001')
  await dialog.getByTestId('upload-submit').click()
  const deviceItem = dialog.locator('.el-form-item', { has: page.getByTestId('upload-device') })
  await deviceItem.locator('.el-form-item__error', { hasText: '该设备未登记领用人' }).waitFor()
  assert.equal(posts.length, 1)
  await deviceItem.locator('.el-select').hover()
  await deviceItem.locator('.el-select__clear, .el-select .el-icon.el-select__clear').first().click()

  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/v1/evidence?'))
  await dialog.getByTestId('upload-submit').click()
  const res = await posted
  assert.equal(res.status(), 201)
  await page.locator('.el-message--success', { hasText: '（超时上传）' }).waitFor()
  const item = await latestEvidence(page)
  assert.equal(item.title, '两天前的现场照片')
  assert.equal(item.overdue, true)
  assert.equal(item.late_reason, '现场无网络信号，返回单位后补传')

  await page.getByTestId('tab-overdue').click()
  const r = row(page, '两天前的现场照片')
  await r.waitFor()
  const text = await r.innerText()
  assert.match(text, /超过时限 1 天/)
  assert.match(text, /原因：现场无网络信号/)
  assert.match(text, /超时上传/)
  // The photo uploaded on time is not on the supervisor's list.
  assert.equal(await row(page, '现场照片（门牌）').count(), 0)
  await shot(page, 'console-evidence-overdue')
  await context.close()
})

/** Mobile log-in with the forced password change. */
async function mobileLogin(page, username) {
  await page.goto(`${server.base}/m/login`)
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(/\/m\/password/)
  await page.locator('input[name=old_password]').fill(DEMO_PASSWORD)
  await page.locator('input[name=new_password]').fill(NEW_PASSWORD)
  await page.locator('input[name=confirm]').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: '确认修改' }).click()
  await page.waitForURL((u) => u.pathname === '/m/')
}

// R: REC-18, REC-23 — on a phone: photo straight from the camera input, the inspector's own body camera preselected, progress, and the upload in the recent list; fits 375px.
test('mobile 375px: hz_insp2 takes a photo and uploads it with the held camera preselected', async () => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const page = await context.newPage()
  const noOverflow = async () => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(w <= 375, `page is ${w}px wide at a 375px viewport`)
  }
  await mobileLogin(page, 'hz_insp2')
  await page.locator('.van-toast').waitFor({ state: 'hidden' })
  const tabbar = page.getByTestId('m-tabbar')
  await tabbar.getByText('音像').click()
  await page.waitForURL(/\/m\/evidence/)
  await page.getByTestId('m-evidence').waitFor()
  await page.getByText('还没有上传记录').waitFor()
  // The capture inputs open the phone's camera, video camera and recorder.
  assert.equal(await page.getByTestId('m-take-photo').getAttribute('accept'), 'image/*')
  assert.equal(await page.getByTestId('m-take-photo').getAttribute('capture'), 'environment')
  assert.equal(await page.getByTestId('m-take-video').getAttribute('accept'), 'video/*')
  assert.equal(await page.getByTestId('m-take-audio').getAttribute('accept'), 'audio/*')
  assert.notEqual(await page.getByTestId('m-take-audio').getAttribute('capture'), null)
  await noOverflow()
  await shot(page, 'm-evidence-empty')

  // A photo of ~230 KB over a slow mobile uplink, so the progress bar shows.
  await page.getByTestId('m-take-photo').setInputFiles(writeFile('IMG_20261125_0930.png', png(320, 240, { seed: 5, noise: true })))
  const form = page.getByTestId('m-upload-form')
  await form.waitFor()
  assert.match(await page.getByTestId('m-device').locator('input').inputValue(), /^HZ-ZFJLY-002 执法记录仪（许丹）$/)
  assert.equal(await form.getByTestId('m-late-reason').count(), 0)
  // The capture time comes from the file, in Beijing time.
  const captured = await page.getByTestId('m-captured').locator('input').inputValue()
  assert.match(captured, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  assert.ok(Math.abs(Date.parse(captured.replace(' ', 'T') + '+08:00') - Date.now()) < 120e3, captured)
  await noOverflow()
  await shot(page, 'm-evidence-form')
  // What the inspector sees on the phone's screen with the upload button in reach.
  await page.getByTestId('m-upload').evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await page.screenshot({ path: path.join(SCREENSHOTS, 'm-evidence-form-screen.png') })

  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: -1, uploadThroughput: 120 * 1024 })
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/v1/evidence?'))
  await page.getByTestId('m-upload').click()
  await page.getByTestId('m-progress').waitFor()
  await noOverflow()
  await page.screenshot({ path: path.join(SCREENSHOTS, 'm-evidence-uploading.png') })
  const res = await posted
  assert.equal(res.status(), 201)
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  const recent = page.getByTestId('m-recent')
  await recent.locator('li', { hasText: 'IMG_20261125_0930' }).waitFor()
  const item = await latestEvidence(page)
  assert.equal(item.title, 'IMG_20261125_0930')
  assert.equal(item.device.serial_no, 'HZ-ZFJLY-002')
  assert.equal(item.recorder.name, '许丹')
  assert.equal(item.overdue, false)
  assert.match(await recent.locator('li', { hasText: 'IMG_20261125_0930' }).innerText(), /按时/)
  await page.locator('.van-toast').waitFor({ state: 'hidden' })
  await noOverflow()
  await shot(page, 'm-evidence-uploaded')

  // A video needs its device: the preselected camera goes with it.
  await page.getByTestId('m-take-video').setInputFiles({ name: 'clip.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not really a video, but bytes') })
  await form.waitFor()
  assert.equal(await form.locator('.van-radio[aria-checked=true]').first().innerText(), '录像')
  await page.getByTestId('m-device').click()
  await page.locator('.van-action-sheet__item', { hasText: '不使用记录设备' }).click()
  await page.getByTestId('m-upload').click()
  await form.locator('.van-field__error-message', { hasText: '须选择所用的执法记录设备' }).waitFor()
  await noOverflow()
  await context.close()
})

// R: REC-19, REC-21 — disposal after retention only: the archivist asks (refused while retention runs), the bureau head approves; the record stays and the file answers 410.
test('disposal: 2024 evidence is requested by hz_archivist, approved by hz_head, then shows 已处置', async () => {
  // hz_insp1 uploads a photo captured in 2024 (a late upload, with its reason).
  {
    const { context, page } = await fresh()
    await consoleLogin(page, server.base, 'hz_insp1', { password: NEW_PASSWORD })
    await openEvidence(page)
    const dialog = await startUpload(page, writeFile('old.png', png(40, 30, { seed: 9 })), '2024年检查照片')
    await setCaptured(page, '2024-03-01 10:00:00')
    await dialog.locator('textarea[name=late_reason]').fill('历史资料补录')
    await dialog.getByTestId('upload-submit').click()
    await page.locator('.el-message--success', { hasText: '已上传“2024年检查照片”' }).waitFor()
    await row(page, '2024年检查照片').waitFor()
    await context.close()
  }

  // The archivist: refused while retention runs, then asks for the 2024 item.
  {
    const { context, page } = await fresh()
    await consoleLogin(page, server.base, 'hz_archivist')
    await openEvidence(page)
    await row(page, '现场照片（门牌）').getByRole('button', { name: '现场照片（门牌）' }).click()
    const drawer = page.getByTestId('evidence-drawer')
    await drawer.getByTestId('disposal-request').click()
    const ask = page.getByTestId('disposal-request-dialog')
    await ask.locator('textarea[name=reason]').fill('清理')
    await ask.getByTestId('disposal-request-save').click()
    await ask.getByTestId('disposal-refusal').filter({ hasText: /保存期限至 \d{4}-\d{2}-\d{2}，期满前不能处置/ }).waitFor()
    await shot(page, 'console-disposal-refused')
    await ask.getByRole('button', { name: '取消' }).click()
    await drawer.locator('.el-drawer__close-btn').click()
    await drawer.waitFor({ state: 'hidden' })

    await row(page, '2024年检查照片').getByRole('button', { name: '2024年检查照片' }).click()
    await drawer.getByText('保存至 2025-03-01').waitFor()
    await drawer.getByTestId('disposal-request').click()
    await ask.locator('textarea[name=reason]').fill('保存期满，经清点无保留价值')
    await ask.getByTestId('disposal-request-save').click()
    await page.locator('.el-message--success', { hasText: '已提交处置申请' }).waitFor()
    await drawer.getByTestId('evidence-disposal-tag').filter({ hasText: '处置待审批' }).waitFor()
    assert.equal(await drawer.getByTestId('disposal-decide').count(), 0, 'the archivist does not approve')
    assert.match(await row(page, '2024年检查照片').innerText(), /处置待审批/)
    await context.close()
  }

  // The bureau head approves; the item stays, its file is gone.
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'hz_head')
  await openEvidence(page)
  const r = row(page, '2024年检查照片')
  assert.match(await r.innerText(), /处置待审批/)
  await r.getByRole('button', { name: '2024年检查照片' }).click()
  const drawer = page.getByTestId('evidence-drawer')
  const id = await drawer.getByTestId('evidence-download').getAttribute('href').then((h) => h.match(/evidence\/(\d+)\//)[1])
  await drawer.getByTestId('disposal-decide').click()
  const decide = page.getByTestId('disposal-decide-dialog')
  await decide.locator('.el-radio', { hasText: '批准处置' }).click()
  await decide.locator('textarea[name=opinion]').fill('同意处置')
  await shot(page, 'console-disposal-decide')
  await decide.getByTestId('disposal-decide-save').click()
  await page.locator('.el-message--success', { hasText: '已批准处置' }).waitFor()
  await drawer.getByTestId('evidence-disposal-tag').filter({ hasText: '已处置' }).waitFor()
  const disposal = await drawer.getByTestId('evidence-disposal').innerText()
  assert.match(disposal, /吕静/)
  assert.match(disposal, /杨光明/)
  assert.match(disposal, /同意处置/)
  assert.match(await drawer.getByTestId('evidence-preview').innerText(), /已在保存期满后经批准处置/)
  assert.equal(await drawer.getByTestId('evidence-view').count(), 0)
  assert.equal(await drawer.getByTestId('evidence-download').count(), 0)
  assert.match(await r.innerText(), /已处置/)
  await shot(page, 'console-disposal-approved')

  // The file's address answers 410 Gone with a message a person understands.
  const gone = await page.evaluate(async (u) => {
    const res = await fetch(u)
    return { status: res.status, body: await res.json() }
  }, `/api/v1/evidence/${id}/content`)
  assert.equal(gone.status, 410)
  assert.equal(gone.body.error.code, 'evidence.disposed')
  assert.match(gone.body.error.message, /保存期满后经批准处置，文件不再保存/)
  await context.close()
})
