// Headless Debian Chromium through playwright-core (never a downloaded browser), and the
// steps the browser tests share.
import { chromium } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots')
mkdirSync(SCREENSHOTS, { recursive: true })

export const DEMO_PASSWORD = 'Zhifa@2026'
export const NEW_PASSWORD = 'Zhifa@2027x'

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  })
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/** Console log-in; when the account must change its password, changes it to NEW_PASSWORD. */
export async function consoleLogin(page, base, username, { password = DEMO_PASSWORD, screenshot } = {}) {
  await page.goto(`${base}/console/login`)
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(password)
  await page.getByRole('button', { name: '登 录' }).click()
  await page.waitForURL((u) => !u.pathname.endsWith('/login'))
  if (new URL(page.url()).pathname === '/console/password') {
    await page.getByText('首次登录，请修改密码').waitFor()
    if (screenshot) await shot(page, screenshot)
    await page.locator('input[name=old_password]').fill(password)
    await page.locator('input[name=new_password]').fill(NEW_PASSWORD)
    await page.locator('input[name=confirm]').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: '确认修改' }).click()
    await page.waitForURL((u) => u.pathname !== '/console/password')
  }
  await page.locator('[data-testid=side-menu]').waitFor()
}

/** A fresh browser context and its page, in Chinese and Beijing time. */
export async function newPage(browser, { viewport = { width: 1440, height: 900 }, downloads = false } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: downloads })
  return { context, page: await context.newPage() }
}

/**
 * Signs in to the console in a fresh context; an account's first log-in changes its password,
 * so `changed` (one Set per test file) remembers which accounts already did.
 */
export async function signIn(browser, base, changed, username, viewport = { width: 1280, height: 900 }) {
  const { context, page } = await newPage(browser, { viewport })
  await consoleLogin(page, base, username, changed.has(username) ? { password: NEW_PASSWORD } : {})
  changed.add(username)
  return { context, page }
}

/** The JSON API from inside a signed-in page (its cookie and CSRF token): {status, body}. */
export function pageApi(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/v1/auth/me')).json()
      const r = await fetch('/api/v1' + path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: r.status, body: await r.json().catch(() => null) }
    },
    { method, path, body },
  )
}

/** Opens a console page from the left menu, unfolding its group first when needed. */
// A phone: a touch context at `width`×`height` in Chinese, Shanghai time.
export function phoneContext(browser, width, height) {
  return browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
}

// Fails when the page is wider than the phone's viewport.
export async function assertNoHorizontalOverflow(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  if (w > width) throw new Error(`page is ${w}px wide at a ${width}px viewport`)
}

export async function openMenu(page, group, title, url) {
  const item = page.locator('[data-testid=side-menu] .el-menu-item', { hasText: title })
  if (!(await item.isVisible())) await page.locator('[data-testid=side-menu] .el-sub-menu__title', { hasText: group }).click()
  await item.click()
  await page.waitForURL(url)
}

/** The titles in the console's left menu, in order. */
export async function menuTitles(page) {
  const items = page.locator('[data-testid=side-menu] .el-sub-menu__title, [data-testid=side-menu] .el-menu-item')
  return (await items.allInnerTexts()).map((t) => t.trim())
}

/** Opens a page of the 双随机 group from the left menu. */
export const openSpotcheckMenu = (page, title, url) => openMenu(page, '双随机', title, url)

/** Lets drawers finish sliding in and messages fade before a screenshot. */
export const settle = (page) => page.waitForTimeout(600)

/** The body rows of the Element Plus table in `scope`. */
export const tableRows = (scope) => scope.locator('.el-table__body-wrapper .el-table__row')

/** Picks an option of an Element Plus select (its list is appended to <body>). */
export async function pickOption(page, select, text) {
  await select.click()
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first()
  await option.waitFor()
  await option.click()
}
