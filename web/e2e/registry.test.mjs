// 双随机 in the browser: the province's spot-check item list (seed 000's two items) and check
// forms, set only by the province's unit head; the survey-object registry filtered and exported;
// objects registered with the server's field errors beside their fields and their history with
// its proof; imports that show every planted error and stay uncommittable, and a large clean one
// uploaded with progress and committed; the public item list on a 390px phone.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { startServer } from './server.mjs'
import { consoleLogin, launch, menuTitles, NEW_PASSWORD, newPage, openSpotcheckMenu, pickOption, settle, shot, tableRows } from './browser.mjs'

let server
let browser
let dir

before(async () => {
  server = await startServer()
  browser = await launch()
  dir = mkdtempSync(path.join(tmpdir(), 'zhifa-e2e-registry-'))
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

// --- Test data: valid unified social credit codes (GB 32100 with a GB 11714 body), made here.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
function orgCheck(first8) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * w[i]
  const r = 11 - (sum % 11)
  return r === 10 ? 'X' : r === 11 ? '0' : String(r)
}
function creditCheck(first17) {
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * w[i]
  const c = 31 - (sum % 31)
  return CHARSET[c === 31 ? 0 : c]
}
function codeFor(division, org8) {
  const first17 = `91${division}${org8}${orgCheck(org8)}`
  return first17 + creditCheck(first17)
}
/** A code no demo object has (the demo's bodies are 71000000..78142938). */
const freshCode = (division, serial) => codeFor(division, String(81000000 + serial).padStart(8, '0'))
/** The demo's own code of its serial-th object (src/demo/registry_demo.cpp). */
const demoCode = (division, serial) => codeFor(division, String(71000000 + ((serial * 7919) % 28999999)).padStart(8, '0'))

/** The files of a ZIP archive (an XLSX), by name. */
function unzip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  assert.ok(eocd >= 0, 'not a ZIP file')
  const count = buf.readUInt16LE(eocd + 10)
  let off = buf.readUInt32LE(eocd + 16)
  const files = {}
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(off + 10)
    const csize = buf.readUInt32LE(off + 20)
    const nlen = buf.readUInt16LE(off + 28)
    const elen = buf.readUInt16LE(off + 30)
    const clen = buf.readUInt16LE(off + 32)
    const local = buf.readUInt32LE(off + 42)
    const name = buf.toString('utf8', off + 46, off + 46 + nlen)
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(start, start + csize)
    files[name] = method === 8 ? inflateRawSync(data) : data
    off += 46 + nlen + elen + clen
  }
  return files
}
/** Every text cell of an XLSX workbook (inline and shared strings). */
function xlsxTexts(buf) {
  const files = unzip(buf)
  const out = []
  for (const [name, data] of Object.entries(files)) {
    if (!/^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(name)) continue
    for (const m of data.toString('utf8').matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)) out.push(m[1])
  }
  return out
}

function writeFile(name, text) {
  const p = path.join(dir, name)
  writeFileSync(p, text)
  return p
}

const fresh = (viewport) => newPage(browser, { viewport, downloads: true })

const openMenu = openSpotcheckMenu

/** Signs in outside the browser (after the browser changed the password): cookie and CSRF token. */
async function apiLogin(username) {
  const r = await fetch(`${server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: NEW_PASSWORD }),
  })
  assert.equal(r.status, 200, await r.clone().text())
  const body = await r.json()
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  return { cookie, csrf: body.csrf_token }
}

const SEED_ITEM1 = ['调查对象依法提供统计资料情况', '调查对象依法设置原始记录、统计台账情况', '调查对象依法建立并执行统计资料管理制度情况', '调查对象依法为履行法定填报职责提供保障情况', '调查对象依法配合统计调查和统计监督情况']
const SEED_ITEM2 = ['涉外统计调查机构具备资格条件情况', '涉外统计调查机构调查项目开展情况', '涉外社会调查项目报批与执行情况', '涉外统计调查机构遵守统计法及涉外统计调查管理法律法规规章等情况']

// R: DR-1, DR-14
test('the province unit head reads seed 000 list, adds an item and adjusts it as a new version', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head')
  const titles = await menuTitles(page)
  for (const t of ['双随机', '抽查事项清单', '检查表式', '调查对象名录', '涉外调查机构', '名录导入']) assert.ok(titles.includes(t), t)
  await openMenu(page, '抽查事项清单', /\/console\/spotcheck\/items$/)

  const table = page.getByTestId('items-table')
  const rows = tableRows(table)
  await rows.first().waitFor()
  assert.equal(await rows.count(), 2)
  const r1 = rows.nth(0)
  const t1 = await r1.innerText()
  for (const s of ['统计调查对象执行统计法及国家有关规定情况', '《统计法》《统计法实施条例》《统计执法监督检查办法》', '省、市、县三级统计局', '统计调查对象', '1-2次/年', '现场检查或书面检查', '2019-09-30 起']) assert.ok(t1.includes(s), s)
  assert.equal(await r1.getByTestId('item-ratio').innerText(), '3%')
  assert.deepEqual(await r1.getByTestId('item-contents').locator('li').allInnerTexts(), SEED_ITEM1)
  const r2 = rows.nth(1)
  assert.match(await r2.innerText(), /涉外调查机构依法从事涉外调查情况/)
  assert.match(await r2.innerText(), /1次\/年/)
  assert.equal(await r2.getByTestId('item-ratio').innerText(), '100%')
  assert.deepEqual(await r2.getByTestId('item-contents').locator('li').allInnerTexts(), SEED_ITEM2)
  await shot(page, 'registry-items')

  // A date before the list was issued: nothing in force.
  const dateInput = page.getByTestId('items-date').locator('input')
  await dateInput.fill('2019-09-29')
  await dateInput.press('Enter')
  await table.getByText('2019-09-29 没有生效的抽查事项').waitFor()
  await page.getByRole('button', { name: '回到今天' }).click()
  await rows.nth(1).waitFor()

  // A new item: ratio typed as a percentage range, two check contents.
  await page.getByTestId('item-create').click()
  const dlg = page.getByTestId('item-dialog')
  await dlg.waitFor()
  await dlg.locator('input[name=name]').fill('重点行业统计调查对象专项检查')
  await dlg.locator('textarea[name=basis]').fill('《统计法》《统计法实施条例》')
  await dlg.locator('input[name=ratio_min]').fill('2.5')
  await dlg.locator('input[name=ratio_max]').fill('5')
  await dlg.getByText('即 2.5%-5%').waitFor()
  await dlg.locator('.content-row textarea').nth(0).fill('重点行业调查对象统计数据质量情况')
  await dlg.getByTestId('item-add-content').click()
  await dlg.locator('.content-row textarea').nth(1).fill('统计台账与原始记录衔接情况')
  await dlg.locator('textarea[name=reason]').fill('省局专项工作部署')
  await shot(page, 'registry-item-dialog')
  await dlg.getByTestId('item-save').click()
  await page.locator('.el-message--success', { hasText: '已新增抽查事项（序号 3）' }).waitFor()
  await rows.nth(2).waitFor()
  const r3 = rows.nth(2)
  assert.equal(await r3.getByTestId('item-ratio').innerText(), '2.5%-5%')
  assert.deepEqual(await r3.getByTestId('item-contents').locator('li').allInnerTexts(), ['重点行业调查对象统计数据质量情况', '统计台账与原始记录衔接情况'])

  // Adjusting it: a new version needs a reason; the drawer then lists both versions and the change.
  await r3.getByRole('button', { name: '重点行业统计调查对象专项检查' }).click()
  const drawer = page.getByTestId('item-drawer')
  await drawer.getByTestId('item-history').waitFor()
  await drawer.getByTestId('item-adjust').click()
  await dlg.waitFor()
  assert.equal(await dlg.locator('input[name=ratio_max]').inputValue(), '5')
  await dlg.locator('input[name=ratio_max]').fill('4')
  await dlg.getByTestId('item-save').click()
  await dlg.locator('.el-form-item__error', { hasText: '请填写调整原因' }).waitFor()
  await dlg.locator('textarea[name=reason]').fill('根据年度工作要点下调比例上限')
  await dlg.getByTestId('item-save').click()
  await page.locator('.el-message--success', { hasText: '已新增第 2 版' }).waitFor()
  await dlg.waitFor({ state: 'hidden' })
  const history = drawer.getByTestId('item-history')
  await history.getByText('第 2 版').waitFor()
  const h = await history.innerText()
  assert.match(h, /第 1 版/)
  assert.match(h, /调整原因：根据年度工作要点下调比例上限/)
  assert.match(h, /抽查比例\s*2\.5%-5%\s*→\s*2\.5%-4%/)
  assert.match(h, /现行有效/)
  await settle(page)
  await shot(page, 'registry-item-history')
  await page.keyboard.press('Escape')
  assert.equal(await r3.getByTestId('item-ratio').innerText(), '2.5%-4%')
  await context.close()
})

// R: DR-3
test('check forms show points, answers and flags; the province unit head adds a version', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head', { password: NEW_PASSWORD })
  await openMenu(page, '检查表式', /\/console\/spotcheck\/forms/)
  const points = page.getByTestId('form-points')
  await tableRows(points).nth(4).waitFor()
  assert.equal(await tableRows(points).count(), 5)
  const first = await tableRows(points).nth(0).innerText()
  assert.match(first, /调查对象依法提供统计资料情况/)
  for (const a of ['符合', '不符合', '不适用']) assert.ok(first.includes(a), a)
  // The demo form: a photo on points 1-3, the party's signature on every point.
  assert.equal(await points.locator('.el-table__body-wrapper [title=须拍照]').count(), 3)
  assert.equal(await points.locator('.el-table__body-wrapper [title=须当事人签字]').count(), 5)
  assert.match(await page.getByTestId('form-versions').innerText(), /第 1 版 · 2019-09-30 起\s*现行/)
  await shot(page, 'registry-forms')

  // A new version: one more point, moved up one place, with its own answers and a photo.
  await page.getByTestId('form-add').click()
  const dlg = page.getByTestId('form-dialog')
  await dlg.waitFor()
  assert.equal(await dlg.getByTestId('point-row').count(), 5)
  await dlg.getByTestId('point-add').click()
  const added = dlg.getByTestId('point-row').nth(5)
  await added.locator('textarea').fill('统计人员持证上岗情况')
  await added.locator('.el-checkbox', { hasText: '须拍照' }).click()
  await added.getByTitle('上移').click()
  const moved = dlg.getByTestId('point-row').nth(4)
  assert.equal(await moved.locator('textarea').inputValue(), '统计人员持证上岗情况')
  // Answers: replace the defaults with 是/否.
  const answers = moved.locator('.el-select')
  for (let i = 0; i < 3; i++) await moved.locator('.el-tag__close').first().click()
  await answers.click()
  for (const a of ['是', '否']) {
    await answers.locator('input').fill(a)
    await answers.locator('input').press('Enter')
  }
  await dlg.locator('.el-dialog__title').click()
  await dlg.getByTestId('form-save').click()
  await dlg.locator('.el-form-item__error', { hasText: '请填写调整原因' }).waitFor()
  await dlg.locator('textarea[name=form_reason]').fill('增加持证上岗检查要点')
  await shot(page, 'registry-form-dialog')
  await dlg.getByTestId('form-save').click()
  await page.locator('.el-message--success', { hasText: '已保存检查表第 2 版' }).waitFor()
  await page.getByTestId('form-versions').getByText('第 2 版').waitFor()
  await tableRows(points).nth(5).waitFor()
  const fifth = await tableRows(points).nth(4).innerText()
  assert.match(fifth, /统计人员持证上岗情况/)
  assert.match(fifth, /是/)
  assert.doesNotMatch(fifth, /不适用/)
  assert.match(await tableRows(points).nth(5).innerText(), /调查对象依法配合统计调查和统计监督情况/)
  assert.match(await page.getByTestId('form-versions').innerText(), /第 2 版 · \d{4}-\d{2}-\d{2} 起\s*现行/)
  await shot(page, 'registry-forms-v2')
  await context.close()
})

// R: DR-1 — the list is set by the province: a city unit head reads it and cannot change it.
test('a city unit head reads the list but cannot add an item, and the server refuses it', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'hz_unit_head')
  await openMenu(page, '抽查事项清单', /\/console\/spotcheck\/items$/)
  await tableRows(page.getByTestId('items-table')).first().waitFor()
  assert.ok((await tableRows(page.getByTestId('items-table')).count()) >= 2)
  await page.getByTestId('items-readonly-note').waitFor()
  assert.equal(await page.getByTestId('item-create').count(), 0)
  assert.equal(await page.getByTestId('item-row-adjust').count(), 0)
  await tableRows(page.getByTestId('items-table')).first().click()
  await page.getByTestId('item-history').waitFor()
  assert.equal(await page.getByTestId('item-adjust').count(), 0)
  await settle(page)
  await shot(page, 'registry-items-city')
  await page.keyboard.press('Escape')
  await page.getByTestId('item-drawer').waitFor({ state: 'hidden' })
  await openMenu(page, '检查表式', /\/console\/spotcheck\/forms/)
  await tableRows(page.getByTestId('form-points')).first().waitFor()
  assert.equal(await page.getByTestId('form-add').count(), 0)

  const { cookie, csrf } = await apiLogin('hz_unit_head')
  const r = await fetch(`${server.base}/api/v1/spotcheck/items`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
    body: JSON.stringify({ name: '市级自定事项', basis: '《统计法》', bodies: ['city'], object_type: 'survey_object', ratio_min_bp: 100, ratio_max_bp: 100, frequency_min: 1, frequency_max: 1, method: 'both', contents: ['x'], effective_from: '2030-01-01' }),
  })
  assert.equal(r.status, 403)
  const err = (await r.json()).error
  assert.equal(err.code, 'spotcheck.province_only')
  assert.match(err.message, /由省统计局统一确定/)
  await context.close()
})

// R: DR-2
test('objects: filters, the export of exactly the filtered list, field errors, a check date and the history with its proof', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head', { password: NEW_PASSWORD })
  await openMenu(page, '调查对象名录', /\/console\/registry\/objects/)
  const table = page.getByTestId('objects-table')
  await tableRows(table).first().waitFor()
  assert.equal(await page.getByTestId('objects-total').innerText(), '共 30 个单位')
  await settle(page)
  await shot(page, 'registry-objects')

  // 西湖区 (330106) and below, then low risk only.
  await page.getByTestId('filter-division').locator('input').fill('330106')
  await page.keyboard.press('Escape')
  await page.getByTestId('objects-search').click()
  await page.getByTestId('objects-total').getByText('共 4 个单位').waitFor()
  for (const t of await tableRows(table).allInnerTexts()) assert.match(t, /西湖区/)
  await page.getByTestId('filter-more').click()
  await pickOption(page, page.getByTestId('filter-risk'), '低')
  await page.getByTestId('objects-search').click()
  await page.getByTestId('objects-total').getByText('共 3 个单位').waitFor()
  const shown = (await tableRows(table).allInnerTexts()).join('\n')
  assert.match(shown, /杭州西溪数智科技有限公司/)
  assert.doesNotMatch(shown, /杭州文新百货有限公司/)
  await shot(page, 'registry-objects-filtered')

  // The export holds exactly those three, with the template's columns.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('objects-export').click()])
  assert.match(download.suggestedFilename(), /^调查对象名录-\d{4}-\d{2}-\d{2}\.xlsx$/)
  const xlsx = readFileSync(await download.path())
  assert.equal(xlsx.subarray(0, 2).toString(), 'PK')
  const cells = xlsxTexts(xlsx)
  for (const h of ['统一社会信用代码', '单位名称', '行政区划代码', '行业代码', '所属机构', '最近检查日期']) assert.ok(cells.includes(h), h)
  for (const n of ['杭州西溪数智科技有限公司', '杭州龙井茶业集团有限公司', '浙江省数字经济研究院有限公司']) assert.ok(cells.includes(n), n)
  for (const n of ['杭州文新百货有限公司', '宁波海曙服装有限公司']) assert.ok(!cells.includes(n), n)

  // A new object: the server's reasons appear beside each field at fault.
  await page.getByTestId('object-create').click()
  const dlg = page.getByTestId('object-dialog')
  await dlg.waitFor()
  const badCode = freshCode('330106', 1).slice(0, 17) + (freshCode('330106', 1).endsWith('0') ? '1' : '0')
  await dlg.locator('input[name=credit_code]').fill(badCode)
  await dlg.locator('input[name=name]').fill('杭州之江测绘有限公司')
  await dlg.locator('input[name=division_code]').fill('990000')
  await dlg.locator('input[name=industry_code]').fill('M74')
  await dlg.getByTestId('object-save').click()
  await dlg.locator('[data-field=credit_code] .el-form-item__error', { hasText: '校验位' }).waitFor()
  await dlg.locator('[data-field=division_code] .el-form-item__error').waitFor()
  await shot(page, 'registry-object-errors')
  await dlg.locator('input[name=credit_code]').fill(freshCode('330106', 1))
  await dlg.locator('input[name=division_code]').fill('330106')
  await dlg.locator('[data-field=division_code]').getByText('浙江省杭州市西湖区').waitFor()
  await dlg.getByTestId('object-save').click()
  await page.locator('.el-message--success', { hasText: '已登记 杭州之江测绘有限公司' }).waitFor()

  // Its history: the creation, then a check date; the entry's proof verifies in the browser.
  await page.getByRole('button', { name: '重置' }).click()
  await page.getByTestId('filter-q').locator('input').fill('之江测绘')
  await page.getByTestId('objects-search').click()
  await page.getByTestId('objects-total').getByText('共 1 个单位').waitFor()
  await tableRows(table).first().getByTestId('object-history').click()
  const drawer = page.getByTestId('object-drawer')
  const hist = drawer.getByTestId('record-history')
  await hist.getByText('登记', { exact: true }).waitFor()
  assert.match(await hist.innerText(), /杭州之江测绘有限公司/)
  await drawer.getByTestId('object-add-check').click()
  const check = page.getByTestId('check-dialog')
  await check.waitFor()
  await check.locator('input[name=check_note]').fill('2026 年度专项检查')
  await check.getByTestId('check-save').click()
  await page.locator('.el-message--success', { hasText: '的检查日期' }).waitFor()
  await hist.getByText('登记检查').waitFor()
  assert.match(await hist.innerText(), /检查日期 \d{4}-\d{2}-\d{2}（2026 年度专项检查）/)
  await hist.getByTestId('history-proof').first().click()
  const verdict = hist.getByTestId('proof-verdict')
  await verdict.waitFor({ timeout: 30000 })
  assert.equal(await verdict.getAttribute('data-ok'), 'true', await verdict.innerText())
  await settle(page)
  await shot(page, 'registry-object-history')

  // A change: only the changed field is listed.
  await drawer.getByTestId('object-edit').click()
  await dlg.waitFor()
  await dlg.locator('input[name=contact_name]').fill('周测')
  await dlg.getByTestId('object-save').click()
  await page.locator('.el-message--success', { hasText: '已保存 杭州之江测绘有限公司' }).waitFor()
  await hist.getByText('修改', { exact: true }).waitFor()
  const top = hist.locator('.el-timeline-item').first()
  assert.match(await top.innerText(), /联系人\s*（空）\s*→\s*周测/)
  assert.doesNotMatch(await top.innerText(), /单位名称/)
  await context.close()
})

// R: DR-2
test('foreign-related survey bodies: list, a refused and an accepted registration, history', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head', { password: NEW_PASSWORD })
  await openMenu(page, '涉外调查机构', /\/console\/registry\/foreign-bodies/)
  const table = page.getByTestId('foreign-table')
  await tableRows(table).nth(1).waitFor()
  assert.match(await tableRows(table).allInnerTexts().then((x) => x.join('\n')), /杭州环球市场调查咨询有限公司/)
  await page.getByTestId('foreign-create').click()
  const dlg = page.getByTestId('foreign-dialog')
  await dlg.waitFor()
  await dlg.locator('input[name=credit_code]').fill(freshCode('330106', 50))
  await dlg.locator('input[name=name]').fill('杭州之江国际调查有限公司')
  await dlg.locator('input[name=division_code]').fill('330106')
  await dlg.locator('input[name=approval_no]').fill('国统涉外证字〔2026〕第 0001 号')
  for (const [i, d] of [[0, '2027-12-31'], [1, '2026-01-01']]) {
    const input = dlg.locator('.period input').nth(i)
    await input.fill(d)
    await input.press('Enter')
  }
  await dlg.locator('textarea[name=scope]').fill('涉外市场调查')
  await dlg.getByTestId('foreign-save').click()
  await dlg.locator('.el-form-item__error', { hasText: '早于' }).waitFor()
  const from = dlg.locator('.period input').nth(0)
  await from.fill('2025-01-01')
  await from.press('Enter')
  const to = dlg.locator('.period input').nth(1)
  await to.fill('2028-12-31')
  await to.press('Enter')
  await dlg.getByTestId('foreign-save').click()
  await page.locator('.el-message--success', { hasText: '已登记 杭州之江国际调查有限公司' }).waitFor()
  const row = tableRows(table).filter({ hasText: '杭州之江国际调查有限公司' })
  await row.getByTestId('foreign-history').click()
  const drawer = page.getByTestId('foreign-drawer')
  await drawer.getByTestId('record-history').getByText('登记', { exact: true }).waitFor()
  assert.match(await drawer.innerText(), /2025-01-01 至 2028-12-31/)
  await settle(page)
  await shot(page, 'registry-foreign-bodies')
  await context.close()
})

// R: INF-2, DR-2
test('import: a file with planted errors shows every one and cannot be committed', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head', { password: NEW_PASSWORD })
  await openMenu(page, '名录导入', /\/console\/registry\/import/)

  // The templates: XLSX and a UTF-8 CSV with BOM.
  const [tx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-xlsx').click()])
  assert.equal(tx.suggestedFilename(), '调查对象导入模板.xlsx')
  assert.ok(xlsxTexts(readFileSync(await tx.path())).includes('统一社会信用代码'))
  const [tc] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-csv').click()])
  const csvTemplate = readFileSync(await tc.path(), 'utf8')
  assert.ok(csvTemplate.startsWith('\ufeff统一社会信用代码'), csvTemplate.slice(0, 40))

  const good = freshCode('330106', 100)
  const dup = freshCode('330108', 101)
  const bad = freshCode('330110', 102)
  const lines = [
    '统一社会信用代码,单位名称,行政区划代码,行业代码,风险等级',
    `${bad.slice(0, 17)}${bad.endsWith('0') ? '1' : '0'},校验位错误单位,330110,C17,低`, // 2: check character
    `${dup},重复单位甲,330108,C39,中`, // 3: duplicate of 4
    `${dup},重复单位乙,330108,C39,中`, // 4
    `${freshCode('330106', 103)},,330106,I65,低`, // 5: no name
    `${freshCode('330106', 104)},区划错误单位,339999,I65,低`, // 6: division not in the table
    `${demoCode('330106', 1)},杭州西溪数智科技有限公司,330106,I65,低`, // 7: already registered
    `${freshCode('330106', 105)},行业错误单位,330106,Q99,低`, // 8: industry
    `${good},正确单位,330106,I65,极高`, // 9: risk level
  ]
  const file = writeFile('planted-errors.csv', lines.join('\r\n') + '\r\n')
  await page.getByTestId('import-file').setInputFiles(file)
  const result = page.getByTestId('import-result')
  await result.waitFor()
  const verdict = await page.getByTestId('import-verdict').innerText()
  assert.match(verdict, /涉及 8 行/)
  const errors = page.getByTestId('import-errors')
  const rows = await tableRows(errors).allInnerTexts()
  const byLine = (n) => rows.filter((r) => r.startsWith(`第 ${n} 行`)).join('\n')
  assert.match(byLine(2), /统一社会信用代码[\s\S]*校验位错误/)
  assert.match(byLine(3), /与第 4 行重复/)
  assert.match(byLine(4), /与第 3 行重复/)
  assert.match(byLine(5), /单位名称/)
  assert.match(byLine(6), /行政区划代码[\s\S]*339999/)
  assert.match(byLine(7), /已在名录库中/)
  assert.match(byLine(8), /行业代码[\s\S]*Q99/)
  assert.match(byLine(9), /风险等级[\s\S]*极高/)
  assert.equal(await page.getByTestId('import-commit').isDisabled(), true)
  await shot(page, 'registry-import-errors')

  // The same errors as a workbook.
  const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()])
  assert.equal(report.suggestedFilename(), 'planted-errors-导入检查报告.xlsx')
  const cells = xlsxTexts(readFileSync(await report.path()))
  assert.ok(cells.some((c) => c.includes('与第 4 行重复')))
  assert.ok(cells.some((c) => c.includes('已在名录库中')))

  // Updating known codes instead of refusing them: line 7 is no longer an error, the rest still are.
  await page.getByTestId('import-existing').getByText('更新已有单位').click()
  await page.getByTestId('import-verdict').getByText('涉及 7 行').waitFor()
  assert.equal(await page.getByTestId('import-commit').isDisabled(), true)
  await context.close()
})

// R: INF-2, DR-2
test('import: a large clean file uploads with progress, is checked, committed, and its objects are listed', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head', { password: NEW_PASSWORD })
  await openMenu(page, '名录导入', /\/console\/registry\/import/)

  const divisions = ['330106', '330108', '330110', '330203']
  const lines = ['统一社会信用代码,单位名称,行政区划代码,行业代码,单位类别,是否一套表,重点单位,风险等级,联系电话']
  const N = 3000
  for (let i = 1; i <= N; i++) {
    const d = divisions[i % divisions.length]
    lines.push(`${freshCode(d, 1000 + i)},导入测试单位${String(i).padStart(4, '0')}有限公司,${d},C13,规上工业,是,${i % 10 === 0 ? '是' : '否'},中,0571-8800${String(i).padStart(4, '0')}`)
  }
  const file = writeFile('clean-3000.csv', lines.join('\n') + '\n')

  // Record every state the page shows while the file goes up and the server checks it.
  await page.evaluate(() => {
    window.__seen = new Set()
    new MutationObserver(() => {
      for (const id of ['import-percent', 'import-working']) if (document.querySelector(`[data-testid=${id}]`)) window.__seen.add(id)
    }).observe(document.body, { childList: true, subtree: true })
  })
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 100 * 1024 })
  await page.getByTestId('import-file').setInputFiles(file)
  await page.getByTestId('import-percent').waitFor()
  await shot(page, 'registry-import-uploading')
  await page.getByTestId('import-result').waitFor({ timeout: 60000 })
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  const seen = await page.evaluate(() => [...window.__seen])
  assert.ok(seen.includes('import-percent'), String(seen))
  assert.ok(seen.includes('import-working'), String(seen))

  assert.match(await page.getByTestId('import-verdict').innerText(), new RegExp(`校验通过：共 ${N} 行，将新增 ${N} 个`))
  assert.equal(await tableRows(page.getByTestId('import-preview')).count(), 20)
  assert.match(await tableRows(page.getByTestId('import-preview')).first().innerText(), /导入测试单位0001有限公司/)
  await shot(page, 'registry-import-preview')
  const commit = page.getByTestId('import-commit')
  assert.equal(await commit.isDisabled(), false)
  await commit.click()
  const done = page.getByTestId('import-done')
  await done.waitFor({ timeout: 120000 })
  const counts = await page.getByTestId('import-counts').innerText()
  assert.match(counts, new RegExp(`${N}\\s*新增`))
  assert.match(counts, /0\s*更新/)
  await shot(page, 'registry-import-done')

  await done.getByRole('button', { name: '查看调查对象名录' }).click()
  await page.waitForURL(/\/console\/registry\/objects/)
  await page.getByTestId('filter-q').locator('input').fill('导入测试单位')
  await page.getByTestId('objects-search').click()
  await page.getByTestId('objects-total').getByText(`共 ${N} 个单位`).waitFor()
  assert.match(await tableRows(page.getByTestId('objects-table')).first().innerText(), /导入测试单位/)

  // The same file again is refused line by line: every code is now known.
  await openMenu(page, '名录导入', /\/console\/registry\/import/)
  await page.getByTestId('import-file').setInputFiles(file)
  await page.getByTestId('import-verdict').getByText(`涉及 ${N} 行`).waitFor({ timeout: 60000 })
  assert.equal(await page.getByTestId('import-commit').isDisabled(), true)
  await context.close()
})

// R: INF-2 — "Progress for large files in the console": while the server reads and checks a large
// file, the page shows its phase and row counts from GET /import-progress/{id}.
test('import: the server-side progress bar shows the phase and the rows of a large file', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head', { password: NEW_PASSWORD })
  await openMenu(page, '名录导入', /\/console\/registry\/import/)
  const divisions = ['330106', '330108', '330110', '330203']
  const N = 60000
  const lines = ['统一社会信用代码,单位名称,行政区划代码,行业代码,单位类别,风险等级']
  for (let i = 1; i <= N; i++) {
    const d = divisions[i % divisions.length]
    lines.push(`${freshCode(d, 200000 + i)},进度条测试单位${i}有限公司,${d},C13,规上工业,中`)
  }
  const file = writeFile('progress-60000.csv', lines.join('\n') + '\n')
  // Every text the bar shows while the request is pending.
  await page.evaluate(() => {
    window.__phases = []
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=import-server-phase]')
      if (el && window.__phases.at(-1) !== el.textContent) window.__phases.push(el.textContent)
    }).observe(document.body, { childList: true, subtree: true, characterData: true })
  })
  await page.getByTestId('import-file').setInputFiles(file)
  await page.getByTestId('import-server-progress').waitFor({ timeout: 60000 })
  await shot(page, 'registry-import-server-progress')
  await page.getByTestId('import-result').waitFor({ timeout: 180000 })
  const phases = await page.evaluate(() => window.__phases)
  assert.ok(phases.length >= 1, 'the bar never showed')
  for (const t of phases) {
    const m = /^校验 (\d+) \/ (\d+) 行$/.exec(t.trim())
    if (!m) {
      assert.match(t.trim(), /^读取文件…$/)
      continue
    }
    assert.equal(Number(m[2]), N, t)
    assert.ok(Number(m[1]) <= N, t)
  }
  assert.ok(phases.some((t) => t.startsWith('校验')), phases.join(' | '))
  assert.match(await page.getByTestId('import-verdict').innerText(), new RegExp(`校验通过：共 ${N} 行`))
  // The request is answered: the bar is gone with it.
  assert.equal(await page.getByTestId('import-server-progress').count(), 0)
  await context.close()
})

// R: PUB-5
test('the public item list works on a 390px phone and is linked from the portal', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${server.base}/`)
  const card = page.locator('.card', { hasText: '随机抽查事项清单' })
  assert.match(await card.innerText(), /已开放/)
  await card.click()
  await page.waitForURL(/\/spotcheck-items$/)
  const items = page.getByTestId('public-item')
  await items.first().waitFor()
  assert.ok((await items.count()) >= 2)
  const all = await page.getByTestId('public-items').innerText()
  for (const s of ['浙江省统计局', '统计调查对象执行统计法及国家有关规定情况', '涉外调查机构依法从事涉外调查情况', '3%', '100%', '1-2次/年', '1次/年', '现场检查或书面检查', '《统计法》《统计法实施条例》《涉外调查管理办法》', ...SEED_ITEM1, ...SEED_ITEM2]) {
    assert.ok(all.includes(s), s)
  }
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= 390, `the list is ${w}px wide at 390px`)
  await shot(page, 'portal-spotcheck-items-phone')
  // The nav reaches it too, and on a wide screen it is a table.
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(`${server.base}/`)
  await page.locator('.nav a', { hasText: '抽查事项' }).click()
  await page.waitForURL(/\/spotcheck-items$/)
  await page.locator('.items-table thead').waitFor()
  await shot(page, 'portal-spotcheck-items-desktop')
  await context.close()
})
