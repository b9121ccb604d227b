// Regenerates src/shared/fixtures/ledger/{sm3,sha256}/, the fixtures of ledgerProof.test.ts, from
// a real server: for each hash a fresh demo store is served (e2e/server.mjs), its first
// checkpoint awaited, the audit administrator logs in and reads the log (new entries, so a second
// checkpoint follows), then the public ledger endpoints are saved as they answer:
//   keys.json              GET /api/v1/ledger/keys
//   first.checkpoint       the first checkpoint (size F)
//   latest.checkpoint      GET /api/v1/ledger/checkpoint (size L > F)
//   consistency.json       GET /api/v1/ledger/consistency?from=F&to=L
//   proof.tlog-proof       GET /api/v1/ledger/entries/{S}/tlog-proof, S <= F (so against the first)
//   proof.json             GET /api/v1/ledger/entries/{S}/proof
//   proof.qr.svg           GET /api/v1/ledger/entries/{S}/qr
//   audit-row.json         the operation-log row of the administrator's password change (seq A > F)
//   audit-proof.json       GET /api/v1/ledger/entries/{A}/proof          (the checkpoint covering A)
//   audit-proof-latest.json GET /api/v1/ledger/entries/{A}/proof?size=L  (as the console asks, for
//                          the latest checkpoint; its `checkpoint` is null)
//   manifest.json          { hash, seq: S, audit_seq: A, first_size: F, latest_size: L }
// Nothing is made up: every file is a server answer saved verbatim (audit-row.json re-indented).
// The tampered variants are made by the test itself, from these.
//
// Regenerate (needs the server binary build/zhifa and the built web app, which e2e/server.mjs
// serves):
//   cmake --build build -j2 --target zhifa      # from the repository root
//   cd web && npm run build && node scripts/ledger-fixtures.mjs
// then run `npx vitest run src/shared/ledgerProof.test.ts` and commit the changed fixtures.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from '../e2e/server.mjs'
import { apiSession, getText, waitCheckpoint } from '../e2e/ledger.mjs'

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/shared/fixtures/ledger')

for (const hash of ['sm3', 'sha256']) {
  const server = await startServer({ hash })
  try {
    const base = server.base
    const first = await waitCheckpoint(base)
    const get = await apiSession(base, 'auditadmin')
    const log = await get('/api/v1/audit-log?action=auth.password_change&page_size=1')
    const row = log.items[0]
    const latest = await waitCheckpoint(base, row.seq + 1) // the log read itself is an entry after it
    const seq = Math.max(1, first.size - 3)
    const dir = path.join(out, hash)
    mkdirSync(dir, { recursive: true })
    const save = (name, text) => writeFileSync(path.join(dir, name), text)
    const json = (v) => JSON.stringify(v, null, 2) + '\n'
    save('keys.json', await getText(base, '/api/v1/ledger/keys'))
    save('first.checkpoint', first.note)
    save('latest.checkpoint', latest.note)
    save('consistency.json', await getText(base, `/api/v1/ledger/consistency?from=${first.size}&to=${latest.size}`))
    save('proof.tlog-proof', await getText(base, `/api/v1/ledger/entries/${seq}/tlog-proof`))
    save('proof.json', await getText(base, `/api/v1/ledger/entries/${seq}/proof`))
    save('proof.qr.svg', await getText(base, `/api/v1/ledger/entries/${seq}/qr`))
    save('audit-row.json', json(row))
    save('audit-proof.json', await getText(base, `/api/v1/ledger/entries/${row.seq}/proof`))
    save('audit-proof-latest.json', await getText(base, `/api/v1/ledger/entries/${row.seq}/proof?size=${latest.size}`))
    save('manifest.json', json({ hash, seq, audit_seq: row.seq, first_size: first.size, latest_size: latest.size }))
    console.log(`${hash}: entry #${seq} against size ${first.size}, audit entry #${row.seq}, latest size ${latest.size} -> ${dir}`)
  } finally {
    await server.stop()
  }
}
