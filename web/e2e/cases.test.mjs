// 案件办理 › 案件 in the browser (REC-1, REC-3, REC-9): the unit head opens a general case, approves
// its enforcement plan from the actions the flow table offers, the bureau head approves the
// opening, and an inspector's inquiry without the party's signature is refused naming what is
// missing; the timeline shows every step. Screenshot of the timeline.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { consoleLogin, launch, newPage, openMenu, shot } from './browser.mjs'

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
