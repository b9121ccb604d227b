// The ledger in the browser, against a real server (fresh demo store, SM3): the console's
// operation log filtered by subject, an entry's proof verified in the drawer against the latest
// signed checkpoint, its offline proof downloaded; the portal's 记录核验 page on a 390px phone
// verifying a pasted offline proof, a tampered one, and one read from a picture of its QR code.
// Nothing here decides validity itself: the pages do, and the test reads what they show.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startServer } from './server.mjs'
import { consoleLogin, launch, shot } from './browser.mjs'
import { getText, waitCheckpoint } from './ledger.mjs'

let server
let browser
/** The offline proof the console downloaded (used by the portal tests when present). */
let downloaded = null

before(async () => {
  server = await startServer()
  browser = await launch()
  await waitCheckpoint(server.base)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const CONSOLE_STEPS = ['format', 'keys', 'signature', 'checkpoint', 'leaf', 'path', 'root', 'seq', 'change']
const PORTAL_STEPS = ['format', 'keys', 'signature', 'checkpoint', 'leaf', 'path', 'root', 'seq', 'consistency']

async function stepStates(scope) {
  return scope.locator('[data-testid=proof-steps] > li').evaluateAll((lis) => lis.map((li) => [li.dataset.step, li.dataset.status]))
}

async function phone() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  return { context, page: await context.newPage() }
}

/** An offline proof fetched as a citizen would (public, no login), for an entry the last checkpoint covers. */
async function someProof() {
  const { size } = await waitCheckpoint(server.base)
  const seq = Math.max(1, size - 2)
  return { seq, text: await getText(server.base, `/api/v1/ledger/entries/${seq}/tlog-proof`) }
}

test('console: the operation log filtered by subject; an entry verified in the drawer', async () => {
  // R: REC-22 (the records of one object read together), REC-21 (alteration detectable: the
  // entry's proof checked in the browser against the latest signed checkpoint)
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  await consoleLogin(page, server.base, 'auditadmin')
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '操作日志' }).click()
  await page.waitForURL(/\/console\/audit/)
  const table = page.getByTestId('audit-table')
  await table.locator('.el-table__row').first().waitFor()
  const subject = page.locator('[data-testid=subject-filter] input')

  // A malformed subject: the server's message shows on the field.
  await subject.fill('用户:')
  await page.getByRole('button', { name: '搜索' }).click()
  const fieldError = page.locator('[data-testid=subject-filter] .el-form-item__error')
  await fieldError.waitFor()
  assert.match(await fieldError.innerText(), /对象应为“类型”或“类型:编号”/)

  // The auditor's own user record (kind:id), taken from the first row about a user.
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/auth/me')).json()).user?.id ?? null)
  assert.ok(me, 'auth/me names the user')
  await subject.fill(`user:${me}`)
  await page.getByRole('button', { name: '搜索' }).click()
  await fieldError.waitFor({ state: 'detached' })
  const rows = table.locator('.el-table__row')
  await page.waitForFunction(
    (id) => {
      const trs = [...document.querySelectorAll('[data-testid=audit-table] .el-table__body-wrapper .el-table__row')]
      return trs.length > 0 && trs.every((tr) => tr.textContent.includes(`#${id}`))
    },
    me,
  )
  const texts = await rows.allInnerTexts()
  assert.ok(texts.length >= 2, `expected the login and password change of user ${me}: ${texts.join(' | ')}`)
  // Other pages link to an object's history as /console/audit?subject=kind:id: the same list.
  await page.goto(`${server.base}/console/audit?subject=user:${me}`)
  await page.waitForFunction(
    ([id, n]) => {
      const trs = [...document.querySelectorAll('[data-testid=audit-table] .el-table__body-wrapper .el-table__row')]
      return trs.length === n && trs.every((tr) => tr.textContent.includes(`#${id}`))
    },
    [me, texts.length],
  )
  assert.equal(await subject.inputValue(), `user:${me}`)
  for (const t of texts) assert.match(t, new RegExp(`用户\\s*#${me}\\b`))
  assert.ok(texts.some((t) => /修改密码/.test(t)), texts.join(' | '))

  // Open the password change entry: every step of the in-browser check passes.
  await rows.filter({ hasText: '修改密码' }).first().click()
  const drawer = page.getByTestId('audit-drawer')
  const verdict = drawer.getByTestId('proof-verdict')
  await verdict.waitFor({ timeout: 30000 })
  assert.equal(await verdict.getAttribute('data-ok'), 'true', await verdict.innerText())
  assert.match(await verdict.innerText(), /最新的已签名检查点/)
  const states = await stepStates(drawer)
  assert.deepEqual(states.map(([id]) => id), CONSOLE_STEPS)
  for (const [id, status] of states) assert.equal(status, 'ok', id)
  const stepsText = await drawer.getByTestId('proof-steps').innerText()
  for (const title of ['检查点签名', '叶哈希', '审计路径', '根哈希比对', '变更内容哈希']) assert.match(stepsText, new RegExp(title))
  assert.match(stepsText, /Ed25519/)
  assert.match(stepsText, /SM2/)
  // The recomputed root is the signed one; the entry shown is the leaf's canonical JSON.
  assert.equal(await drawer.getByTestId('computed-root').innerText(), await drawer.getByTestId('signed-root').innerText())
  const canonical = JSON.parse(await drawer.getByTestId('canonical-entry').innerText())
  assert.equal(canonical.action, 'auth.password_change')
  assert.equal(canonical.subject_id, String(me))

  await page.locator('.el-message').first().waitFor({ state: 'detached' }) // the toasts are gone
  await verdict.evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await shot(page, 'console-audit-proof')

  // The QR code of the offline proof, and the proof itself as a download.
  await drawer.getByTestId('toggle-qr').click()
  const qr = drawer.getByTestId('proof-qr')
  await qr.waitFor()
  await page.waitForFunction(() => document.querySelector('[data-testid=proof-qr]')?.naturalWidth > 0)
  await qr.scrollIntoViewIfNeeded()
  await shot(page, 'console-audit-proof-qr')
  const [download] = await Promise.all([page.waitForEvent('download'), drawer.getByTestId('download-proof').click()])
  assert.equal(download.suggestedFilename(), `zhifa-${canonical.seq}.tlog-proof`)
  const text = readFileSync(await download.path(), 'utf8')
  assert.match(text, /^c2sp\.org\/tlog-proof@v1\nextra /)
  assert.match(text, new RegExp(`\\nindex ${canonical.seq - 1}\\n`))
  downloaded = { seq: canonical.seq, text }
  await context.close()
})

test('portal /ledger on a 390px phone: the latest checkpoint and its history verified in the browser', async () => {
  // R: PUB-10 (the portal works on phones), REC-22 (signatures checked by anyone)
  const { context, page } = await phone()
  await page.goto(`${server.base}/`)
  await page.locator('.nav a', { hasText: '记录核验' }).click()
  await page.waitForURL(/\/ledger$/)
  assert.match(await page.title(), /记录核验/)
  const sig = page.getByTestId('cp-signatures')
  await sig.waitFor()
  assert.equal(await sig.getAttribute('data-ok'), 'true', await sig.innerText())
  assert.match(await sig.innerText(), /已在本浏览器中验证/)
  assert.match(await sig.innerText(), /Ed25519/)
  assert.match(await sig.innerText(), /SM2/)
  const size = Number(await page.getByTestId('cp-size').innerText())
  assert.ok(size > 0)
  const note = await getText(server.base, '/api/v1/ledger/checkpoint')
  assert.ok(Number(note.split('\n')[1]) >= size)
  // History: every row checked, none failed.
  const history = page.locator('[data-testid=checkpoint-history] li')
  await history.first().waitFor()
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=checkpoint-history] li')].some((li) => li.dataset.status === 'pending'))
  const statuses = await history.evaluateAll((lis) => lis.map((li) => li.dataset.status))
  assert.ok(statuses.length >= 1)
  assert.deepEqual([...new Set(statuses)], ['ok'])
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= 390, `ledger page is ${w}px wide at 390px`)
  await context.close()
})

test('portal /ledger: a pasted offline proof passes every step; tampered ones name the failing step', async () => {
  // R: PUB-10, REC-21
  const { context, page } = await phone()
  await page.goto(`${server.base}/ledger`)
  await page.getByTestId('cp-signatures').waitFor()
  const proof = downloaded ?? (await someProof())
  const input = page.getByTestId('proof-input')
  const verdict = page.getByTestId('verdict')

  // Pasted as from a mail or a document: CRLF line ends, blank lines around.
  await input.fill('\r\n' + proof.text.replace(/\n/g, '\r\n') + '\r\n')
  await page.getByTestId('verify-btn').click()
  await verdict.waitFor()
  assert.equal(await verdict.getAttribute('data-ok'), 'true', await verdict.innerText())
  assert.match(await verdict.innerText(), new RegExp(`记录 #${proof.seq} 包含在平台签署的检查点`))
  let states = await stepStates(page)
  assert.deepEqual(states.map(([id]) => id), PORTAL_STEPS)
  for (const [id, status] of states) assert.equal(status, 'ok', id)
  assert.match(await page.getByTestId('proof-entry').innerText(), new RegExp(`"seq": ${proof.seq}`))
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= 390, `ledger page is ${w}px wide at 390px`)
  await shot(page, 'portal-ledger-phone')

  // One entry field changed (the actor), re-encoded as valid base64: the recomputed root differs.
  const lines = proof.text.split('\n')
  const entry = JSON.parse(Buffer.from(lines[1].slice('extra '.length), 'base64').toString('utf8'))
  const forged = JSON.stringify({ ...entry, actor_id: entry.actor_id + 1 }, Object.keys(entry).sort())
  const tampered = [lines[0], 'extra ' + Buffer.from(forged).toString('base64'), ...lines.slice(2)].join('\n')
  await input.fill(tampered)
  await page.getByTestId('verify-btn').click()
  await page.locator('[data-testid=verdict][data-ok=false]').waitFor()
  assert.match(await verdict.innerText(), /第 7 步「根哈希比对」未通过/)
  states = Object.fromEntries(await stepStates(page))
  assert.equal(states.leaf, 'ok')
  assert.equal(states.path, 'ok')
  assert.equal(states.root, 'fail')
  assert.equal(states.seq, 'skip')
  assert.equal(states.consistency, 'skip')
  await shot(page, 'portal-ledger-phone-tampered')

  // A signature changed: the checkpoint's signature step fails, naming the key kind.
  const sigLine = lines.findIndex((l) => l.startsWith('\u2014 '))
  const sig = Buffer.from(lines[sigLine].split(' ')[2], 'base64')
  sig[sig.length - 5] ^= 1
  const badSig = lines.map((l, i) => (i === sigLine ? l.split(' ').slice(0, 2).join(' ') + ' ' + sig.toString('base64') : l)).join('\n')
  await input.fill(badSig)
  await page.getByTestId('verify-btn').click()
  await page.locator('[data-testid=verdict][data-ok=false]').waitFor()
  assert.match(await verdict.innerText(), /第 3 步「检查点签名」未通过/)
  assert.match(await verdict.innerText(), /（(SM2|Ed25519)）的签名验证失败/)
  assert.equal(Object.fromEntries(await stepStates(page)).signature, 'fail')

  // One audit path node changed.
  const pathLine = lines.findIndex((l) => l.startsWith('index ')) + 1
  const node = Buffer.from(lines[pathLine], 'base64')
  node[0] ^= 1
  await input.fill(lines.map((l, i) => (i === pathLine ? node.toString('base64') : l)).join('\n'))
  await page.getByTestId('verify-btn').click()
  await page.locator('[data-testid=verdict][data-ok=false]').waitFor()
  assert.match(await verdict.innerText(), /「根哈希比对」未通过/)

  // Not a proof at all.
  await input.fill('这不是离线证明')
  await page.getByTestId('verify-btn').click()
  await page.locator('[data-testid=verdict][data-ok=false]').waitFor()
  assert.match(await verdict.innerText(), /第 1 步「证明格式」未通过/)
  await context.close()
})

test('portal /ledger: the offline proof read from a photo of its QR code', async () => {
  // R: PUB-10, REC-22 (the QR printed on a document, checked on a phone)
  const { context, page } = await phone()
  const { seq, text } = await someProof()
  // A "photo": the server's QR code drawn on a grey desk, turned a little, as a PNG.
  const svg = await getText(server.base, `/api/v1/ledger/entries/${seq}/qr`)
  const studio = await browser.newPage({ viewport: { width: 900, height: 900 } })
  await studio.setContent(
    `<body style="margin:0;background:#9a9a96;display:grid;place-items:center;height:900px">` +
      `<img id="qr" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" style="width:620px;height:620px;transform:rotate(7deg);box-shadow:0 6px 20px #0006"></body>`,
  )
  await studio.waitForFunction(() => document.getElementById('qr').complete)
  const photo = await studio.screenshot({ type: 'png' })
  await studio.close()

  await page.goto(`${server.base}/ledger`)
  await page.getByTestId('cp-signatures').waitFor()
  await page.getByTestId('qr-file').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo })
  const verdict = page.locator('[data-testid=verdict][data-ok]')
  await verdict.waitFor({ timeout: 30000 })
  assert.equal(await verdict.getAttribute('data-ok'), 'true', await verdict.innerText())
  assert.match(await page.getByTestId('proof-notice').innerText(), /已从二维码读取离线证明/)
  assert.equal(await page.getByTestId('proof-input').inputValue(), text)
  for (const [id, status] of await stepStates(page)) assert.equal(status, 'ok', id)
  await shot(page, 'portal-ledger-phone-qr')

  // The SVG file itself works too; a picture without a QR code says so.
  await page.getByTestId('qr-file').setInputFiles({ name: 'qr.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) })
  await page.locator('[data-testid=verdict][data-ok=true]').waitFor()
  const blank = await (async () => {
    const p = await browser.newPage({ viewport: { width: 300, height: 300 } })
    await p.setContent('<body style="margin:0;background:#fff"><p style="font:40px serif">无二维码</p></body>')
    const b = await p.screenshot({ type: 'png' })
    await p.close()
    return b
  })()
  await page.getByTestId('qr-file').setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: blank })
  await page.locator('[data-testid=proof-notice].error').waitFor()
  assert.match(await page.getByTestId('proof-notice').innerText(), /未能在图片中识别出二维码/)
  assert.equal(await page.getByTestId('verdict').count(), 0)
  await context.close()
})
