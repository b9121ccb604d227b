import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { DEMO_PASSWORD, NEW_PASSWORD, launch, shot, phoneContext, assertNoHorizontalOverflow } from './browser.mjs'

let server
let browser
let context
let page

before(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, 375, 667)
  page = await context.newPage()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const noHorizontalOverflow = () => assertNoHorizontalOverflow(page, 375)

test('/m/ shows the login page at 375×667', async () => {
  await page.goto(`${server.base}/m/`)
  await page.waitForURL(/\/m\/login/)
  await page.getByRole('button', { name: '登录' }).waitFor()
  await noHorizontalOverflow()
  await shot(page, 'm-login')
})

test('a wrong password is reported', async () => {
  await page.locator('input[name=username]').fill('xh_insp1')
  await page.locator('input[name=password]').fill('nope-Nope1')
  await page.getByRole('button', { name: '登录' }).click()
  const err = page.getByTestId('m-login-error')
  await err.waitFor()
  assert.match(await err.innerText(), /用户名或密码/)
})

test('first login forces a password change, then the home with the tab bar', async () => {
  await page.locator('input[name=password]').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(/\/m\/password/)
  await noHorizontalOverflow()
  await shot(page, 'm-force-password')
  await page.locator('input[name=old_password]').fill(DEMO_PASSWORD)
  await page.locator('input[name=new_password]').fill(NEW_PASSWORD)
  await page.locator('input[name=confirm]').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: '确认修改' }).click()
  await page.waitForURL((u) => u.pathname === '/m/')
  const home = page.getByTestId('m-home')
  await home.waitFor()
  const text = await home.innerText()
  assert.match(text, /西湖区统计局/)
  const tabbar = page.getByTestId('m-tabbar')
  await tabbar.waitFor()
  assert.deepEqual((await tabbar.locator('.van-tabbar-item').allInnerTexts()).map((t) => t.trim()), ['任务', '音像', '证件', '我的'])
  // The demo draw gave xh_insp1 a task (field inspections, issue 6).
  await page.locator('.task').first().waitFor()
  await page.locator('.van-toast').waitFor({ state: 'hidden' })
  await noHorizontalOverflow()
  await shot(page, 'm-home')
})

test('证件 and 我的 tabs', async () => {
  await page.getByTestId('m-tabbar').getByText('证件').click()
  await page.waitForURL(/\/m\/cert/)
  await page.getByText('电子执法证件').waitFor()
  await noHorizontalOverflow()
  await page.getByTestId('m-tabbar').getByText('我的').click()
  await page.waitForURL(/\/m\/me/)
  const profile = page.getByTestId('m-profile')
  await profile.waitFor()
  const text = await profile.innerText()
  assert.match(text, /xh_insp1/)
  assert.match(text, /执法人员/)
  // Only the current tab is marked active.
  assert.deepEqual((await page.locator('[data-testid=m-tabbar] .van-tabbar-item--active').allInnerTexts()).map((t) => t.trim()), ['我的'])
  await noHorizontalOverflow()
  await shot(page, 'm-me')
})

test('logout returns to the login page', async () => {
  await page.getByRole('button', { name: '退出登录' }).click()
  await page.locator('.van-dialog').getByRole('button', { name: '确认' }).click()
  await page.waitForURL(/\/m\/login/)
  await page.goto(`${server.base}/m/me`)
  await page.waitForURL(/\/m\/login/)
})
