// 案件办理 › 案件 in the browser (REC-1, REC-3, REC-9): the unit head opens a general case, approves
// its enforcement plan from the actions the flow table offers, the bureau head approves the
// opening, and an inspector's inquiry without the party's signature is refused naming what is
// missing; the timeline shows every step. Screenshot of the timeline. Then the pages around the
// cases: the open deadlines of a bureau (INF-1), the archived case file with its table of contents
// (REC-17), and its opening listed in the supervisors' read log (REC-22).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { NEW_PASSWORD, consoleLogin, launch, newPage, openMenu, shot } from './browser.mjs'

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

// R: REC-1, REC-3, REC-9
test('open a case, approve plan and opening, refused inquiry names what is missing', async () => {
  let { context, page } = await newPage(browser)
  await consoleLogin(page, server.base, 'hz_unit_head')
  await openMenu(page, '案件办理', '案件', /\/console\/cases$/)
  // The demo cases are listed.
  await page.locator('.el-table__row', { hasText: '杭州临平精密机械有限公司' }).first().waitFor()
  await page.getByTestId('new-case').click()
  const form = page.getByTestId('case-form')
  await form.waitFor()
  await page.getByTestId('party-name').fill('杭州浏览器测试有限公司')
  await page.getByTestId('party-code').fill('91330106MA27XL0F3B')
  await page.getByTestId('summary').fill('涉嫌迟报统计资料')
  await page.getByTestId('unit-name').fill('法规执法科')
  await page.getByTestId('handlers').click()
  for (const name of ['尤振华', '何勇']) await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: name }).first().click()
  await page.keyboard.press('Escape')
  await page.getByTestId('save-case').click()
  await page.waitForURL(/\/console\/cases\/\d+$/)
  const caseUrl = page.url()
  await page.getByTestId('case-detail').waitFor()
  assert.equal(await page.getByTestId('case-state').innerText(), '待立案')

  // The plan approval, from the actions of the table.
  await page.getByTestId('action-plan_approval').click()
  const step = page.getByTestId('step-form')
  await step.waitFor()
  for (const [k, v] of [['basis', '统计法第三十三条'], ['period', '2026年12月'], ['scope', '2025年年报'], ['content', '核查'], ['organisation', '两人'], ['opinion', '同意']])
    await page.getByTestId(`field-${k}`).fill(v)
  await page.getByTestId('submit-step').click()
  await page.getByTestId('case-timeline').locator('.el-timeline-item', { hasText: '执法方案审批' }).waitFor()
  await context.close()

  // The bureau head approves the opening.
  ;({ context, page } = await newPage(browser))
  await consoleLogin(page, server.base, 'hz_head')
  await page.goto(caseUrl)
  await page.getByTestId('action-opening_approval').click()
  await page.getByTestId('field-reason').fill('迟报')
  await page.getByTestId('field-opinion').fill('同意立案')
  await page.getByTestId('submit-step').click()
  await page.getByTestId('case-state').filter({ hasText: '调查取证' }).waitFor()
  await context.close()

  // The inspector's inquiry without signature or recording is refused, naming both.
  ;({ context, page } = await newPage(browser))
  await consoleLogin(page, server.base, 'hz_insp1')
  await page.goto(caseUrl)
  await page.getByTestId('action-inquiry').click()
  await page.getByTestId('field-interviewee').fill('王某')
  await page.getByTestId('field-place').fill('企业会议室')
  await page.getByTestId('field-content').fill('询问迟报原因')
  await page.locator('.el-dialog .el-form-item', { hasText: '当事人已签名' }).locator('.el-switch').click()
  await page.getByTestId('submit-step').click()
  const missing = page.getByTestId('step-missing')
  await missing.waitFor()
  const text = await missing.innerText()
  assert.match(text, /当事人签名或拒签理由/)
  assert.match(text, /现场录音录像/)
  await page.locator('.el-dialog__headerbtn').first().click()
  const timeline = page.getByTestId('case-timeline')
  assert.equal(await timeline.locator('.el-timeline-item').count(), 2)
  await shot(page, 'cases-timeline')
  await context.close()
})

// R: INF-1, REC-17, REC-22
test('deadlines by bureau, the archived case file, and its read in the read log', async () => {
  let { context, page } = await newPage(browser)
  await consoleLogin(page, server.base, 'hz_archivist')
  await openMenu(page, '案件办理', '期限', /\/console\/cases\/deadlines$/)
  const table = page.getByTestId('deadline-table')
  // The general case in investigation: 90 days from its opening (APL Art 60), with its bureau; the
  // archived case has none open.
  const open = table.locator('.el-table__row', { hasText: '杭州临平精密机械有限公司' }).filter({ hasText: '立案之日起 90 日内作出处理决定' })
  await open.first().waitFor()
  assert.match(await open.first().innerText(), /杭州市统计局/)
  // The date it falls due, or 未知 when the working-day calendar of that year is not loaded yet.
  assert.match(await open.first().innerText(), /\d{4}-\d{2}-\d{2}|未知（日历无数据）/)
  assert.equal(await table.locator('.el-table__row', { hasText: '杭州西溪商贸有限公司' }).count(), 0)
  // A county without cases: nothing is due there.
  await page.locator('.el-select[data-testid=deadline-bureau]').click()
  await page.keyboard.type('西湖区')
  await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: '西湖区统计局' }).first().click()
  await table.locator('.el-table__empty-text', { hasText: '没有符合条件的期限' }).waitFor()

  // The archive: the archived simple case and its file.
  await page.keyboard.press('Escape')
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '归档' }).click()
  await page.getByTestId('archive-page').waitFor()
  await page.locator('.el-radio-button', { hasText: '已归档' }).click()
  const row = page.locator('.el-table__row', { hasText: '杭州西溪商贸有限公司' })
  await row.waitFor()
  await row.getByRole('button', { name: '案卷' }).click()
  const dialog = page.locator('.el-dialog', { hasText: '案卷：' })
  await dialog.waitFor()
  const number = (await dialog.locator('.el-dialog__title').innerText()).replace('案卷：', '').trim()
  assert.ok(number.length > 0)
  // Complete (no warning), every step in order from the registration to the archive.
  assert.equal(await dialog.locator('.el-alert').count(), 0)
  const toc = dialog.locator('.el-table__row')
  assert.ok((await toc.count()) >= 3, 'the table of contents lists the steps')
  assert.equal((await toc.first().locator('td').first().innerText()).trim(), '1')
  await page.waitForTimeout(400)  // the dialog's fade-in, for the screenshot only
  await shot(page, 'cases-archive-file')
  await context.close()

  // The bureau head reads the log: the archivist opened that file, and the read is in the ledger.
  ;({ context, page } = await newPage(browser))
  // hz_head signed in in the test above and changed the demo password then.
  await consoleLogin(page, server.base, 'hz_head', { password: NEW_PASSWORD })
  const logItem = page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '调阅记录' })
  if (!(await logItem.isVisible())) await page.locator('[data-testid=side-menu] .el-sub-menu__title', { hasText: '案件办理' }).click()
  await logItem.click()
  await page.getByTestId('access-log-table').waitFor()
  const read = page.getByTestId('access-log-table').locator('.el-table__row', { hasText: number }).filter({ hasText: '吕静' })
  await read.first().waitFor()
  assert.match(await read.first().innerText(), /案卷/)
  assert.match(await read.first().innerText(), /\d+\s*$/)
  await context.close()
})
