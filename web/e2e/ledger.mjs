// Ledger helpers shared by the browser tests and scripts/ledger-fixtures.mjs: waiting for the
// server's once-a-second checkpoint, and an API session for a demo account (through a bearer
// token, so no cookie or CSRF token is involved).
import { DEMO_PASSWORD, NEW_PASSWORD } from './browser.mjs'

/** The latest checkpoint once its size is at least minSize: { note, size }. */
export async function waitCheckpoint(base, minSize = 1, ms = 15000) {
  const deadline = Date.now() + ms
  for (;;) {
    const r = await fetch(`${base}/api/v1/ledger/checkpoint`)
    if (r.ok) {
      const note = await r.text()
      const size = Number(note.split('\n')[1])
      if (size >= minSize) return { note, size }
    }
    if (Date.now() > deadline) throw new Error(`no checkpoint of size >= ${minSize} within ${ms} ms`)
    await new Promise((res) => setTimeout(res, 200))
  }
}

/** Logs a demo account in (changing the demo password on first use); returns a JSON fetcher. */
export async function apiSession(base, username) {
  let token
  for (const password of [DEMO_PASSWORD, NEW_PASSWORD]) {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) })
    if (!r.ok) continue
    token = (await r.json()).token
    if (password === DEMO_PASSWORD) {
      const c = await fetch(`${base}/api/v1/auth/password`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ old_password: DEMO_PASSWORD, new_password: NEW_PASSWORD }),
      })
      if (!c.ok) throw new Error(`password change for ${username}: HTTP ${c.status} ${await c.text()}`)
    }
    break
  }
  if (!token) throw new Error(`cannot log in as ${username}`)
  return async function get(path) {
    const r = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } })
    if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status} ${await r.text()}`)
    return r.json()
  }
}

/** GET as text; throws on an error status. */
export async function getText(base, path) {
  const r = await fetch(`${base}${path}`)
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status} ${await r.text()}`)
  return r.text()
}
