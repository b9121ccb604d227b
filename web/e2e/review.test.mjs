// 法制审核 in the browser (REV-1..REV-5, ORG-4, REC-12): the Hangzhou unit head submits the demo
// case told of its proposed penalty (杭州余杭新材料科技有限公司, state notified) with the materials the
// province's catalogue lists; the Hangzhou reviewer assigns herself from the roster, answers the ten
// points — a problem without a comment is refused on its field — and agrees; the case page then
// allows the decision and links the 法制审核意见书. The catalogue page publishes Hangzhou's own
// version (a threshold the server refuses is shown on its row), the roster page lists the demo
// roster and the report states, the benchmarks page puts the 2009 and 2024 articles side by side
// and its calculator picks the article by the date of the act. Every page at 1280px, and without
// horizontal overflow at 390px. Screenshots in e2e/screenshots/review-*.png.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { assertNoHorizontalOverflow, launch, openMenu, pageApi, shot, signIn } from './browser.mjs'

let server
let browser
const changed = new Set()

before(async () => {
  server = await startServer()
  browser = await launch()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const login = (username, viewport) => signIn(browser, server.base, changed, username, viewport)

const api = pageApi

/** Uploads a one-page "scan" as evidence of the case (书证扫描件). */
function uploadDocument(page, caseId, title) {
  return page.evaluate(
    async ({ caseId, title }) => {
      const me = await (await fetch('/api/v1/auth/me')).json()
      const q = new URLSearchParams({ kind: 'document', title, filename: `${title}.pdf`, captured_at: new Date().toISOString(), owner_kind: 'case', owner_id: String(caseId) })
      const r = await fetch(`/api/v1/evidence?${q}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/pdf', 'X-CSRF-Token': me.csrf_token },
        body: `%PDF-1.4\n% ${title} ${Math.random()}\n%%EOF\n`,
      })
      return { status: r.status, body: await r.json() }
    },
    { caseId, title },
  )
}

/** Picks the option containing `text` in the el-select inside `scope`. */
async function pick(page, scope, text) {
  await scope.locator('.el-select__wrapper').first().click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first().click()
}

/** Reloads a console page at 390px and checks that it is not wider than the phone. */
async function at390(page, name) {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.waitForTimeout(300)
  await assertNoHorizontalOverflow(page, 390)
  // On a phone one folds the menu: the page then has the width, and still must not overflow.
  await page.locator('.fold').click()
  await page.waitForTimeout(300)
  await assertNoHorizontalOverflow(page, 390)
  await shot(page, `${name}-390`)
  await page.locator('.fold').click()
  await page.setViewportSize({ width: 1280, height: 900 })
}

// An el-input hands data-testid to its native input; an el-date-picker may keep it on a wrapper.
const TEXT = 'xpath=descendant-or-self::*[self::input or self::textarea]'

let caseId
let caseUrl
let reviewUrl

// R: REV-1, REV-3, REV-4, REV-5, REC-12
test('submit, assign, ten points (a problem needs a comment), agree: the case may be decided', async () => {
  // ---- the handling unit submits -------------------------------------------------------------
  let { context, page } = await login('hz_unit_head')
  const found = await api(page, 'GET', '/cases?state=notified&page_size=50')
  assert.equal(found.status, 200)
  const kase = found.body.items.find((k) => k.party_name === '杭州余杭新材料科技有限公司')
  assert.ok(kase, 'the demo case told of its proposed penalty')
  caseId = kase.id
  caseUrl = `${server.base}/console/cases/${caseId}`
  for (const t of ['调查终结报告', '处理决定书代拟稿', '证据材料汇编']) assert.equal((await uploadDocument(page, caseId, t)).status, 201, t)

  await page.goto(caseUrl)
  const panel = page.getByTestId('case-review')
  await panel.waitFor()
  await page.getByTestId('case-review-status').waitFor()
  await page.getByTestId('review-submit-open').click()
  const dlg = page.getByTestId('review-submit-dialog')
  await dlg.getByTestId('review-submit-form').waitFor()
  await pick(page, dlg.getByTestId('proposal-violation'), '提供不真实或者不完整的统计资料')
  await dlg.getByTestId('proposal-amount').locator(TEXT).fill('60000')
  // The law's range for an organisation (2024 Art 44) is shown as soon as the amount is typed.
  await dlg.getByTestId('proposal-assessment').filter({ hasText: '第四十四条' }).waitFor()
  await dlg.getByTestId('proposal-facts').locator(TEXT).fill('2025年统计年报营业收入虚报约42%，有财务账簿和增值税申报表为证')
  await dlg.getByTestId('proposal-basis').locator(TEXT).fill('《统计法》第四十四条第二款')
  for (const [code, title] of [['investigation_report', '调查终结报告'], ['draft_decision', '处理决定书代拟稿'], ['evidence', '证据材料汇编']]) {
    await pick(page, dlg.getByTestId(`material-${code}`), title)
    // A multiple select stays open; a click on the dialog's title closes it (Escape would close the dialog).
    await dlg.locator('.el-dialog__title').click()
    await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' })
  }
  await shot(page, 'review-submit-form')
  await dlg.getByTestId('review-submit').click()
  await page.getByTestId('case-review-status').filter({ hasText: '已送审' }).waitFor()
  const blocking = await page.getByTestId('case-review-blocking').innerText()
  assert.match(blocking, /法制审核/)
  await shot(page, 'review-case-submitted')
  await context.close()

  // ---- the legal affairs unit assigns, the reviewer answers --------------------------------
  ;({ context, page } = await login('hz_reviewer'))
  await openMenu(page, '法制审核', '审核队列', /\/console\/review\/queue$/)
  const row = page.getByTestId('review-queue').locator('.el-table__row', { hasText: '杭州余杭新材料科技有限公司' }).first()
  await row.waitFor()
  assert.match(await row.innerText(), /待分配/)
  await shot(page, 'review-queue')
  await at390(page, 'review-queue')
  await row.click()
  await page.waitForURL(/\/console\/review\/reviews\/\d+$/)
  reviewUrl = page.url()
  await page.getByTestId('review-materials').locator('.el-table__row').first().waitFor()
  assert.match(await page.getByTestId('review-materials').innerText(), /调查终结报告[\s\S]*行政处罚事先告知书/)
  assert.match(await page.getByTestId('review-assessment').innerText(), /第四十四条/)
  // A reviewer the server refuses (Xihu's roster does not cover a Hangzhou case): its message on the field.
  await pick(page, page.getByTestId('assign-form'), '曹丽')
  await page.getByTestId('assign-save').click()
  const assignErr = page.getByTestId('assign-form').locator('.el-form-item__error')
  await assignErr.waitFor()
  assert.ok((await assignErr.innerText()).length > 4, await assignErr.innerText())
  await shot(page, 'review-assign-refused')
  await pick(page, page.getByTestId('assign-form'), '秦雪梅')
  await page.getByTestId('assign-save').click()
  await page.getByTestId('review-state').filter({ hasText: '审核中' }).waitFor()
  const form = page.getByTestId('opinion-form')
  await form.waitFor()
  for (const p of ['subject', 'qualification', 'procedure', 'facts', 'law', 'discretion', 'authority', 'documents', 'referral'])
    await page.getByTestId(`point-${p}-ok`).click()
  // A problem without a comment: refused on the point's comment field, nothing sent.
  await page.getByTestId('point-evidence-problem').click()
  await page.getByTestId('outcome-disagree').click()
  await page.getByTestId('opinion-text').locator(TEXT).fill('证据需补强')
  await page.getByTestId('opinion-save').click()
  const err = page.getByTestId('point-evidence').locator('.el-form-item__error')
  await err.waitFor()
  assert.match(await err.innerText(), /填写意见/)
  await shot(page, 'review-form-refused')
  // The server refuses it as well, naming the field the form maps onto the point.
  const reviewId = Number(reviewUrl.split('/').pop())
  const findings = ['subject', 'qualification', 'procedure', 'facts', 'evidence', 'law', 'discretion', 'authority', 'documents', 'referral'].map((point) => ({
    point, result: point === 'evidence' ? 'problem' : 'ok', comment: '',
  }))
  const refused = await api(page, 'POST', `/reviews/${reviewId}/opinion`, { findings, outcome: 'disagree', opinion: 'x' })
  assert.equal(refused.status, 422)
  assert.equal(refused.body.error.details.field, 'findings.evidence.comment')
  // All points in order, agree.
  await page.getByTestId('point-evidence-ok').click()
  await page.getByTestId('point-discretion-comment').locator(TEXT).fill('罚款六万元在法定幅度内，与违法情节相当')
  await page.getByTestId('outcome-agree').click()
  await page.getByTestId('opinion-text').locator(TEXT).fill('经审核，事实清楚，证据确凿，程序合法，适用法律正确，同意拟处理意见。')
  await page.getByTestId('opinion-save').click()
  await page.getByTestId('review-state').filter({ hasText: '已审结：同意' }).waitFor()
  await page.getByTestId('review-document').filter({ hasText: '法制审核意见书' }).waitFor()
  await shot(page, 'review-detail-concluded')
  await at390(page, 'review-detail')
  await context.close()

  // ---- the case may now be decided --------------------------------------------------------
  ;({ context, page } = await login('hz_unit_head'))
  await page.goto(caseUrl)
  await page.getByTestId('case-review-status').filter({ hasText: '审核通过' }).waitFor()
  await page.getByTestId('case-review-can-decide').waitFor()
  await page.getByTestId('case-review-document').filter({ hasText: '法制审核意见书' }).waitFor()
  await page.getByTestId('action-decide').click()
  await page.getByTestId('decision-review').getByTestId('decision-allowed').waitFor()
  await page.waitForTimeout(500)
  await shot(page, 'review-decision-form')
  await page.keyboard.press('Escape')
  await at390(page, 'review-case')
  await context.close()
})

// R: REV-2
test('the catalogue: the province\'s version in force, Hangzhou publishes its own, a bad threshold refused on its row', async () => {
  const { context, page } = await login('hz_reviewer')
  await openMenu(page, '法制审核', '审核事项清单', /\/console\/review\/catalogue$/)
  await page.getByTestId('catalogue-current').waitFor()
  assert.match(await page.getByTestId('catalogue-criteria').innerText(), /五万元以上罚款/)
  await page.getByTestId('catalogue-publish-open').click()
  const dlg = page.getByTestId('catalogue-dialog')
  await dlg.getByTestId('catalogue-criteria-form').waitFor()
  const n = await dlg.getByTestId('catalogue-criteria-form').locator(':scope > .row').count()
  await dlg.getByTestId('criterion-add').click()
  await dlg.getByTestId(`criterion-${n}-label`).locator(TEXT).fill('对法人或者其他组织处三万元以上罚款')
  await dlg.getByTestId(`criterion-${n}-threshold`).locator(TEXT).fill('0')
  await dlg.getByTestId('catalogue-note').locator(TEXT).fill('杭州市统计局重大执法决定法制审核事项清单')
  await dlg.getByTestId('catalogue-publish').click()
  const rowErr = dlg.getByTestId(`criterion-${n}`).locator('.el-form-item__error')
  await rowErr.waitFor()
  assert.match(await rowErr.innerText(), /大于 0/)
  await dlg.getByTestId(`criterion-${n}-threshold`).locator(TEXT).fill('30000')
  await dlg.getByTestId('catalogue-publish').click()
  await dlg.waitFor({ state: 'hidden' })
  await page.getByTestId('catalogue-criteria').filter({ hasText: '三万元以上罚款' }).waitFor()
  assert.ok((await page.getByTestId('catalogue-versions').locator('.el-table__row').count()) >= 1)
  await shot(page, 'review-catalogue')
  await at390(page, 'review-catalogue')
  await context.close()
})

// R: ORG-4
test('the roster lists the demo reviewers and the report of the year; the province sees its cities\' states', async () => {
  let { context, page } = await login('hz_reviewer')
  await openMenu(page, '法制审核', '审核人员名单', /\/console\/review\/roster$/)
  await page.getByTestId('roster-table').locator('.el-table__row', { hasText: '秦雪梅' }).first().waitFor()
  await page.getByTestId('roster-report-state').waitFor()
  await shot(page, 'review-roster')
  await at390(page, 'review-roster')
  await context.close()

  ;({ context, page } = await login('zj_reviewer'))
  await page.goto(`${server.base}/console/review/roster`)
  const below = page.getByTestId('roster-report-children')
  await below.locator('.el-table__row', { hasText: '杭州' }).first().waitFor()
  assert.match(await below.locator('.el-table__row', { hasText: '杭州' }).first().innerText(), /已报送/)
  await shot(page, 'review-roster-province')
  await context.close()
})

// R: REV-3
test('the benchmarks: 2009 and 2024 side by side, the calculator picks the article by the date', async () => {
  const { context, page } = await login('hz_reviewer')
  await openMenu(page, '法制审核', '裁量基准', /\/console\/review\/benchmarks$/)
  const rules = page.getByTestId('benchmark-rules')
  await rules.locator('.el-table__row').first().waitFor()
  const head = await rules.locator('.el-table__header').innerText()
  assert.match(head, /2009 年修订[\s\S]*2024 年修正/)
  assert.match(await rules.innerText(), /第四十一条[\s\S]*第四十四条/)
  const calc = page.getByTestId('calculator')
  await pick(page, calc.getByTestId('calc-violation'), '提供不真实或者不完整的统计资料')
  await calc.getByTestId('calc-amount').locator(TEXT).fill('60000')
  await calc.locator('.el-date-editor input').fill('2020-06-01')
  await calc.locator('.el-date-editor input').press('Enter')
  await calc.getByTestId('calc-run').click()
  const result = page.getByTestId('calc-result')
  await result.waitFor()
  assert.match(await result.innerText(), /第四十一条（2009 年修订）/)
  await calc.locator('.el-date-editor input').fill('2026-06-01')
  await calc.locator('.el-date-editor input').press('Enter')
  await calc.getByTestId('calc-run').click()
  await result.filter({ hasText: '第四十四条（2024 年修正）' }).waitFor()
  await shot(page, 'review-benchmarks')
  await at390(page, 'review-benchmarks')
  await context.close()
})
