// 问题线索 in the browser (REC-5; 002 Art 7): the demo log under 案件办理 with a named complaint
// flagged while its reply is missing; a named complaint logged by the unit head, instructed by
// the bureau head, decided "no case", refused closing until the reply to the complainant is
// recorded, then answered and closed.
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

const tableRows = (scope) => scope.locator('.el-table__body-wrapper .el-table__row')
const pick = async (page, select, text) => {
  await select.click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first().click()
}

// R: REC-5
test('log a lead, instruct, decide, reply and close', async () => {
  let { context, page } = await newPage(browser)
  await consoleLogin(page, server.base, 'hz_unit_head')
  await openMenu(page, '案件办理', '问题线索', /\/console\/cases\/leads$/)
  const table = page.getByTestId('leads-table')
  await tableRows(table).first().waitFor()
  // The demo's unanswered named complaint is flagged.
  assert.ok((await table.getByTestId('reply-missing').count()) >= 1)

  // Log a named complaint; a missing summary is named on the form.
  await page.getByTestId('lead-create').click()
  const dlg = page.getByTestId('lead-dialog')
  await dlg.waitFor()
  await pick(page, dlg.getByTestId('lead-source'), '投诉')
  await dlg.getByTestId('lead-complainant-name').fill('李投诉')
  await dlg.getByTestId('lead-complainant-contact').fill('13900000002')
  await dlg.getByTestId('lead-save').click()
  await dlg.locator('.el-form-item__error', { hasText: '线索简要内容不能为空' }).waitFor()
  await dlg.getByTestId('lead-summary').fill('投诉某公司虚报年度营业收入')
  await dlg.getByTestId('lead-object-name').fill('杭州某虚报有限公司')
  await dlg.getByTestId('lead-save').click()
  await page.waitForURL(/\/console\/cases\/leads\/\d+$/)
  const url = page.url()
  const detail = page.getByTestId('lead-detail')
  await detail.waitFor()
  assert.match(await page.getByTestId('lead-facts').innerText(), /投诉[\s\S]*投诉某公司虚报年度营业收入[\s\S]*李投诉（13900000002）/)
  assert.equal(await page.getByTestId('lead-state').innerText(), '待处理')
  // The unit head cannot instruct.
  assert.equal(await page.getByTestId('lead-instruct').count(), 0)
  await context.close()

  // The bureau head instructs.
  ;({ context, page } = await newPage(browser))
  await consoleLogin(page, server.base, 'hz_head')
  await page.goto(url)
  await page.getByTestId('lead-instruct').click()
  const step = page.getByTestId('lead-step-dialog')
  await step.getByTestId('lead-instruction-input').fill('请三个工作日内核实')
  await step.getByTestId('lead-step-save').click()
  await page.getByTestId('lead-instruction').getByText('请三个工作日内核实').waitFor()
  await context.close()

  // The unit head decides "no case"; closing waits for the reply.
  ;({ context, page } = await newPage(browser))
  await consoleLogin(page, server.base, 'hz_unit_head', { password: NEW_PASSWORD })
  await page.goto(url)
  await page.getByTestId('lead-decide').click()
  await page.getByTestId('lead-step-dialog').getByText('不予立案').click()
  await page.getByTestId('lead-reason').fill('经核实营业收入数据与财务报表一致')
  await page.getByTestId('lead-step-save').click()
  await page.getByTestId('lead-decision').getByText('不予立案').waitFor()
  await page.getByTestId('lead-close').click()
  await page.locator('.el-message--error', { hasText: '应当先记录对投诉举报人的答复' }).waitFor()
  assert.equal(await page.getByTestId('lead-state').innerText(), '已决定')

  await page.getByTestId('lead-reply').click()
  await pick(page, page.getByTestId('lead-reply-manner'), '电话')
  await page.getByTestId('lead-reply-content').fill('经核实未发现违法行为，不予立案')
  await page.getByTestId('lead-step-save').click()
  await page.locator('.el-message--success', { hasText: '答复投诉举报人已记录' }).waitFor()
  await page.getByTestId('lead-close').click()
  await page.getByTestId('lead-state').getByText('已办结').waitFor()
  const history = await page.getByTestId('lead-history').innerText()
  assert.match(history, /批示（杨光明）\s*：请三个工作日内核实[\s\S]*处理决定（朱建华）\s*：不予立案[\s\S]*答复投诉举报人[\s\S]*办结/)
  await page.waitForTimeout(500)
  await shot(page, 'lead-detail')
  await context.close()
})
