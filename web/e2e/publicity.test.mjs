// 行政执法公示 in the browser (PUB-1..PUB-4, PUB-7, PUB-10): the demo's Hangzhou decision that
// awaits review carries a witness's name, mobile number, ID number and address. hz_pub (who
// entered it by hand) sees the original beside the masked text and is refused as its reviewer;
// the bureau head hz_head masks one more word and reviews it; hz_pub publishes it. The portal on
// a 390px phone finds it by a search word and shows none of the planted data. hz_pub corrects the
// published check result in the console; once reviewed and published, the portal shows both
// versions with the reason. The unit head (no publicity.review) sees no review or publish.
// Screenshots in e2e/screenshots/publicity-*.png.
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

// What the demo planted in the draft's facts (src/demo/publicity_demo.cpp).
const PLANTED = ['李明', '13812345678', '330106199003071234', '文三路138号5幢601室']
const EXTRA = '西湖区'
let draftId

// R: PUB-1, PUB-3, PUB-7, PUB-10
test('a draft with planted personal data is masked, masked more, reviewed, published and found on a phone', async () => {
  const pub = await login('hz_pub')
  await openMenu(pub.page, '行政执法公示', '公示管理', /\/console\/publicity$/)
  await pub.page.getByTestId('pub-list').waitFor()
  const drafts = await api(pub.page, 'GET', '/disclosures?state=draft&kind=penalty_decision')
  draftId = drafts.body.items.find((d) => d.source.kind === 'case')?.id
  assert.ok(draftId, JSON.stringify(drafts.body))
  // The list shows its deadline with the working days left.
  await pub.page.getByTestId('pub-row-deadline').filter({ hasText: /前公示，剩 \d+ 个工作日/ }).first().waitFor()
  await pub.page.locator('.el-tabs__item', { hasText: '期限提醒' }).click()
  await pub.page.getByTestId('pub-deadlines').locator('tbody tr').first().waitFor()
  await shot(pub.page, 'publicity-list')

  await pub.page.goto(`${server.base}/console/publicity/${draftId}`)
  const content = pub.page.getByTestId('pub-content')
  await content.waitFor()
  const masked = (await pub.page.getByTestId('pub-masked').allInnerTexts()).join('\n')
  const original = (await pub.page.getByTestId('pub-original').allInnerTexts()).join('\n')
  for (const s of PLANTED) {
    assert.ok(original.includes(s), `original shows ${s}`)
    assert.ok(!masked.includes(s), `masked text hides ${s}`)
  }
  assert.match(masked, /李某/)
  assert.match(masked, /138\*\*\*\*5678/)
  assert.match(masked, /3301\*\*\*\*\*\*\*\*\*\*1234/)
  assert.ok((await content.getByTestId('pub-mark').count()) >= 8, 'the masked parts are highlighted on both sides')
  assert.match(await pub.page.getByTestId('pub-deadline').innerText(), /前公示/)
  // hz_pub edited this draft by hand: she may not review it, so the page offers her no review
  // (the server's actions leave it out), while publishing waits for someone else's review.
  assert.equal(await pub.page.getByTestId('pub-review-submit').count(), 0)
  const refused = await api(pub.page, 'POST', `/disclosures/${draftId}/review`, {})
  assert.equal(refused.body.error.code, 'publicity.self_review')
  await shot(pub.page, 'publicity-draft')

  // ---- the bureau head masks one more word and reviews ----------------------------------------
  const head = await login('hz_head')
  await head.page.goto(`${server.base}/console/publicity/${draftId}`)
  await head.page.getByTestId('pub-review').waitFor()
  assert.equal(await head.page.getByTestId('pub-publish').count(), 0, 'the bureau head may review but not publish')
  await head.page.getByTestId('pub-add-masks').fill(EXTRA)
  await head.page.getByTestId('pub-review-submit').click()
  await head.page.getByTestId('pub-state').filter({ hasText: '已审核' }).waitFor()
  const after = (await head.page.getByTestId('pub-masked').allInnerTexts()).join('\n')
  assert.ok(!after.includes(EXTRA), 'the added mask is applied')
  assert.match(after, /杭州市\*\*\*/)
  assert.equal((await head.page.getByTestId('pub-extra-masks').innerText()).trim(), EXTRA)
  assert.match(await head.page.getByTestId('pub-versions').innerText(), /杨光明/)
  await shot(head.page, 'publicity-reviewed')

  // ---- hz_pub publishes -------------------------------------------------------------------------
  await pub.page.reload()
  await pub.page.getByTestId('pub-publish-submit').click()
  await pub.page.getByTestId('pub-state').filter({ hasText: '已公示' }).waitFor()
  const versions = await pub.page.getByTestId('pub-versions').innerText()
  assert.match(versions, /施佳/)
  assert.match(versions, /杨光明/)

  // ---- the portal on a 390px phone ---------------------------------------------------------------
  const phone = await phoneContext(browser, 390, 844)
  const p = await phone.newPage()
  await p.goto(`${server.base}/`)
  await p.locator('.card', { hasText: '执法决定与抽查结果公示' }).click()
  await p.waitForURL(/\/disclosures$/)
  await p.getByTestId('pd-item').first().waitFor()
  await p.getByTestId('pd-q').fill('钱塘餐饮')
  await p.getByTestId('pd-search').click()
  await p.waitForURL(/q=/)
  await p.getByTestId('pd-total').filter({ hasText: /^1 条$/ }).waitFor()
  await assertNoHorizontalOverflow(p, 390)
  await shot(p, 'publicity-portal-phone')
  await p.getByTestId('pd-link').first().click()
  await p.getByTestId('pd-content').waitFor()
  const page = await p.locator('body').innerText()
  assert.match(page, /杭州钱塘餐饮管理有限公司/)
  for (const s of [...PLANTED, EXTRA]) assert.ok(!page.includes(s), `the portal shows no ${s}`)
  assert.match(page, /李某/)
  assert.doesNotMatch(page, /施佳|杨光明/)  // no staff names of the pipeline
  await assertNoHorizontalOverflow(p, 390)
  await shot(p, 'publicity-portal-detail-phone')
  await phone.close()
  await pub.context.close()
  await head.context.close()
})

// R: PUB-4
test('a correction is reviewed, published and kept with its history', async () => {
  const pub = await login('hz_pub')
  const list = await api(pub.page, 'GET', '/disclosures?kind=check_result&state=published')
  const id = list.body.items[0]?.id
  assert.ok(id, JSON.stringify(list.body))
  await pub.page.goto(`${server.base}/console/publicity/${id}`)
  await pub.page.getByTestId('pub-correct-open').click()
  const dlg = pub.page.getByTestId('pub-correct-dialog')
  // Without a reason the server refuses, on the reason's field.
  await dlg.getByTestId('pub-correct-submit').click()
  await dlg.locator('.el-form-item.is-error', { hasText: '更正理由' }).waitFor()
  await dlg.getByTestId('pub-field-content.result').fill('未发现问题：2025年统计年报数据与原始记录、统计台账、财务报表一致')
  await dlg.getByTestId('pub-correct-reason').fill('原公示的检查结果漏列财务报表，予以更正')
  await dlg.getByTestId('pub-correct-submit').click()
  await pub.page.getByTestId('pub-state').filter({ hasText: '待审核' }).waitFor()
  assert.match(await pub.page.getByTestId('pub-versions').innerText(), /第 2 版[\s\S]*漏列财务报表/)
  // The portal still shows the published version until the correction is published.
  const before = await (await fetch(`${server.base}/api/v1/portal/disclosures/${id}`)).json()
  assert.equal(before.version, 1)

  const head = await login('hz_head')
  await head.page.goto(`${server.base}/console/publicity/${id}`)
  await head.page.getByTestId('pub-review-submit').click()
  await head.page.getByTestId('pub-state').filter({ hasText: '已审核' }).waitFor()
  await pub.page.reload()
  await pub.page.getByTestId('pub-publish-submit').click()
  await pub.page.getByTestId('pub-state').filter({ hasText: '已公示' }).waitFor()
  await shot(pub.page, 'publicity-corrected')

  const phone = await phoneContext(browser, 390, 844)
  const p = await phone.newPage()
  await p.goto(`${server.base}/disclosures/${id}`)
  await p.getByTestId('pd-history').first().waitFor()
  assert.equal(await p.getByTestId('pd-history').count(), 2)
  const text = await p.getByTestId('public-disclosure').innerText()
  assert.match(text, /第 2 版 · 现行/)
  assert.match(text, /第 1 版 · 已更正/)
  assert.match(text, /更正理由：原公示的检查结果漏列财务报表/)
  assert.match(await p.getByTestId('pd-content').innerText(), /财务报表一致/)
  await assertNoHorizontalOverflow(p, 390)
  await shot(p, 'publicity-portal-history-phone')
  await phone.close()
  await pub.context.close()
  await head.context.close()
})

// R: PUB-1 — review and publication are acts of those allowed them only.
test('a user without publicity.review sees no review button', async () => {
  const unit = await login('hz_unit_head')
  const list = await api(unit.page, 'GET', '/disclosures?state=draft')
  assert.equal(list.status, 200, JSON.stringify(list.body))
  const me = await api(unit.page, 'GET', '/auth/me')
  assert.ok(!me.body.user.permissions.includes('publicity.review'))
  // A fresh draft to look at: the unit head enters one by hand, in the form built from the spec.
  await openMenu(unit.page, '行政执法公示', '公示管理', /\/console\/publicity$/)
  await unit.page.getByTestId('pub-new').click()
  await unit.page.waitForURL(/\/console\/publicity\/new$/)
  const form = unit.page.getByTestId('pub-new-form')
  await form.locator('.el-radio', { hasText: '其他行政执法决定' }).click()
  const field = (k) => form.locator(`[data-field="content.${k}"]`)
  await field('object.name').locator('textarea').fill('杭州临平纺织有限公司')
  await field('object.credit_code').locator('textarea').fill('91330113MA2GL1XK0X')
  await field('category').locator('.el-radio', { hasText: '不予行政处罚' }).click()
  await field('legal_basis').locator('textarea').fill('《中华人民共和国行政处罚法》第三十三条')
  await field('conclusion').locator('textarea').fill('不予行政处罚')
  await field('decision_number').locator('textarea').fill('杭统不罚〔2026〕1号')
  const date = field('decision_date').locator('input')
  await date.click()
  await date.fill('2026-11-02')
  await date.press('Enter')
  await form.getByTestId('pub-new-submit').click()
  // A wrong credit code is refused on its field; nothing is created.
  await form.locator('.el-form-item.is-error[data-field="content.object.credit_code"]').waitFor()
  await shot(unit.page, 'publicity-new-error')
  await field('object.credit_code').locator('textarea').fill('91330106MA27XL0F3B')
  await form.getByTestId('pub-new-submit').click()
  await unit.page.waitForURL(/\/console\/publicity\/\d+$/)
  await unit.page.getByTestId('pub-content').waitFor()
  assert.equal(await unit.page.getByTestId('pub-review').count(), 0)
  assert.equal(await unit.page.getByTestId('pub-publish').count(), 0)
  assert.equal(await unit.page.getByTestId('pub-review-submit').count(), 0)
  await shot(unit.page, 'publicity-unit-head')
  await unit.context.close()
})
