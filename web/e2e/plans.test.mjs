// Annual spot-check plans in the browser (DR-4, DR-5, DR-13, PUB-5): the province's unit head
// sees the demo's 2026 plan published on time and the deadline banner; a county unit head
// publishes its overdue 2026 draft (late), makes a 2027 plan whose ratio outside the item's range
// is refused beside the line, fixes it and publishes, then adjusts it — only with a reason — and
// both versions are public; the deadline view marks late and missing plans and replays a past
// day; the portal's plan page on a 390px phone.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { consoleLogin, launch, menuTitles, NEW_PASSWORD, newPage, openSpotcheckMenu, pickOption, settle, shot, tableRows } from './browser.mjs'

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

const fresh = (viewport) => newPage(browser, { viewport })

const openMenu = openSpotcheckMenu

/** Confirms the open ElMessageBox with the button named `name`. */
async function confirmBox(page, name) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.getByRole('button', { name }).click()
  await box.waitFor({ state: 'hidden' })
}

const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))

// R: DR-4, DR-5, DR-13
test('the province unit head sees the 2026 plan published on time, its lines and options, and the deadline banner', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head')
  const titles = await menuTitles(page)
  for (const t of ['年度抽查计划', '计划报送情况', '执法人员名录']) assert.ok(titles.includes(t), t)
  // 工作台: the plans in scope still unpublished after 31 March (the demo leaves most bureaus without one).
  if (thisYear === 2026) {
    const banner = page.getByTestId('plan-deadline-alert')
    await banner.waitFor()
    assert.match(await banner.innerText(), /2026 年度抽查工作计划：\d+ 个统计局逾期未公布/)
    assert.match(await banner.innerText(), /截止日期 2026-03-31 已过，未公布：市级 \d+ 个，县级 \d+ 个/)
  }

  await openMenu(page, '年度抽查计划', /\/console\/spotcheck\/plans$/)
  const table = page.getByTestId('plans-table')
  if (thisYear !== 2026) await pickOption(page, page.getByTestId('plans-year'), '2026 年')
  await page.getByTestId('plans-search').click()
  const zj = tableRows(table).filter({ hasText: '浙江省统计局2026年度' })
  await zj.waitFor()
  assert.match(await zj.getByTestId('plan-state').innerText(), /已公布/)
  assert.equal((await zj.getByTestId('plan-timeliness').innerText()).trim(), '按期公布')
  assert.match(await zj.innerText(), /2026-03-20 首次公布/)
  // Hangzhou's plan was adjusted in July: two published versions.
  const hz = tableRows(table).filter({ hasText: '杭州市统计局2026年度' })
  assert.match(await hz.getByTestId('plan-state').innerText(), /已调整/)
  // Xihu's is a draft, missing after 31 March.
  const xh = tableRows(table).filter({ hasText: '西湖区统计局2026年度' })
  assert.match(await xh.getByTestId('plan-state').innerText(), /草稿/)
  assert.equal((await xh.getByTestId('plan-timeliness').innerText()).trim(), '逾期未公布')
  await shot(page, 'plans-list')

  await zj.click()
  await page.waitForURL(/\/console\/spotcheck\/plans\/\d+$/)
  await page.getByTestId('plan-title').getByText('浙江省统计局2026年度“双随机、一公开”抽查工作计划').waitFor()
  assert.equal((await page.getByTestId('plan-timeliness').innerText()).trim(), '按期公布')
  const lines = tableRows(page.getByTestId('plan-lines'))
  assert.equal(await lines.count(), 2)
  assert.equal(await lines.nth(0).getByTestId('line-ratio').innerText(), '3%')
  assert.match(await lines.nth(0).innerText(), /严重失信\s*100%/)
  assert.match(await lines.nth(0).innerText(), /2026-04-01\s*至 2026-11-30/)
  const content = await page.getByTestId('plan-version-content').innerText()
  assert.match(content, /同一对象 3 年内不重复抽查/)
  assert.match(content, /重点单位每年检查/)
  // Its own unit head may adjust the published plan.
  await page.getByTestId('plan-adjust').waitFor()
  await shot(page, 'plans-detail-province')

  // Hangzhou's adjustment: the history shows what changed and why.
  await page.goBack()
  await tableRows(page.getByTestId('plans-table')).filter({ hasText: '杭州市统计局2026年度' }).click()
  await page.getByTestId('tab-history').click()
  const history = page.getByTestId('plan-history')
  await history.getByText('调整第 1 版').waitFor()
  const h = await history.innerText()
  assert.match(h, /调整原因：根据市“双随机、一公开”监管工作领导小组年中部署/)
  assert.match(h, /抽查频次\s*1次\/年\s*2次\/年/)
  assert.match(h, /高风险 5%[\s\S]*高风险 8%/)
  // A superior reads but cannot change a city's plan.
  assert.equal(await page.getByTestId('plan-adjust').count(), 0)
  await settle(page)
  await shot(page, 'plans-history-city')
  await context.close()
})

// R: DR-4, DR-5, PUB-5
test('a county unit head publishes its overdue draft, makes next year’s plan with the server’s line error shown, publishes and adjusts it', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'xh_unit_head')
  await openMenu(page, '年度抽查计划', /\/console\/spotcheck\/plans$/)

  // The demo's 2026 draft: publishing it now, after 31 March, is late.
  if (thisYear !== 2026) await pickOption(page, page.getByTestId('plans-year'), '2026 年')
  await page.getByTestId('plans-search').click()
  await tableRows(page.getByTestId('plans-table')).filter({ hasText: '西湖区统计局2026年度' }).click()
  await page.waitForURL(/\/console\/spotcheck\/plans\/\d+$/)
  await page.getByTestId('plan-publish').click()
  await confirmBox(page, '公布')
  await page.locator('.el-message--success', { hasText: '已公布第 1 版' }).waitFor()
  await page.getByTestId('plan-timeliness').getByText('逾期公布').waitFor()
  await page.getByRole('button', { name: '返回列表' }).click()

  const next = thisYear + 1
  await pickOption(page, page.getByTestId('plan-create-year'), `${next} 年度`)
  await page.getByTestId('plan-create').click()
  await page.waitForURL(/\/console\/spotcheck\/plans\/new/)
  await page.getByTestId('plan-edit-heading').getByText(`制订 ${next} 年度抽查工作计划`).waitFor()
  const line = page.getByTestId('plan-line').first()
  assert.match(await line.getByTestId('line-spec').innerText(), /比例 3% · 频次 1-2次\/年/)
  assert.equal(await line.locator('input[name=ratio]').inputValue(), '3')

  // 5% is outside the item's 3%: the server's reason appears on that line and that field.
  await line.locator('input[name=ratio]').fill('5')
  await page.getByTestId('plan-save').click()
  const err = line.getByTestId('line-error')
  await err.waitFor()
  assert.match(await err.innerText(), /第 1 项抽查事项：抽查比例应在该事项规定的幅度内（3%）/)
  await line.locator('[data-field=ratio_bp] .el-form-item__error', { hasText: '规定的幅度内' }).waitFor()
  await settle(page)
  await shot(page, 'plans-edit-line-error')

  // The differentiated ratios follow the ordering rule: a trustworthy ratio above the base is refused.
  await line.locator('input[name=ratio]').fill('3')
  await line.locator('input[name=credit_trustworthy]').fill('4')
  await page.getByTestId('plan-save').click()
  await line.locator('[data-field="credit_ratios.trustworthy"] .el-form-item__error', { hasText: '不能低于守信对象的' }).waitFor()
  await line.locator('input[name=credit_trustworthy]').fill('1')
  await line.locator('input[name=credit_seriously_dishonest]').fill('100')
  await line.locator('input[name=risk_high]').fill('6')
  await page.getByTestId('plan-chengde').click()
  await page.getByTestId('plan-save').click()
  await page.locator('.el-message--success', { hasText: '已保存第 1 版（草稿）' }).waitFor()
  await page.waitForURL(/\/console\/spotcheck\/plans\/\d+$/)
  assert.match(await page.getByTestId('plan-state').innerText(), /草稿/)
  const content = await page.getByTestId('plan-version-content').innerText()
  assert.match(content, /守信\s*1%/)
  assert.match(content, /高风险\s*6%/)
  assert.match(content, /同一对象 3 年内不重复抽查/)
  // A county draws no counties: Chengde's multi-stage draw is not offered to it.
  assert.doesNotMatch(content, /多阶段抽取/)

  await page.getByTestId('plan-publish').click()
  await confirmBox(page, '公布')
  // The same words of the draft published just before may still be fading out: not that one.
  await page.locator('.el-message--success:not(.el-message-fade-leave-active)', { hasText: '已公布第 1 版' }).waitFor()
  await page.getByTestId('plan-state').getByText('已公布').waitFor()

  // An adjustment needs a reason.
  await page.getByTestId('plan-adjust').click()
  await page.waitForURL(/\/edit$/)
  await page.getByTestId('plan-edit-heading').getByText(`调整 ${next} 年度抽查工作计划`).waitFor()
  const first = page.getByTestId('plan-line').first()
  await first.locator('input[name=frequency]').fill('2')
  await first.locator('input[name=frequency]').press('Tab')
  await page.getByTestId('plan-save-publish').click()
  await page.locator('.el-form-item__error', { hasText: '已公布的计划调整后须说明调整原因' }).waitFor()
  await page.locator('textarea[name=reason]').fill('下半年增加一次检查')
  await page.getByTestId('plan-save-publish').click()
  await confirmBox(page, '保存并公布')
  await page.locator('.el-message--success', { hasText: '已公布第 2 版' }).waitFor()
  await page.waitForURL(/\/console\/spotcheck\/plans\/\d+$/)
  await page.getByTestId('plan-state').getByText('已调整').waitFor()
  await page.getByTestId('tab-history').click()
  const history = await page.getByTestId('plan-history').innerText()
  assert.match(history, /第 2 版[\s\S]*调整第 1 版[\s\S]*调整原因：下半年增加一次检查[\s\S]*抽查频次\s*1次\/年\s*2次\/年/)
  await settle(page)
  await shot(page, 'plans-adjusted')

  // The portal lists both published versions, the adjustment with its reason.
  await page.goto(`${server.base}/plans`)
  await page.getByTestId('public-plans-year').selectOption(String(next))
  const card = page.getByTestId('public-plan').filter({ hasText: '西湖区统计局' })
  await card.waitFor()
  const versions = card.getByTestId('public-plan-version')
  assert.equal(await versions.count(), 2)
  assert.match(await versions.nth(0).innerText(), /第 2 版[\s\S]*调整第 1 版[\s\S]*调整原因下半年增加一次检查/)
  assert.match(await versions.nth(1).innerText(), /第 1 版/)
  await context.close()
})

// R: DR-4
test('the deadline view marks late and missing plans and replays a past day', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_unit_head', { password: NEW_PASSWORD })
  await openMenu(page, '计划报送情况', /\/console\/spotcheck\/plan-status/)
  if (thisYear !== 2026) await pickOption(page, page.getByTestId('status-year'), '2026 年')
  const table = page.getByTestId('status-table')
  const row = (name) => tableRows(table).filter({ hasText: name }).first()
  await row('浙江省统计局').waitFor()
  const state = async (name) => (await row(name).getByTestId('status-timeliness').innerText()).trim()
  assert.equal(await state('浙江省统计局'), '按期公布')
  assert.equal(await state('杭州市统计局'), '按期公布')
  // Xihu published its draft in the previous test, after 31 March: late, marked red.
  assert.equal(await state('西湖区统计局'), '逾期公布')
  assert.match((await row('西湖区统计局').getAttribute('class')) ?? '', /row-bad/)
  assert.equal(await state('宁波市统计局'), '逾期未公布')
  assert.match((await row('宁波市统计局').getAttribute('class')) ?? '', /row-bad/)
  assert.equal(await row('西湖区统计局').getByTestId('status-timeliness').evaluate((e) => e.classList.contains('el-tag--danger')), true)
  const summary = await page.getByTestId('status-summary').innerText()
  assert.match(summary, /2\s*按期公布/)
  assert.match(summary, /1\s*逾期公布/)
  await page.getByTestId('plan-deadline-alert').waitFor()
  await shot(page, 'plans-status')

  // As of 25 March 2026 Hangzhou had not yet published (27 March): pending, with the warning.
  const date = page.getByTestId('status-date').locator('input')
  await date.fill('2026-03-25')
  await date.press('Enter')
  await row('杭州市统计局').getByTestId('status-timeliness').getByText('尚未公布').waitFor()
  assert.match(await row('杭州市统计局').innerText(), /预警/)
  assert.equal(await state('浙江省统计局'), '按期公布')
  assert.match(await page.getByTestId('plan-deadline-alert').innerText(), /尚未公布[\s\S]*请于 2026-03-31 前公布/)
  // Only on-time counts: the missing card filters.
  await page.getByTestId('status-card-on_time').click()
  assert.equal(await tableRows(table).count(), 1)
  await context.close()
})

// R: PUB-5, PUB-10
test('the portal lists the published plans with every version, on a desktop and on a 390px phone', async () => {
  for (const [viewport, name] of [[{ width: 1280, height: 900 }, 'desktop'], [{ width: 390, height: 844 }, 'phone']]) {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', ...(name === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) })
    const page = await context.newPage()
    await page.goto(`${server.base}/`)
    await page.locator('.nav').getByText('抽查计划').click()
    await page.waitForURL(/\/plans$/)
    await page.getByTestId('public-plans-year').selectOption('2026')
    const hz = page.getByTestId('public-plan').filter({ hasText: '杭州市统计局' })
    await hz.waitFor()
    assert.match(await hz.getByTestId('public-plan-timeliness').innerText(), /按期公布/)
    const versions = hz.getByTestId('public-plan-version')
    assert.equal(await versions.count(), 2)
    assert.match(await versions.nth(0).innerText(), /第 2 版[\s\S]*2026-07-08 公布[\s\S]*调整原因/)
    assert.match(await versions.nth(1).locator('summary').innerText(), /第 1 版\s*2026-03-27 公布/)
    const zj = page.getByTestId('public-plan').filter({ hasText: '浙江省统计局' })
    assert.match(await zj.getByTestId('public-plan-line').first().innerText(), /3%/)
    // Drafts and staff names are not public.
    const all = await page.getByTestId('public-plans').innerText()
    assert.doesNotMatch(all, /周海涛/)
    if (name === 'phone') {
      const w = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(w <= 390, `the plan page is ${w}px wide at 390px`)
    }
    await shot(page, `portal-plans-${name}`)
    await context.close()
  }
})
