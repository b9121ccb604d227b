import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { DEMO_PASSWORD, NEW_PASSWORD, consoleLogin, launch, menuTitles, shot } from './browser.mjs'

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

async function fresh(viewport = { width: 1366, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  return { context, page }
}

test('a wrong password shows the server message', async () => {
  const { context, page } = await fresh()
  await page.goto(`${server.base}/console/`)
  await page.waitForURL(/\/console\/login/)
  await page.locator('input[name=username]').fill('zj_insp1')
  await page.locator('input[name=password]').fill('wrong-Password1')
  await page.getByRole('button', { name: '登 录' }).click()
  const err = page.locator('[data-testid=login-error]')
  await err.waitFor()
  assert.match(await err.innerText(), /用户名或密码/)
  assert.equal(new URL(page.url()).pathname, '/console/login')
  await shot(page, 'console-login-error')
  await context.close()
})

test('sysadmin changes the password at first login and sees 机构/人员/工作日历 but no 操作日志', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'sysadmin', { screenshot: 'console-force-password' })
  assert.equal(new URL(page.url()).pathname, '/console/')
  const titles = await menuTitles(page)
  assert.deepEqual(titles, ['工作台', '机构与人员', '机构', '人员', '工作日历'])
  assert.ok(!titles.includes('操作日志'))
  assert.ok(!titles.includes('安全策略'))
  await page.getByTestId('welcome').waitFor()
  assert.match(await page.getByTestId('header-bureau').innerText(), /浙江省统计局/)
  await shot(page, 'console-sysadmin-dashboard')
  // The audit log is not reachable by address either.
  await page.goto(`${server.base}/console/audit`)
  await page.getByText('无权访问').first().waitFor()
  await context.close()
})

test('sysadmin creates a user through the dialog', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'sysadmin', { password: NEW_PASSWORD })
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '人员' }).click()
  await page.waitForURL(/\/console\/org\/users/)
  await page.locator('[data-testid=user-table] .el-table__row').first().waitFor()
  await shot(page, 'console-users')
  await page.getByTestId('user-create').click()
  const dialog = page.locator('.el-dialog', { hasText: '新增用户' })
  await dialog.waitFor()
  await dialog.locator('input[name=username]').fill('zj_insp9')
  await dialog.locator('input[name=name]').fill('测试执法员')
  // Roles: the dialog starts with 执法人员 ticked; add 档案管理员 too.
  await dialog.locator('.el-checkbox', { hasText: '档案管理员' }).click()
  await dialog.locator('input[name=password]').fill('Init@2026pw')
  await shot(page, 'console-user-dialog')
  await dialog.getByTestId('user-save').click()
  await page.locator('.el-message--success', { hasText: '已新增用户 zj_insp9' }).waitFor()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('.search-form input[placeholder="用户名或姓名"]').fill('zj_insp9')
  await page.getByRole('button', { name: '搜索' }).click()
  const row = page.locator('[data-testid=user-table] .el-table__row', { hasText: 'zj_insp9' })
  await row.waitFor()
  const text = await row.innerText()
  assert.match(text, /测试执法员/)
  assert.match(text, /执法人员/)
  assert.match(text, /档案管理员/)
  assert.match(text, /待改密/)
  // A username already taken is named on its field.
  await page.getByTestId('user-create').click()
  await dialog.waitFor()
  await dialog.locator('input[name=username]').fill('zj_insp9')
  await dialog.locator('input[name=name]').fill('重复')
  await dialog.locator('input[name=password]').fill('Init@2026pw')
  await dialog.getByTestId('user-save').click()
  await dialog.locator('.el-form-item.is-error', { hasText: '用户名' }).waitFor()
  assert.match(await dialog.locator('.el-form-item.is-error .el-form-item__error').first().innerText(), /已被使用/)
  await context.close()
})

test('sysadmin loads a calendar year from a JSON file', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'sysadmin', { password: NEW_PASSWORD })
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '工作日历' }).click()
  await page.waitForURL(/\/console\/calendar/)
  const card = page.getByTestId('calendar-load')
  await card.waitFor()
  const year = {
    year: 2098,
    source: '测试用放假安排',
    days: [
      { date: '2098-01-01', kind: 'holiday', name: '元旦' },
      { date: '2098-01-02', kind: 'holiday', name: '元旦' },
      { date: '2098-01-04', kind: 'workday', name: '元旦' },
    ],
  }
  await card.locator('input[type=file]').setInputFiles({ name: 'cal-2098.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(year)) })
  await card.getByText('已读取：cal-2098.json').waitFor()
  assert.match(await card.innerText(), /共 3 条：放假 2 天，调休上班 1 天/)
  await card.getByRole('button', { name: '载入 2098 年' }).click()
  const ok = page.locator('.el-message--success', { hasText: '已载入 2098 年工作日历' })
  const bad = page.locator('.el-message--error')
  await Promise.race([ok.waitFor(), bad.waitFor()])
  if (await bad.count()) {
    // The server may refuse a year that far from its coverage; the page must say why.
    assert.ok((await bad.first().innerText()).length > 0)
  } else {
    // The toast comes before the year table has reloaded: wait for the table, not the toast.
    const table = page.locator('.el-card', { hasText: '年度放假与调休安排' })
    await table.getByText('2098-01-04').waitFor({ timeout: 10000 })
    assert.match(await table.innerText(), /2098-01-04/)
  }
  await shot(page, 'console-calendar-load')
  await context.close()
})

test('the new user must change the password too, even when opening a page directly', async () => {
  const { context, page } = await fresh()
  await page.goto(`${server.base}/console/login?redirect=/org/people`)
  await page.locator('input[name=username]').fill('zj_insp9')
  await page.locator('input[name=password]').fill('Init@2026pw')
  await page.getByRole('button', { name: '登 录' }).click()
  await page.waitForURL(/\/console\/password/)
  await page.goto(`${server.base}/console/org/people`)
  await page.waitForURL(/\/console\/password/)
  // The API itself refuses too (403 auth.password_change_required).
  const status = await page.evaluate(async () => (await fetch('/api/v1/bureaus')).status)
  assert.equal(status, 403)
  await context.close()
})

test('auditadmin sees 操作日志 and nothing that edits', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'auditadmin')
  const titles = await menuTitles(page)
  assert.deepEqual(titles, ['工作台', '工作日历', '操作日志'])
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '操作日志' }).click()
  await page.waitForURL(/\/console\/audit/)
  const rows = page.locator('[data-testid=audit-table] .el-table__row')
  await rows.first().waitFor()
  const all = await page.locator('[data-testid=audit-table]').innerText()
  assert.match(all, /登录/)
  assert.match(all, /修改密码/)
  assert.equal(await page.getByRole('button', { name: /新增|保存|删除/ }).count(), 0)
  await shot(page, 'console-audit-log')
  // Filter by action.
  await page.locator('[data-testid=audit-table] .el-table__row', { hasText: '新增用户' }).first().waitFor()
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '工作日历' }).click()
  await page.waitForURL(/\/console\/calendar/)
  await page.getByText('日历覆盖情况').waitFor()
  assert.equal(await page.getByTestId('calendar-load').count(), 0)
  await page.goto(`${server.base}/console/org/users`)
  await page.getByText('无权访问').first().waitFor()
  await context.close()
})

test('secadmin sees 安全策略 and a weaker-than-legal policy is refused', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'secadmin')
  const titles = await menuTitles(page)
  assert.deepEqual(titles, ['工作台', '工作日历', '安全策略'])
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '安全策略' }).click()
  await page.waitForURL(/\/console\/security/)
  const form = page.getByTestId('policy-form')
  await form.waitFor()
  const value = await form.locator('.el-input-number input').first().inputValue()
  assert.ok(Number(value) >= 8)
  // The page's limits are the legal ones; the server is checked directly for the 422 shape.
  const res = await page.evaluate(async () => {
    const me = await (await fetch('/api/v1/auth/me')).json()
    const r = await fetch('/api/v1/security-policy', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({ lockout_threshold: 9 }),
    })
    return { status: r.status, body: await r.json() }
  })
  assert.equal(res.status, 422)
  assert.equal(res.body.error.details.field, 'lockout_threshold')
  await page.getByRole('button', { name: '保存' }).click()
  await page.locator('.el-message--success', { hasText: '安全策略已保存' }).waitFor()
  await shot(page, 'console-security-policy')
  await context.close()
})

test('an inspector sees 工作台, the read-only directory, the evidence pages, 双随机, 案件办理 and the calendar only', async () => {
  const { context, page } = await fresh()
  await consoleLogin(page, server.base, 'zj_insp1')
  const titles = await menuTitles(page)
  assert.deepEqual(titles, ['工作台', '机构与人员', '机构', '人员', '执法音像', '执法音像记录', '音像设备', '双随机', '抽查事项清单', '检查表式', '年度抽查计划', '计划报送情况', '抽查批次', '检查记录', '调查对象名录', '涉外调查机构', '执法人员名录', '培训计划', '案件办理', '案件', '期限', '归档', '问题线索', '工作日历'])
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: /^人员$/ }).click()
  await page.waitForURL(/\/console\/org\/people/)
  await page.locator('[data-testid=people-table] .el-table__row').first().waitFor()
  assert.equal(await page.getByTestId('user-create').count(), 0)
  await shot(page, 'console-people-directory')
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '机构' }).first().click()
  await page.waitForURL(/\/console\/org\/bureaus/)
  await page.getByTestId('bureau-detail').waitFor()
  assert.equal(await page.getByRole('button', { name: '新增下级机构' }).count(), 0)
  assert.match(await page.getByTestId('bureau-tree').innerText(), /浙江省统计局/)
  await shot(page, 'console-bureaus')
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: '工作日历' }).click()
  await page.waitForURL(/\/console\/calendar/)
  await page.getByRole('button', { name: '计算' }).first().click()
  const result = page.getByTestId('add-result')
  await result.waitFor()
  assert.match(await result.innerText(), /个工作日后为 \d{4}-\d{2}-\d{2}/)
  // A date the calendar does not cover is unknown, never guessed.
  const dateInput = page.locator('.el-tab-pane').first().locator('.el-date-editor input')
  await dateInput.fill('2099-12-01')
  await dateInput.press('Enter')
  await page.getByRole('button', { name: '计算' }).first().click()
  await page.getByTestId('add-result').filter({ hasText: '2099-12-01' }).waitFor()
  assert.match(await result.innerText(), /未知（日历未覆盖）/)
  await shot(page, 'console-calendar')
  // The session disappears (expired, or ended elsewhere): the next API call answers 401 and
  // the console goes to the login page, keeping where the user was.
  await context.clearCookies()
  await page.locator('[data-testid=side-menu] .el-menu-item', { hasText: /^人员$/ }).click()
  await page.waitForURL(/\/console\/login\?redirect=/)
  await consoleLogin(page, server.base, 'zj_insp1', { password: NEW_PASSWORD })
  // Logout returns to the login page and the session is gone.
  await page.getByTestId('header-user').click()
  await page.getByText('退出登录').click()
  await page.waitForURL(/\/console\/login/)
  const status = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)
  assert.equal(status, 401)
  await context.close()
})

test('five wrong passwords lock the account and the page says until when', async () => {
  const { context, page } = await fresh()
  await page.goto(`${server.base}/console/login`)
  const err = page.getByTestId('login-error')
  let text = ''
  for (let i = 0; i < 6 && !/锁定/.test(text); i++) {
    await page.locator('input[name=username]').fill('zj_archivist')
    await page.locator('input[name=password]').fill(`Wrong@pass${i}`)
    await page.getByRole('button', { name: '登 录' }).click()
    await page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
    await err.waitFor()
    text = await err.innerText()
  }
  assert.match(text, /锁定/)
  assert.match(text, /锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  await shot(page, 'console-login-locked')
  await context.close()
})

test('demo password is refused after it was changed', async () => {
  const { context, page } = await fresh()
  await page.goto(`${server.base}/console/login`)
  await page.locator('input[name=username]').fill('sysadmin')
  await page.locator('input[name=password]').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登 录' }).click()
  await page.getByTestId('login-error').waitFor()
  await context.close()
})
