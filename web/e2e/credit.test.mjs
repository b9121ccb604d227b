// 统计信用 in the browser (CRED-1, DR-11): a Hangzhou case with an approved penalty decision made
// eight months ago (driven through the API); in the console the unit head proposes the hotel as
// seriously dishonest on that case, the bureau head approves, the publicity officer publishes it
// from a day eight months back; the public list shows it on a 390px phone without overflow and
// without staff names; the unit head enters the party's repair application and the bureau head
// approves it; the public list no longer shows it. Screenshots in e2e/screenshots/credit-*.png.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { assertNoHorizontalOverflow, launch, newPage, openMenu, pageApi, phoneContext, shot, signIn } from './browser.mjs'

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

// Beijing's today minus `n` days, YYYY-MM-DD.
function daysAgo(n) {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
  const d = new Date(today + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() - n)
  return d.toISOString().slice(0, 10)
}

async function fillDate(scope, value) {
  const input = scope.locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
}

async function portalText() {
  const phone = await phoneContext(browser, 390, 844)
  const p = await phone.newPage()
  await p.goto(`${server.base}/credit`)
  await p.locator('[data-testid=portal-credit-item], [data-testid=portal-credit-empty]').first().waitFor()
  await assertNoHorizontalOverflow(p, 390)
  const text = await p.getByTestId('portal-credit').innerText()
  return { phone, page: p, text }
}

const PARTY = '杭州湖滨酒店管理有限公司'
const DECISION_NO = '杭统罚决〔E2E〕8号'
let recordUrl

// R: CRED-1, DR-11
test('propose, approve, publish: on the public list at 390px', async () => {
  const unit = await login('hz_unit_head')
  const head = await login('hz_head')
  const insp = await login('hz_insp1')
  const found = await api(unit.page, 'GET', `/objects?q=${encodeURIComponent('湖滨酒店')}`)
  const code = found.body.items[0].credit_code
  // The handlers: hz_insp1 and hz_insp3, as the demo's cases have.
  const ids = {}
  for (const u of ['hz_insp1', 'hz_insp3']) {
    const r = await api(unit.page, 'GET', `/users?q=${u}`)
    ids[u] = r.body?.items?.find((x) => x.username === u)?.id
    assert.ok(ids[u], `${u}: ${JSON.stringify(r.body)}`)
  }
  const created = await api(unit.page, 'POST', '/cases', {
    procedure: 'general', party_kind: 'org', party_name: PARTY, party_code: code, source_kind: 'ex_officio',
    summary: '涉嫌提供不真实统计资料', unit_name: '法规执法科', handlers: [ids.hz_insp1, ids.hz_insp3],
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const id = created.body.id
  const step = (who, kind, content, on) => api(who.page, 'POST', `/cases/${id}/steps`, { kind, content, done_on: on })
  const start = 270
  for (const [who, kind, content, on] of [
    [unit, 'plan_approval', { basis: '统计法', period: '本月', scope: '年报', content: '核查', organisation: '两人', opinion: '同意' }, daysAgo(start)],
    [head, 'opening_approval', { reason: '数据异常', opinion: '同意立案' }, daysAgo(start)],
    [insp, 'rights_notice', { proposed: '拟罚款', rights: '陈述、申辩、听证、复议、诉讼', manner: '书面直接送达', party_signed: true }, daysAgo(start - 1)],
  ]) assert.equal((await step(who, kind, content, on)).status, 201, kind)
  const decided = await api(insp.page, 'POST', `/cases/${id}/decision`, {
    content: { decision_kind: 'penalty', amount_fen: 300000, facts: '虚报', basis: '统计法' }, done_on: daysAgo(start - 5),
  })
  assert.equal(decided.status, 201, JSON.stringify(decided.body))
  assert.equal((await step(head, 'decision_approval', { approved: true, opinion: '同意' }, daysAgo(start - 6))).status, 201)
  const caseNumber = decided.body.number

  // ---- the unit head proposes, in the console -------------------------------------------------
  await openMenu(unit.page, '统计信用', '失信记录', /\/console\/credit\/records$/)
  await unit.page.getByTestId('credit-records').waitFor()
  await unit.page.getByTestId('credit-propose').click()
  const dlg = unit.page.getByTestId('credit-propose-dialog')
  await dlg.getByTestId('credit-form-code').locator('xpath=descendant-or-self::input').fill(code)
  const caseSelect = dlg.getByTestId('credit-form-case')
  await caseSelect.click()
  await caseSelect.locator('input').fill(caseNumber ?? PARTY.slice(0, 4))
  await unit.page.locator('.el-select-dropdown:visible .el-select-dropdown__item').first().click()
  await dlg.getByTestId('credit-form-decision-no').locator('xpath=descendant-or-self::input').fill(DECISION_NO)
  await dlg.getByTestId('credit-form-basis').locator('xpath=descendant-or-self::textarea').fill('虚报统计资料，情节严重')
  await fillDate(dlg.getByTestId('credit-form-date'), daysAgo(start - 10))
  await shot(unit.page, 'credit-propose')
  await dlg.getByTestId('credit-form-submit').click()
  await unit.page.waitForURL(/\/console\/credit\/records\/\d+$/)
  recordUrl = unit.page.url()
  assert.equal((await unit.page.getByTestId('credit-detail-status').innerText()).trim(), '待审批')

  // ---- the bureau head approves ---------------------------------------------------------------
  await head.page.goto(recordUrl)
  await head.page.getByTestId('credit-approve').click()
  await head.page.getByTestId('credit-detail-status').filter({ hasText: '待公示' }).waitFor()

  // ---- the publicity officer publishes from eight months back ---------------------------------
  const pub = await login('hz_pub')
  await pub.page.goto(recordUrl)
  await pub.page.getByTestId('credit-publication').waitFor()
  await fillDate(pub.page.getByTestId('credit-published-on'), daysAgo(start - 15))
  await pub.page.getByTestId('credit-publish').click()
  await pub.page.getByTestId('credit-detail-status').filter({ hasText: '公示中' }).waitFor()
  assert.match(await pub.page.getByTestId('credit-period').innerText(), new RegExp(daysAgo(start - 15)))
  await shot(pub.page, 'credit-record')

  // ---- the public list on a phone -------------------------------------------------------------
  const portal = await portalText()
  assert.match(portal.text, new RegExp(PARTY))
  assert.match(portal.text, new RegExp(code))
  assert.match(portal.text, /杭统罚决〔E2E〕8号/)
  for (const name of ['朱建华', '杨光明', '施佳']) assert.doesNotMatch(portal.text, new RegExp(name))
  await shot(portal.page, 'credit-portal-390')
  await portal.phone.close()
  for (const s of [unit, head, insp, pub]) await s.context.close()
})

// R: CRED-1
test('repair: entered, approved, gone from the public list', async () => {
  assert.ok(recordUrl, 'the first test published a record')
  const unit = await login('hz_unit_head')
  await unit.page.goto(recordUrl)
  const form = unit.page.getByTestId('credit-repair-form')
  await form.waitFor()
  await form.getByTestId('repair-applicant').locator('xpath=descendant-or-self::input').fill(PARTY)
  await form.getByTestId('repair-rectification').locator('xpath=descendant-or-self::textarea').fill('已补报全部统计资料，建立统计台账')
  await form.getByTestId('repair-document').locator('xpath=descendant-or-self::input').fill('整改报告1号')
  await form.getByTestId('repair-apply').click()
  await unit.page.getByTestId('credit-repair-pending').waitFor()

  const head = await login('hz_head')
  await head.page.goto(recordUrl)
  await head.page.getByTestId('repair-reason').locator('xpath=descendant-or-self::textarea').fill('整改到位，公示已满六个月')
  await head.page.getByTestId('repair-approve').click()
  await head.page.getByTestId('credit-detail-status').filter({ hasText: '信用修复提前移出' }).waitFor()
  const history = await head.page.getByTestId('credit-history').innerText()
  for (const act of ['提出认定', '批准', '公示', '信用修复申请', '同意信用修复']) assert.match(history, new RegExp(act))
  await shot(head.page, 'credit-repaired')

  const portal = await portalText()
  assert.doesNotMatch(portal.text, new RegExp(PARTY))
  await portal.phone.close()
  await unit.context.close()
  await head.context.close()
})
