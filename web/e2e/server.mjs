// Starts a fresh zhifa server for one test file: a new SQLite database with the demo data,
// served on a free loopback port with the built web app (web/dist). Stopped by stop().
// startServer({ hash: 'sha256' }) makes a store whose ledger hash is SHA-256 (default SM3).
//   ZHIFA_BIN  the server binary (default ../build/zhifa relative to web/)
//   ZHIFA_WEB  the built web app (default web/dist)
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync, openSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ZHIFA_BIN = path.resolve(webDir, process.env.ZHIFA_BIN ?? '../build/zhifa')
export const WEB_DIST = path.resolve(webDir, process.env.ZHIFA_WEB ?? 'dist')

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

async function waitHealthy(base, proc, logFile, ms = 20000) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`zhifa serve exited with ${proc.exitCode}:\n${readFileSync(logFile, 'utf8')}`)
    try {
      const r = await fetch(base + '/api/v1/healthz')
      if (r.ok) return await r.json()
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`zhifa serve did not answer /api/v1/healthz within ${ms} ms:\n${readFileSync(logFile, 'utf8')}`)
}

export async function startServer({ hash } = {}) {
  if (!existsSync(ZHIFA_BIN)) throw new Error(`server binary not found: ${ZHIFA_BIN} (build it, or set ZHIFA_BIN)`)
  if (!existsSync(path.join(WEB_DIST, 'console', 'index.html'))) throw new Error(`web app not built: ${WEB_DIST} (run npm run build)`)
  const dir = mkdtempSync(path.join(tmpdir(), 'zhifa-e2e-'))
  const db = `sqlite:${path.join(dir, 'z.db')}`
  try {
    execFileSync(ZHIFA_BIN, ['init', '--db', db, '--demo', ...(hash ? ['--hash', hash] : [])], { stdio: 'pipe', cwd: dir })
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`zhifa init failed: ${e.stderr?.toString() ?? e.message}`)
  }
  const port = await freePort()
  const logFile = path.join(dir, 'serve.log')
  const out = openSync(logFile, 'a')
  const proc = spawn(ZHIFA_BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', WEB_DIST], {
    cwd: dir,
    stdio: ['ignore', out, out],
  })
  const base = `http://127.0.0.1:${port}`
  try {
    const health = await waitHealthy(base, proc, logFile)
    return {
      base,
      health,
      dir,
      async stop() {
        if (proc.exitCode === null) {
          const exited = new Promise((r) => proc.once('exit', r))
          proc.kill('SIGTERM')
          const t = setTimeout(() => proc.kill('SIGKILL'), 5000)
          await exited
          clearTimeout(t)
        }
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (e) {
    proc.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
}
