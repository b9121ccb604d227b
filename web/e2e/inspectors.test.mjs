// The inspector registry in the browser (DR-2, ORG-2, ORG-5, PUB-5, PUB-6): the demo's lapsing
// and lapsed certificates on their own tab, a suspended inspector shown as not drawable with the
// reason, the list filtered and exported as filtered; a registration refused field by field then
// accepted, a status change that needs a reason, training against the 2-day minimum, a conflict
// declared and ended, the history; an import whose planted errors are all shown and that cannot
// be committed, then a clean one committed; the public list and certificate check on a phone.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { startServer } from './server.mjs'
import { consoleLogin, launch, NEW_PASSWORD, newPage, openSpotcheckMenu, pickOption, settle, shot, tableRows } from './browser.mjs'

let server
let browser
let dir

before(async () => {
  server = await startServer()
  browser = await launch()
  dir = mkdtempSync(path.join(tmpdir(), 'zhifa-e2e-inspectors-'))
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const fresh = (viewport) => newPage(browser, { viewport, downloads: true })

const openMenu = openSpotcheckMenu

/** Every text cell of an XLSX workbook (inline and shared strings). */
function xlsxTexts(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  assert.ok(eocd >= 0, 'not a ZIP file')
  const count = buf.readUInt16LE(eocd + 10)
  let off = buf.readUInt32LE(eocd + 16)
  const out = []
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
    if (/^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(name)) {
      const xml = (method === 8 ? inflateRawSync(data) : data).toString('utf8')
      for (const m of xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)) out.push(m[1])
    }
    off += 46 + nlen + elen + clen
  }
  return out
}

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())

// R: ORG-2, DR-2
test('lapsing and lapsed certificates, a suspended inspector not drawable, filters and the export', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head')
  await openMenu(page, '执法人员名录', /\/console\/registry\/inspectors$/)
  const table = page.getByTestId('inspectors-table')
  await tableRows(table).first().waitFor()
  assert.equal(await page.getByTestId('inspectors-total').innerText(), '共 18 人')

  // 许丹 (Hangzhou) is suspended: shown, but not drawable, with the reason.
  const xu = tableRows(table).filter({ hasText: '许丹' })
  assert.match(await xu.innerText(), /暂停执法/)
  assert.match(await xu.getByTestId('eligible').innerText(), /不可抽取/)
  assert.match(await xu.innerText(), /暂停执法/)
  // 姜涛 and 云飞 have had one day of training this year: flagged against the 2-day minimum (ORG-5).
  assert.match(await tableRows(table).filter({ hasText: '姜涛' }).innerText(), /不足 2 天/)
  assert.doesNotMatch(await tableRows(table).filter({ hasText: '孙立伟' }).innerText(), /不足 2 天/)
  await shot(page, 'inspectors-list')

  // The lapse tab: 冯卫东's certificate ends in 20 days, 奚婷's ended 15 days ago.
  await page.getByTestId('tab-lapsing').click()
  const lapsing = page.getByTestId('lapsing-table')
  await tableRows(lapsing).first().waitFor()
  assert.equal(await tableRows(lapsing).count(), 2)
  assert.match(await tableRows(lapsing).nth(0).innerText(), /奚婷[\s\S]*已过期[\s\S]*已过期 15 天/)
  assert.match(await tableRows(lapsing).nth(1).innerText(), /冯卫东[\s\S]*即将到期[\s\S]*还有 20 天到期/)
  await settle(page)
  await shot(page, 'inspectors-lapsing')

  // Drawable today: the suspended and the lapsed are left out.
  await page.getByTestId('tab-list').click()
  const eligible = page.getByTestId('filter-eligible').locator('input')
  await eligible.fill(today)
  await eligible.press('Enter')
  await page.getByTestId('inspectors-search').click()
  await page.getByTestId('inspectors-total').getByText('共 16 人').waitFor()
  const shown = (await tableRows(table).allInnerTexts()).join('\n')
  assert.doesNotMatch(shown, /许丹|奚婷/)
  assert.match(shown, /冯卫东/)

  // Training short, Hangzhou and below: 姜涛 (余杭区) only.
  await page.getByRole('button', { name: '重置' }).click()
  await page.getByTestId('inspectors-total').getByText('共 18 人').waitFor()
  await pickOption(page, page.getByTestId('filter-training'), '不足 2 天')
  await page.getByTestId('inspectors-search').click()
  await page.getByTestId('inspectors-total').getByText('共 2 人').waitFor()
  const short = (await tableRows(table).allInnerTexts()).join('\n')
  assert.match(short, /姜涛/)
  assert.match(short, /云飞/)

  // The export holds exactly those two.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('inspectors-export').click()])
  assert.match(download.suggestedFilename(), /^执法人员名录-\d{4}-\d{2}-\d{2}\.xlsx$/)
  const cells = xlsxTexts(readFileSync(await download.path()))
  for (const h of ['姓名', '执法证号', '有效期至', '所属机构代码']) assert.ok(cells.includes(h), h)
  assert.ok(cells.includes('姜涛') && cells.includes('云飞'))
  assert.ok(!cells.includes('孙立伟') && !cells.includes('许丹'))
  await context.close()
})

// R: ORG-2, ORG-5, DR-13
test('a registration refused field by field then accepted, a status that needs a reason, training, a conflict and the history', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head', { password: NEW_PASSWORD })
  await openMenu(page, '执法人员名录', /\/console\/registry\/inspectors$/)
  await page.getByTestId('inspector-create').click()
  const dlg = page.getByTestId('inspector-dialog')
  await dlg.waitFor()
  await dlg.getByTestId('inspector-save').click()
  await dlg.locator('[data-field=name] .el-form-item__error', { hasText: '请填写姓名' }).waitFor()
  await dlg.locator('input[name=name]').fill('林晓')
  await dlg.getByText('女', { exact: true }).click()
  // A certificate number already registered (孙立伟's): 409 beside the number.
  await dlg.locator('input[name=certificate_no]').fill('33000024001')
  await dlg.locator('input[name=valid_from]').fill('2026-01-01')
  await dlg.locator('input[name=valid_from]').press('Enter')
  await dlg.locator('input[name=valid_to]').fill('2029-12-31')
  await dlg.locator('input[name=valid_to]').press('Enter')
  await dlg.locator('.el-dialog__title').click()
  await dlg.getByTestId('inspector-save').click()
  await dlg.locator('[data-field=certificate_no] .el-form-item__error', { hasText: '已登记' }).waitFor()
  await shot(page, 'inspectors-dialog-errors')
  await dlg.locator('input[name=certificate_no]').fill('ZJ-2026-0099')
  await dlg.getByTestId('inspector-save').click()
  await page.locator('.el-message--success', { hasText: '已登记 林晓（ZJ-2026-0099）' }).waitFor()

  const table = page.getByTestId('inspectors-table')
  await page.getByTestId('filter-q').locator('input').fill('林晓')
  await page.getByTestId('inspectors-search').click()
  await page.getByTestId('inspectors-total').getByText('共 1 人').waitFor()
  const row = tableRows(table).first()
  assert.match(await row.getByTestId('eligible').innerText(), /可抽取/)
  // Not trained yet this year.
  assert.match(await row.innerText(), /不足 2 天/)

  // Suspension needs a reason; then she cannot be drawn.
  await row.getByTestId('inspector-status').click()
  const st = page.getByTestId('status-dialog')
  await st.waitFor()
  await st.getByTestId('status-save').click()
  await st.locator('.el-form-item__error', { hasText: '请填写暂停执法的原因' }).waitFor()
  await st.locator('textarea[name=status_reason]').fill('参加脱产学习三个月')
  await st.getByTestId('status-save').click()
  await page.locator('.el-message--success', { hasText: '林晓 的状态已改为暂停执法' }).waitFor()
  await row.getByTestId('eligible').getByText('不可抽取').waitFor()

  // Training: 2 days lifts the flag.
  await row.getByText('林晓').click()
  const drawer = page.getByTestId('inspector-drawer')
  await drawer.getByTestId('drawer-ineligible').getByText('暂停执法').waitFor()
  await drawer.getByTestId('tab-trainings').click()
  await drawer.getByTestId('training-add').click()
  const tr = page.getByTestId('training-dialog')
  await tr.waitFor()
  await tr.locator('input[name=course]').fill('统计执法证换证培训')
  await tr.locator('input[name=days]').fill('2')
  await tr.locator('input[name=days]').press('Tab')
  await tr.getByTestId('training-save').click()
  await page.locator('.el-message--success', { hasText: '已登记 林晓 的培训 2 天' }).waitFor()
  assert.equal(await drawer.getByTestId('training-this-year').innerText(), '2 天')
  assert.equal(await tableRows(drawer.getByTestId('training-table')).count(), 1)

  // A conflict of interest with Yuhang district, then ended.
  await drawer.getByTestId('tab-conflicts').click()
  await drawer.getByTestId('conflict-add').click()
  const cf = page.getByTestId('conflict-dialog')
  await cf.waitFor()
  await cf.getByText('行政区划', { exact: true }).click()
  await cf.locator('input[name=target]').fill('330110')
  await cf.locator('textarea[name=conflict_reason]').fill('近亲属在余杭区经营企业')
  await cf.getByTestId('conflict-save').click()
  await page.locator('.el-message--success', { hasText: '利害关系申报' }).waitFor()
  const conflicts = drawer.getByTestId('conflict-table')
  assert.match(await tableRows(conflicts).first().innerText(), /行政区划[\s\S]*330110[\s\S]*回避中/)
  await tableRows(conflicts).first().getByTestId('conflict-end').click()
  const end = page.getByTestId('conflict-end-dialog')
  await end.waitFor()
  await end.locator('textarea[name=end_reason]').fill('亲属企业已注销')
  await end.getByTestId('conflict-end-save').click()
  await page.locator('.el-message--success', { hasText: '利害关系已结束' }).waitFor()
  assert.match(await tableRows(conflicts).first().innerText(), /已结束[\s\S]*亲属企业已注销/)

  // The history: registration, the status change, the training, the conflict declared and ended.
  await drawer.getByRole('tab', { name: '变更历史' }).click()
  const hist = drawer.getByTestId('inspector-history-list')
  await hist.getByText('结束利害关系').waitFor()
  const h = await hist.innerText()
  for (const a of ['登记', '修改', '登记培训', '申报利害关系', '结束利害关系']) assert.ok(h.includes(a), a)
  assert.match(h, /状态\s*在岗\s*→\s*暂停执法/)
  assert.match(h, /统计执法证换证培训，2 天/)
  assert.match(h, /行政区划：浙江省杭州市余杭区（330110）；近亲属在余杭区经营企业；\d{4}-\d{2}-\d{2} 起/)
  assert.match(h, /结束原因：亲属企业已注销/)
  await hist.getByTestId('history-proof').first().click()
  const verdict = hist.getByTestId('proof-verdict')
  await verdict.waitFor({ timeout: 30000 })
  assert.equal(await verdict.getAttribute('data-ok'), 'true', await verdict.innerText())
  await settle(page)
  await shot(page, 'inspectors-history')
  await context.close()
})

// R: DR-2, INF-2
test('an import with planted errors shows every one and cannot be committed; a clean file goes in', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head', { password: NEW_PASSWORD })
  await openMenu(page, '执法人员导入', /\/console\/registry\/inspectors\/import/)
  const [tc] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-csv').click()])
  assert.equal(tc.suggestedFilename(), '执法人员导入模板.csv')
  assert.ok(readFileSync(await tc.path(), 'utf8').startsWith('\ufeff姓名'))

  const lines = [
    '姓名,性别,执法证号,有效期起,有效期至,所属机构代码,专业领域,状态,状态原因',
    ',男,ZJ-IMP-0002,2026-01-01,2028-12-31,330000,工业,在岗,', // 2: no name
    '钱一,未知,ZJ-IMP-0003,2026-01-01,2028-12-31,330000,工业,在岗,', // 3: gender
    '钱二,男,ZJ-IMP-0004,2026-01-01,2028-12-31,330000,工业,在岗,', // 4: duplicate of 5
    '钱三,女,ZJ-IMP-0004,2026-01-01,2028-12-31,330000,工业,在岗,', // 5
    '钱四,男,33000024001,2026-01-01,2028-12-31,330000,工业,在岗,', // 6: already registered
    '钱五,男,ZJ-IMP-0007,2026-01-01,2025-12-31,330000,工业,在岗,', // 7: dates reversed
    '钱六,男,ZJ-IMP-0008,2026-01-01,2028-12-31,999999,工业,在岗,', // 8: no such bureau
    '钱七,男,ZJ-IMP-0009,2026-01-01,2028-12-31,330100,航天,在岗,', // 9: specialty
    '钱八,男,ZJ-IMP-0010,2026-01-01,2028-12-31,330100,工业,暂停执法,', // 10: no reason
    '钱九,男,ZJ-IMP-0011,2026-01-01,2028-12-31,330106,工业、服务业,在岗,', // 11: fine
  ]
  const bad = path.join(dir, 'inspectors-planted.csv')
  writeFileSync(bad, lines.join('\r\n') + '\r\n')
  await page.getByTestId('import-file').setInputFiles(bad)
  await page.getByTestId('import-result').waitFor()
  assert.match(await page.getByTestId('import-verdict').innerText(), /涉及 9 行/)
  const rows = await tableRows(page.getByTestId('import-errors')).allInnerTexts()
  const byLine = (n) => rows.filter((r) => r.startsWith(`第 ${n} 行`)).join('\n')
  assert.match(byLine(2), /姓名[\s\S]*不能为空/)
  assert.match(byLine(3), /性别[\s\S]*未知[\s\S]*男/)
  assert.match(byLine(4), /与第 5 行重复/)
  assert.match(byLine(5), /与第 4 行重复/)
  assert.match(byLine(6), /已在名录库中/)
  assert.match(byLine(7), /有效期至早于有效期起/)
  assert.match(byLine(8), /所属机构代码[\s\S]*999999/)
  assert.match(byLine(9), /专业领域[\s\S]*航天/)
  assert.match(byLine(10), /状态原因/)
  assert.equal(byLine(11), '')
  assert.equal(await page.getByTestId('import-commit').isDisabled(), true)
  await shot(page, 'inspectors-import-errors')
  const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()])
  assert.equal(report.suggestedFilename(), 'inspectors-planted-导入检查报告.xlsx')
  const cells = xlsxTexts(readFileSync(await report.path()))
  assert.ok(cells.some((c) => c.includes('与第 5 行重复')))
  assert.ok(cells.some((c) => c.includes('有效期至早于有效期起')))

  // A clean file: preview, commit, and the new people are in the list.
  const good = path.join(dir, 'inspectors-clean.csv')
  writeFileSync(good, [lines[0], lines[10], '钱十,女,ZJ-IMP-0012,2024-01-01,' + today + ',330110,建筑业,在岗,'].join('\n') + '\n')
  await page.getByRole('button', { name: '重新选择文件' }).click()
  await page.getByTestId('import-file').setInputFiles(good)
  await page.getByTestId('import-verdict').getByText('校验通过：共 2 行，将新增 2 名').waitFor()
  // A certificate ending today is a warning, not an error.
  assert.match(await page.getByRole('tab', { name: /提示/ }).innerText(), /提示 1/)
  await page.getByTestId('import-commit').click()
  await page.getByTestId('import-done').waitFor()
  assert.match(await page.getByTestId('import-counts').innerText(), /2\s*新增/)
  await shot(page, 'inspectors-import-done')
  await page.getByRole('button', { name: '查看执法人员名录' }).click()
  await page.getByTestId('inspectors-total').getByText('共 21 人').waitFor()
  await context.close()
})

// R: PUB-5, PUB-6, PUB-10
test('the public list and the certificate check on a 390px phone', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${server.base}/`)
  await page.locator('.nav').getByText('执法人员').click()
  await page.waitForURL(/\/inspectors$/)
  const list = page.getByTestId('public-inspectors')
  await list.getByTestId('public-inspector-card').first().waitFor()
  const all = await list.innerText()
  assert.match(all, /孙立伟/)
  // Only those in post; never phones.
  assert.doesNotMatch(all, /许丹/)
  assert.doesNotMatch(all, /1395710/)
  assert.match(await list.getByTestId('public-inspector-card').filter({ hasText: '奚婷' }).innerText(), /不在有效期内/)
  // The table is for wide screens; a phone gets cards.
  assert.equal(await list.locator('table.people').isVisible(), false)
  await page.getByTestId('cert-input').fill('33000024001')
  await page.getByRole('button', { name: '查询' }).click()
  assert.match(await page.getByTestId('cert-result').innerText(), /孙立伟[\s\S]*证件有效/)
  await page.getByTestId('cert-input').fill('NO-SUCH-1')
  await page.getByRole('button', { name: '查询' }).click()
  await page.getByTestId('cert-result').getByText('未查到').waitFor()
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= 390, `the inspector page is ${w}px wide at 390px`)
  await shot(page, 'portal-inspectors-phone')
  await context.close()

  const wide = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  const desk = await wide.newPage()
  await desk.goto(`${server.base}/inspectors`)
  await desk.getByTestId('public-inspector').first().waitFor()
  assert.match(await desk.getByTestId('public-inspector').first().innerText(), /孙立伟\s*男\s*33000024001/)
  await shot(desk, 'portal-inspectors-desktop')
  await wide.close()
})
