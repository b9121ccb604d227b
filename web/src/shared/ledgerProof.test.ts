// The browser's ledger checks against what a real server publishes: fixtures under
// fixtures/ledger/{sm3,sha256}/ were fetched from a live zhifa server (scripts/ledger-fixtures.mjs),
// and ../../../tests/python/fixtures/ were made by the server's own signing and Merkle code
// (with a third, unknown signer); checkpoints with a wrong root or origin are signed here with
// throw-away SM2 and Ed25519 keys. Every tampered variant must fail, at the right step.
import { describe, expect, it } from 'vitest'
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import smCrypto from 'sm-crypto'
import {
  canonicalJson,
  checkConsistency,
  concatBytes,
  fromBase64,
  leafHash,
  loadKeys,
  normalizePasted,
  openCheckpoint,
  parseTlogProof,
  parseVerifierKey,
  toBase64,
  toHex,
  verifyConsistency,
  verifyProofJson,
  verifyTlogProof,
  HASHES,
  ProofError,
  type ConsistencyJson,
  type LedgerKeys,
  type ProofJson,
  type ProofReport,
  type StepId,
} from './ledgerProof'
import { decodeQrPixels } from './qrImage'
import type { AuditEntry } from './types'

// The files as text, read at transform time (no Node API in the browser-typed sources).
const LIVE = import.meta.glob<string>('./fixtures/ledger/*/*', { query: '?raw', import: 'default', eager: true })
const SERVER_CODE = import.meta.glob<string>(['../../../tests/python/fixtures/*', '!**/*.cpp'], { query: '?raw', import: 'default', eager: true })

function file(files: Record<string, string>, key: string): string {
  const text = files[key]
  if (text === undefined) throw new Error(`fixture missing: ${key} (run scripts/ledger-fixtures.mjs)`)
  return text
}
const F = (name: string) => file(SERVER_CODE, `../../../tests/python/fixtures/${name}`)

interface Manifest {
  hash: string
  seq: number
  audit_seq: number
  first_size: number
  latest_size: number
}

function live(hash: 'sm3' | 'sha256') {
  const f = (name: string) => file(LIVE, `./fixtures/ledger/${hash}/${name}`)
  return {
    manifest: JSON.parse(f('manifest.json')) as Manifest,
    keys: JSON.parse(f('keys.json')) as LedgerKeys,
    first: f('first.checkpoint'),
    latest: f('latest.checkpoint'),
    consistency: JSON.parse(f('consistency.json')) as ConsistencyJson,
    tlog: f('proof.tlog-proof'),
    proof: JSON.parse(f('proof.json')) as ProofJson,
    qr: f('proof.qr.svg'),
    row: JSON.parse(f('audit-row.json')) as AuditEntry,
    auditProof: JSON.parse(f('audit-proof.json')) as ProofJson,
    auditProofLatest: JSON.parse(f('audit-proof-latest.json')) as ProofJson,
  }
}

/** The report failed at `step` (or one of `step`), every step before it passed, none after ran. */
function failsAt(r: ProofReport, step: StepId | StepId[], pattern?: RegExp) {
  expect(r.ok).toBe(false)
  const allowed = Array.isArray(step) ? step : [step]
  expect(allowed, JSON.stringify(r.steps)).toContain(r.failed?.id)
  if (pattern) expect(r.failed?.detail).toMatch(pattern)
  const i = r.steps.findIndex((s) => s.id === r.failed?.id)
  expect(r.steps[i].status).toBe('fail')
  expect(r.steps.slice(0, i).every((s) => s.status === 'ok')).toBe(true)
  expect(r.steps.slice(i + 1).every((s) => s.status === 'skip')).toBe(true)
}

/** Another valid canonical base64 string of the same length (the first character changed). */
const flip = (b64: string) => (b64[0] === 'A' ? 'B' : 'A') + b64.slice(1)
/** Replaces line i (0-based) of a text. */
const withLine = (text: string, i: number, f: (l: string) => string) =>
  text
    .split('\n')
    .map((l, j) => (j === i ? f(l) : l))
    .join('\n')
const lineIndex = (text: string, pred: (l: string) => boolean) => text.split('\n').findIndex(pred)

/** The SVG of the server's QR code (M x y h1v1h-1z per dark module) drawn as RGBA pixels. */
function rasterize(svg: string, px = 4): { data: Uint8ClampedArray; size: number } {
  const modules = Number(/viewBox="0 0 (\d+) /.exec(svg)?.[1])
  const size = modules * px
  const data = new Uint8ClampedArray(size * size * 4).fill(255)
  for (const m of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const x0 = Number(m[1]) * px
    const y0 = Number(m[2]) * px
    for (let y = y0; y < y0 + px; y++)
      for (let x = x0; x < x0 + px; x++) data.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3)
  }
  return { data, size }
}

// Throw-away signers, to make checkpoints the test controls (a wrong root, another origin) that
// still carry valid signatures by keys the test trusts.
const enc = new TextEncoder()
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
function keyId(name: string, type: Uint8Array, pub: Uint8Array): number {
  const d = sha256(concatBytes(enc.encode(name), [0x0a], type, pub))
  return ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0
}
interface TestSigner {
  vkey: string
  sign(text: string): string
}
function ed25519Signer(name: string): TestSigner {
  const secret = ed25519.utils.randomSecretKey()
  const pub = ed25519.getPublicKey(secret)
  const type = new Uint8Array([1])
  const id = keyId(name, type, pub)
  return {
    vkey: `${name}+${id.toString(16).padStart(8, '0')}+${toBase64(concatBytes(type, pub))}`,
    sign: (text) => `\u2014 ${name} ${toBase64(concatBytes(be32(id), ed25519.sign(enc.encode(text), secret)))}\n`,
  }
}
function sm2Signer(name: string): TestSigner {
  const { privateKey, publicKey } = smCrypto.sm2.generateKeyPairHex()
  const type = concatBytes([0xff], enc.encode('zhifa-sm2-sm3'))
  const spki = concatBytes(fromHexStr('3059301306072a8648ce3d020106082a811ccf5501822d034200'), fromHexStr(publicKey))
  const id = keyId(name, type, spki)
  return {
    vkey: `${name}+${id.toString(16).padStart(8, '0')}+${toBase64(concatBytes(type, spki))}`,
    sign: (text) => {
      const der = smCrypto.sm2.doSignature(enc.encode(text), privateKey, { der: true, hash: true, publicKey, userId: '1234567812345678' })
      return `\u2014 ${name} ${toBase64(concatBytes(be32(id), fromHexStr(der)))}\n`
    },
  }
}
function fromHexStr(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16))
}
/** A signed note over `text` by each signer. */
const signNote = (text: string, signers: TestSigner[]) => text + '\n' + signers.map((s) => s.sign(text)).join('')
/** A signature line with one bit of the signature itself (not the key id) changed. */
function forgeSig(line: string): string {
  const eol = line.endsWith('\n') ? '\n' : ''
  const body = line.slice(0, line.length - eol.length)
  const i = body.lastIndexOf(' ')
  const blob = fromBase64(body.slice(i + 1), 'sig', 'signature')
  blob[blob.length - 5] ^= 1
  return body.slice(0, i + 1) + toBase64(blob) + eol
}
/** An offline proof with its checkpoint replaced. */
const withCheckpoint = (tlog: string, note: string) => tlog.slice(0, tlog.indexOf('\n\n') + 2) + note

describe.each(['sm3', 'sha256'] as const)('a live %s store', (hash) => {
  const fx = live(hash)

  it('publishes a proof that verifies step by step', () => {
    // R: REC-21, REC-22
    expect(fx.keys.hash).toBe(hash)
    const r = verifyTlogProof(fx.tlog, fx.keys)
    expect(r.ok, JSON.stringify(r.steps)).toBe(true)
    expect(r.steps.map((s) => s.id)).toEqual(['format', 'keys', 'signature', 'checkpoint', 'leaf', 'path', 'root', 'seq'])
    expect(r.steps.every((s) => s.status === 'ok')).toBe(true)
    expect(r.index).toBe(BigInt(fx.manifest.seq - 1))
    expect((r.entry as { seq: number }).seq).toBe(fx.manifest.seq)
    // Both of the log's keys signed, none ignored.
    expect(r.checkpoint?.keys.map((k) => [k.kind, k.signed])).toEqual([
      ['Ed25519', true],
      ['SM2', true],
    ])
    expect(r.steps.find((s) => s.id === 'signature')?.detail).toMatch(/Ed25519.*SM2/)
    expect(r.checkpoint?.origin).toBe(fx.keys.origin)
  })

  it('the JSON proof and the offline proof are the same bytes, leaf and root', () => {
    const t = parseTlogProof(fx.tlog)
    const r = verifyProofJson(fx.proof, fx.keys)
    expect(r.ok, JSON.stringify(r.steps)).toBe(true)
    // The canonical JSON of the parsed entry is exactly the leaf's bytes.
    expect(new TextEncoder().encode(canonicalJson(fx.proof.entry))).toEqual(t.extra)
    expect(toBase64(leafHash(HASHES[hash], t.extra!))).toBe(fx.proof.leaf_hash)
    expect(r.leaf && toBase64(r.leaf)).toBe(fx.proof.leaf_hash)
    expect(r.root && toBase64(r.root)).toBe(fx.proof.root)
    expect(t.path.map(toBase64)).toEqual(fx.proof.proof)
    expect(fx.proof.checkpoint).toBe(t.checkpoint)
  })

  it('an operation-log row matches its entry: seq and the hash of its change', () => {
    const opts = { change: fx.row.change, expectSeq: fx.row.seq }
    const r = verifyProofJson(fx.auditProof, fx.keys, opts)
    expect(r.ok, JSON.stringify(r.steps)).toBe(true)
    expect(r.steps.at(-1)).toMatchObject({ id: 'change', status: 'ok' })
    const entry = r.entry as Record<string, unknown>
    expect(entry.action).toBe(fx.row.action)
    expect(entry.subject_id).toBe(fx.row.subject_id)
    // A change shown in the log that differs from what was recorded.
    const edited = { ...(fx.row.change as Record<string, unknown>), forged: 1 }
    failsAt(verifyProofJson(fx.auditProof, fx.keys, { ...opts, change: edited }), 'change', /变更内容被改动/)
    // The proof of another entry than the row opened.
    failsAt(verifyProofJson(fx.auditProof, fx.keys, { ...opts, expectSeq: fx.row.seq + 1 }), 'seq')
    // An entry edited in the JSON: its leaf no longer sits under the signed root.
    const forged = { ...fx.auditProof, entry: { ...(fx.auditProof.entry as object), actor_id: 1 } }
    failsAt(verifyProofJson(forged, fx.keys, opts), 'root', /不符/)
    // The JSON's own root and leaf hash are not trusted: only the signed checkpoint's root.
    const liar = { ...forged, root: 'A'.repeat(43) + '=', leaf_hash: 'A'.repeat(43) + '=' }
    failsAt(verifyProofJson(liar, fx.keys, opts), 'root', /不符/)
  })

  it('the console checks an entry against the latest signed checkpoint', () => {
    // R: REC-21, REC-22
    const opts = { change: fx.row.change, expectSeq: fx.row.seq, checkpoint: fx.latest, checkpointLabel: '最新检查点' }
    expect(fx.auditProofLatest.checkpoint).toBeNull()
    const r = verifyProofJson(fx.auditProofLatest, fx.keys, opts)
    expect(r.ok, JSON.stringify(r.steps)).toBe(true)
    expect(r.steps.map((s) => s.id)).toEqual(['format', 'keys', 'signature', 'checkpoint', 'leaf', 'path', 'root', 'seq', 'change'])
    expect(r.checkpoint?.size).toBe(BigInt(fx.manifest.latest_size))
    expect(r.root && toBase64(r.root)).toBe(fx.auditProofLatest.root)
    // Without a checkpoint there is nothing signed to check against.
    failsAt(verifyProofJson(fx.auditProofLatest, fx.keys, { change: fx.row.change }), 'format', /没有附带检查点/)
    // A proof for one size against a (genuine, older) checkpoint of another size.
    failsAt(verifyProofJson(fx.auditProofLatest, fx.keys, { ...opts, checkpoint: fx.first }), 'checkpoint', /大小/)
    // The same, with the JSON's size edited to match: the entry is not in that smaller tree.
    const resized = { ...fx.auditProofLatest, size: fx.manifest.first_size }
    failsAt(verifyProofJson(resized, fx.keys, { ...opts, checkpoint: fx.first }), 'path', /不小于树大小/)
    // A path node changed.
    const path = [...fx.auditProofLatest.proof]
    path[path.length - 1] = flip(path[path.length - 1])
    failsAt(verifyProofJson({ ...fx.auditProofLatest, proof: path }, fx.keys, opts), 'root', /不符/)
    // One byte of the entry changed (the bureau, 1 -> 2).
    const moved = { ...fx.auditProofLatest, entry: { ...(fx.auditProofLatest.entry as object), bureau_id: 2 } }
    failsAt(verifyProofJson(moved, fx.keys, opts), 'root')
  })

  it('the latest checkpoint extends the first (consistency)', () => {
    const k = loadKeys(fx.keys)
    const first = openCheckpoint(fx.first, k.keys, k.origin)
    const latest = openCheckpoint(fx.latest, k.keys, k.origin)
    expect(first.size).toBe(BigInt(fx.manifest.first_size))
    expect(latest.size).toBe(BigInt(fx.manifest.latest_size))
    expect(latest.size > first.size).toBe(true)
    expect(checkConsistency(k.hash, first, latest, fx.consistency)).toMatch(/追加/)
    expect(checkConsistency(k.hash, latest, latest, null)).toMatch(/就是最新检查点/)
    const bad = (c: ConsistencyJson | null, older = first, newer = latest) => {
      try {
        checkConsistency(k.hash, older, newer, c)
      } catch (e) {
        expect(e).toBeInstanceOf(ProofError)
        expect((e as ProofError).step).toBe('consistency')
        return (e as Error).message
      }
      throw new Error('consistency check passed but should not')
    }
    expect(bad({ ...fx.consistency, proof: [flip(fx.consistency.proof[0]), ...fx.consistency.proof.slice(1)] })).toMatch(/不符/)
    expect(bad({ ...fx.consistency, proof: fx.consistency.proof.slice(1) })).toMatch(/不/)
    expect(bad({ ...fx.consistency, from: fx.consistency.from - 1 })).toMatch(/针对/)
    expect(bad(fx.consistency, latest, first)).toMatch(/还新/)
    expect(bad(null)).toMatch(/缺少/)
    // A checkpoint of the same size with another root.
    expect(bad(null, { ...latest, root: first.root }, latest)).toMatch(/根哈希相同/)
  })

  it('the QR code the server draws carries the offline proof', () => {
    // R: REC-22, PUB-10
    const { data, size } = rasterize(fx.qr)
    expect(decodeQrPixels(data, size, size)).toBe(fx.tlog)
  })

  // R: REC-21 (an alteration is detected, and where)
  describe('tampered proofs fail, naming the step', () => {
    const t = fx.tlog
    const extraLine = lineIndex(t, (l) => l.startsWith('extra '))
    const indexLine = lineIndex(t, (l) => l.startsWith('index '))
    const sigLines = t
      .split('\n')
      .map((l, i) => [l, i] as const)
      .filter(([l]) => l.startsWith('— '))
    const sigOf = (kind: 'Ed25519' | 'SM2') => {
      // An Ed25519 signature is 4 + 64 bytes; SM2's DER is longer.
      const found = sigLines.find(([l]) => (fromBase64(l.split(' ')[2], 'sig', 'signature').length === 68) === (kind === 'Ed25519'))
      return found![1]
    }
    const entryText = new TextDecoder().decode(parseTlogProof(t).extra!)
    const reencode = (s: string) => 'extra ' + toBase64(new TextEncoder().encode(s))

    const cases: [string, string, StepId | StepId[], RegExp?][] = [
      ['an edited entry', withLine(t, extraLine, () => reencode(entryText.replace(/"action":"[^"]*"/, '"action":"user.delete"'))), 'root', /不符/],
      ['one byte of the entry changed (in change_hash)', withLine(t, extraLine, () => reencode(entryText.replace(/("change_hash":"[0-9a-f]{63})([0-9a-f])/, (_m, a: string, c: string) => a + (c === '0' ? '1' : '0')))), 'root', /不符/],
      ['an entry with another seq', withLine(t, extraLine, () => reencode(entryText.replace(/"seq":\d+/, `"seq":${fx.manifest.seq + 1}`))), 'root'],
      ['non-canonical base64 in extra', withLine(t, extraLine, (l) => l.replace(/=*$/, '') + '*'), 'format', /base64/],
      ['another index', withLine(t, indexLine, () => `index ${fx.manifest.seq}`), ['path', 'root']],
      ['an index past the tree', withLine(t, indexLine, () => `index ${fx.manifest.latest_size + 10}`), 'path', /不小于树大小/],
      ['a changed proof hash', withLine(t, indexLine + 1, flip), 'root', /不符/],
      ['a changed last proof hash', withLine(t, indexLine + parseTlogProof(t).path.length, flip), 'root', /不符/],
      ['a missing proof hash', withLine(t, indexLine + 1, () => '\u0000').replace('\u0000\n', ''), 'path', /不足/],
      ['an extra proof hash', withLine(t, indexLine + 1, (l) => `${l}\n${l}`), 'path', /过多/],
      ['a short proof hash', withLine(t, indexLine + 1, () => 'AAAA'), 'format', /32 字节/],
      ['another checkpoint root', withLine(t, lineIndex(t, (l) => l === '') + 3, flip), 'signature', /签名验证失败/],
      ['another checkpoint size', withLine(t, lineIndex(t, (l) => l === '') + 2, (l) => String(Number(l) + 1)), 'signature', /签名验证失败/],
      ['a forged Ed25519 signature', withLine(t, sigOf('Ed25519'), forgeSig), 'signature', /（Ed25519）的签名验证失败/],
      ['a forged SM2 signature', withLine(t, sigOf('SM2'), forgeSig), 'signature', /（SM2）的签名验证失败/],
      ['no signatures', t.split('\n').filter((l) => !l.startsWith('— ')).join('\n'), 'signature'],
      ['a wrong first line', withLine(t, 0, () => 'c2sp.org/tlog-proof@v2'), 'format', /第一行/],
      ['no extra', t.split('\n').filter((_, i) => i !== extraLine).join('\n'), 'leaf', /extra/],
      ['CRLF line endings', t.replace(/\n/g, '\r\n'), 'format'],
      ['no checkpoint', t.split('\n\n')[0], 'format', /缺少检查点/],
      ['not a proof at all', '你好', 'format'],
    ]
    it.each(cases)('%s', (_name, text, step, pattern) => {
      expect(text).not.toBe(t)
      failsAt(verifyTlogProof(text, fx.keys), step, pattern)
    })

    it('signed by only one of the keys is still valid, and says which did not sign', () => {
      const onlyEd = t
        .split('\n')
        .filter((_, i) => i !== sigOf('SM2'))
        .join('\n')
      const r = verifyTlogProof(onlyEd, fx.keys)
      expect(r.ok).toBe(true)
      expect(r.steps.find((s) => s.id === 'signature')?.detail).toMatch(/未签名：.*SM2/)
      // The SM2 line under another key id: an unknown signer, ignored (and counted), not trusted.
      const otherId = withLine(t, sigOf('SM2'), (l) => {
        const k = l.lastIndexOf(' ')
        const blob = fromBase64(l.slice(k + 1), 'sig', 'signature')
        blob[0] ^= 0x80
        return l.slice(0, k + 1) + toBase64(blob)
      })
      const r2 = verifyTlogProof(otherId, fx.keys)
      expect(r2.ok).toBe(true)
      expect(r2.checkpoint?.ignored).toBe(1)
      expect(r2.steps.find((s) => s.id === 'signature')?.detail).toMatch(/未签名：.*SM2.*忽略未知签名 1 个/)
    })

    it('the wrong hash algorithm, keys or origin', () => {
      failsAt(verifyTlogProof(t, { ...fx.keys, hash: hash === 'sm3' ? 'sha256' : 'sm3' }), 'root', /不符/)
      failsAt(verifyTlogProof(t, { ...fx.keys, hash: 'md5' }), 'keys', /未知的哈希算法/)
      failsAt(verifyTlogProof(t, { ...fx.keys, origin: 'zhifa.ledger/110000-other' }), 'checkpoint', /来源/)
      const other = F('keys.vkeys').trim().split('\n')
      failsAt(verifyTlogProof(t, { ...fx.keys, verifier_keys: other }), 'signature', /没有可信密钥的有效签名/)
      failsAt(verifyTlogProof(t, { ...fx.keys, verifier_keys: [] }), 'keys')
    })

    it('a checkpoint with another root, validly signed by trusted keys, fails at the root', () => {
      // R: REC-21
      const cp = parseTlogProof(t).checkpoint
      const [origin, size, root] = cp.split('\n')
      const signers = [ed25519Signer(origin), sm2Signer(origin)]
      const keys = { ...fx.keys, verifier_keys: signers.map((s) => s.vkey) }
      // The same body re-signed by the test's keys verifies: the signers are sound...
      const good = verifyTlogProof(withCheckpoint(t, signNote(`${origin}\n${size}\n${root}\n`, signers)), keys)
      expect(good.ok, JSON.stringify(good.steps)).toBe(true)
      expect(good.checkpoint?.keys.every((k) => k.signed)).toBe(true)
      // ...so a wrong root they sign fails where the recomputed root is compared, and only there.
      const wrong = withCheckpoint(t, signNote(`${origin}\n${size}\n${flip(root)}\n`, signers))
      failsAt(verifyTlogProof(wrong, keys), 'root', /与检查点的根 .* 不符/)
      // A wrong size they sign: the path no longer fits the tree.
      const bigger = withCheckpoint(t, signNote(`${origin}\n${BigInt(size) * 4n}\n${root}\n`, signers))
      failsAt(verifyTlogProof(bigger, keys), 'path', /不足/)
      // Another origin they sign (a checkpoint of another log) fails at the checkpoint body.
      const elsewhere = withCheckpoint(t, signNote(`zhifa.ledger/110000-deadbeef\n${size}\n${root}\n`, signers))
      failsAt(verifyTlogProof(elsewhere, keys), 'checkpoint', /来源 "zhifa.ledger\/110000-deadbeef" 与本平台/)
      // One of the two trusted signatures bad: rejected, naming the key.
      const text = `${origin}\n${size}\n${root}\n`
      const edLine = signers[0].sign(text)
      const smLine = signers[1].sign(text)
      const badEd = text + '\n' + forgeSig(edLine) + smLine
      failsAt(verifyTlogProof(withCheckpoint(t, badEd), keys), 'signature', /（Ed25519）的签名验证失败/)
      const badSm = text + '\n' + edLine + forgeSig(smLine)
      failsAt(verifyTlogProof(withCheckpoint(t, badSm), keys), 'signature', /（SM2）的签名验证失败/)
    })

    it('a pasted proof with CRLF and blank space around it verifies once normalized', () => {
      const pasted = '\r\n  ' + t.replace(/\n/g, '\r\n') + '\r\n\r\n'
      expect(verifyTlogProof(normalizePasted(pasted), fx.keys).ok).toBe(true)
      expect(normalizePasted(pasted)).toBe(t)
    })
  })
})

describe('the server-code fixtures of the Python verifier', () => {
  const vkeys = F('keys.vkeys').trim().split('\n')

  it.each(['sm3', 'sha256'])('%s: proof, checkpoints and consistency; the witness signature is ignored', (hash) => {
    const info = { hash, verifier_keys: vkeys }
    const r = verifyTlogProof(F(`${hash}-7.tlog-proof`), info)
    expect(r.ok, JSON.stringify(r.steps)).toBe(true)
    expect(r.checkpoint?.ignored).toBe(1)
    expect(r.steps.find((s) => s.id === 'signature')?.detail).toMatch(/忽略未知签名 1 个/)
    const k = loadKeys(info)
    const c5 = openCheckpoint(F(`${hash}-5.checkpoint`), k.keys)
    const c13 = openCheckpoint(F(`${hash}-13.checkpoint`), k.keys)
    const path = F(`${hash}-5-13.consistency`)
      .trim()
      .split('\n')
      .map((s) => fromBase64(s, 'proof', 'consistency'))
    expect(() => verifyConsistency(k.hash, c5.size, c13.size, c5.root, c13.root, path)).not.toThrow()
    expect(() => verifyConsistency(k.hash, c5.size, c13.size, c13.root, c13.root, path)).toThrow(/旧根/)
    // Only the witness key: it verifies alone too, and the log's keys are then ignored.
    const witness = F('witness.vkey').trim()
    expect(verifyTlogProof(F(`${hash}-7.tlog-proof`), { hash, verifier_keys: [witness] }).ok).toBe(true)
  })
})

describe('verifier keys', () => {
  const [ed, sm] = F('keys.vkeys').trim().split('\n')

  it('parses both kinds and checks the key id', () => {
    expect(parseVerifierKey(ed)).toMatchObject({ kind: 'Ed25519', name: 'zhifa.ledger/330000-fixture' })
    expect(parseVerifierKey(sm)).toMatchObject({ kind: 'SM2' })
    const wrongId = ed.replace(/\+([0-9a-f]{8})\+/, (_m, id: string) => `+${id.slice(0, 7)}${id[7] === '0' ? '1' : '0'}+`)
    expect(() => parseVerifierKey(wrongId)).toThrow(/密钥编号与公钥不符/)
    expect(() => parseVerifierKey('no-plus-signs')).toThrow(/名称\+8位十六进制编号\+base64/)
    expect(() => parseVerifierKey('a b+01234567+AQ==')).toThrow(ProofError)
    // A point off the curve: the last byte of y changed.
    const parts = sm.split('+')
    const blob = fromBase64(parts.slice(2).join('+'), 'k', 'keys')
    blob[blob.length - 1] ^= 1
    expect(() => parseVerifierKey(parts.slice(0, 2).join('+') + '+' + toBase64(blob))).toThrow(/不在曲线上/)
    expect(() => parseVerifierKey('x+01234567+' + toBase64(new Uint8Array([7, 1, 2])))).toThrow(/不支持的密钥类型/)
  })
})

describe('canonical JSON', () => {
  it('sorts keys by code point, keeps UTF-8, refuses fractions', () => {
    expect(canonicalJson({ b: 1, a: [true, null, '执法'], 'é': { z: 0, y: '\n' } })).toBe('{"a":[true,null,"执法"],"b":1,"é":{"y":"\\n","z":0}}')
    expect(() => canonicalJson({ x: 1.5 })).toThrow()
    expect(toHex(HASHES.sm3(new TextEncoder().encode('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
    expect(toHex(HASHES.sha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})
