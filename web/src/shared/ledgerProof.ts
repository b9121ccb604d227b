// Checking zhifa's ledger in the browser (记录核验): signed checkpoints (c2sp.org/signed-note,
// c2sp.org/tlog-checkpoint), offline inclusion proofs (c2sp.org/tlog-proof@v1) and consistency
// proofs (RFC 9162 §2.1.4). It makes exactly the checks of the independent verifier
// docs/verify_ledger.py (formats: docs/ledger-verify.md), with the primitives taken from
// npm packages: SM3 and SM2 (ID 1234567812345678) from sm-crypto, Ed25519 from @noble/curves,
// SHA-256 from @noble/hashes. Nothing here talks to the server: callers fetch and pass text in.
//
// verifyTlogProof / verifyProofJson report every step (StepResult) in order; the first failing step
// names what does not hold, and the steps after it are marked as not run.
import smCrypto from 'sm-crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'

export type HashName = 'sm3' | 'sha256'
export type HashFn = (data: Uint8Array) => Uint8Array

/** The JSON of GET /api/v1/ledger/keys. */
export interface LedgerKeys {
  origin?: string
  hash: string
  verifier_keys: string[]
}

export type StepId = 'format' | 'keys' | 'signature' | 'checkpoint' | 'leaf' | 'path' | 'root' | 'seq' | 'change' | 'consistency'

export const STEP_TITLES: Record<StepId, string> = {
  format: '证明格式',
  keys: '验证密钥',
  signature: '检查点签名',
  checkpoint: '检查点内容',
  leaf: '叶哈希',
  path: '审计路径',
  root: '根哈希比对',
  seq: '记录序号',
  change: '变更内容哈希',
  consistency: '与最新检查点一致',
}

/** A failed check; `step` says which. */
export class ProofError extends Error {
  readonly step: StepId
  constructor(step: StepId, message: string) {
    super(message)
    this.name = 'ProofError'
    this.step = step
  }
}

export type StepStatus = 'ok' | 'fail' | 'skip'

export interface StepResult {
  id: StepId
  title: string
  status: StepStatus
  detail: string
}

// ------------------------------------------------------------------ bytes, base64, hex ----------
const utf8 = new TextEncoder()

export function concatBytes(...parts: (Uint8Array | number[])[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0)
  const out = new Uint8Array(n)
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.length
  }
  return out
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let d = 0
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i]
  return d === 0
}

export function toHex(b: Uint8Array): string {
  let s = ''
  for (const x of b) s += x.toString(16).padStart(2, '0')
  return s
}

export function fromHex(h: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(h)) throw new Error(`not hex: ${h.slice(0, 40)}`)
  const out = new Uint8Array(h.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16)
  return out
}

export function toBase64(b: Uint8Array): string {
  let s = ''
  for (const x of b) s += String.fromCharCode(x)
  return btoa(s)
}

/** Strict, canonical standard base64 (with padding); anything else fails `step`. */
export function fromBase64(s: string, what: string, step: StepId): Uint8Array {
  let raw: Uint8Array | null = null
  if (s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
    try {
      raw = Uint8Array.from(atob(s), (c) => c.charCodeAt(0))
    } catch {
      raw = null
    }
  }
  if (!raw || toBase64(raw) !== s) throw new ProofError(step, `${what}不是规范的 base64：${JSON.stringify(s.slice(0, 60))}`)
  return raw
}

// ------------------------------------------------------------------ hashes, Merkle tree ---------
export const HASHES: Record<HashName, HashFn> = {
  sm3: (d) => fromHex(smCrypto.sm3(d)),
  sha256: (d) => sha256(d),
}

export function isHashName(s: string): s is HashName {
  return s === 'sm3' || s === 'sha256'
}

/** RFC 6962 §2.1: leaf hash H(0x00 || entry). */
export function leafHash(h: HashFn, entry: Uint8Array): Uint8Array {
  return h(concatBytes([0], entry))
}

/** RFC 6962 §2.1: node hash H(0x01 || left || right). */
export function nodeHash(h: HashFn, left: Uint8Array, right: Uint8Array): Uint8Array {
  return h(concatBytes([1], left, right))
}

/**
 * RFC 9162 §2.1.3.2, first half: the root that the audit path leads to from `leaf` at `index` in a
 * tree of `size` leaves. Throws ProofError('path') when the path cannot belong to such a tree.
 */
export function rootFromPath(h: HashFn, index: bigint, size: bigint, leaf: Uint8Array, path: Uint8Array[]): Uint8Array {
  if (index >= size) throw new ProofError('path', `序号 index ${index} 不小于树大小 ${size}`)
  let fn = index
  let sn = size - 1n
  let r = leaf
  for (const p of path) {
    if (sn === 0n) throw new ProofError('path', `证明哈希过多（${path.length} 个），与序号 ${index}、树大小 ${size} 不符`)
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(h, p, r)
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n
        sn >>= 1n
      }
    } else {
      r = nodeHash(h, r, p)
    }
    fn >>= 1n
    sn >>= 1n
  }
  if (sn !== 0n) throw new ProofError('path', `证明哈希不足（${path.length} 个），与序号 ${index}、树大小 ${size} 不符`)
  return r
}

/** The second half: the recomputed root must be the signed one. Throws ProofError('root'). */
export function compareRoot(computed: Uint8Array, signed: Uint8Array): void {
  if (!bytesEqual(computed, signed))
    throw new ProofError('root', `重算的根 ${toBase64(computed)} 与检查点的根 ${toBase64(signed)} 不符：记录内容、序号、证明路径或哈希算法有误`)
}

/** RFC 9162 §2.1.3.2 whole; throws ProofError('path' or 'root'). */
export function verifyInclusion(h: HashFn, index: bigint, size: bigint, leaf: Uint8Array, path: Uint8Array[], root: Uint8Array): Uint8Array {
  const r = rootFromPath(h, index, size, leaf, path)
  compareRoot(r, root)
  return r
}

/** RFC 9162 §2.1.4.2 for trees of sizes m <= n. Throws ProofError('consistency') when it fails. */
export function verifyConsistency(h: HashFn, m: bigint, n: bigint, rootM: Uint8Array, rootN: Uint8Array, proof: Uint8Array[]): void {
  const fail = (msg: string) => new ProofError('consistency', msg)
  if (!(m > 0n && m <= n)) throw fail(`一致性证明要求 0 < 旧大小 ≤ 新大小（实际 ${m}、${n}）`)
  if (m === n) {
    if (proof.length || !bytesEqual(rootM, rootN)) throw fail('同大小的两个检查点须根哈希相同且证明为空')
    return
  }
  if (!proof.length) throw fail('一致性证明为空')
  let path = proof
  if ((m & (m - 1n)) === 0n) path = [rootM, ...proof] // m is a power of two: the old root is the first node
  let fn = m - 1n
  let sn = n - 1n
  while ((fn & 1n) === 1n) {
    fn >>= 1n
    sn >>= 1n
  }
  let fr = path[0]
  let sr = path[0]
  for (const c of path.slice(1)) {
    if (sn === 0n) throw fail('一致性证明哈希过多')
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(h, c, fr)
      sr = nodeHash(h, c, sr)
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n
        sn >>= 1n
      }
    } else {
      sr = nodeHash(h, sr, c)
    }
    fn >>= 1n
    sn >>= 1n
  }
  if (sn !== 0n) throw fail('一致性证明哈希不足')
  if (!bytesEqual(fr, rootM)) throw fail(`重算的旧根 ${toBase64(fr)} 与旧检查点的根 ${toBase64(rootM)} 不符`)
  if (!bytesEqual(sr, rootN)) throw fail(`重算的新根 ${toBase64(sr)} 与新检查点的根 ${toBase64(rootN)} 不符`)
}

// ------------------------------------------------------------------ verifier keys ---------------
export type KeyKind = 'Ed25519' | 'SM2'

export interface VerifierKey {
  vkey: string
  name: string
  id: number
  kind: KeyKind
  /** name+id (8 hex digits), how a key is named in messages. */
  label: string
  verify(msg: Uint8Array, sig: Uint8Array): boolean
}

const ED25519_TYPE = new Uint8Array([0x01])
const SM2_TYPE = concatBytes([0xff], utf8.encode('zhifa-sm2-sm3'))
// DER SubjectPublicKeyInfo { {id-ecPublicKey 1.2.840.10045.2.1, sm2p256v1 1.2.156.10197.1.301},
// BIT STRING 00 04||x||y }: for this one key type the encoding is fixed, so it is matched whole.
const SM2_SPKI_PREFIX = fromHex('3059301306072a8648ce3d020106082a811ccf5501822d034200')
const SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn
export const SM2_ID = '1234567812345678'

function validName(name: string): boolean {
  return name.length > 0 && !/[ +\n\t]/.test(name)
}

function startsWith(b: Uint8Array, prefix: Uint8Array): boolean {
  return b.length >= prefix.length && bytesEqual(b.subarray(0, prefix.length), prefix)
}

/** A verifier key `<name>+<8 hex id>+<base64(type || key)>`; throws ProofError('keys'). */
export function parseVerifierKey(vkey: string): VerifierKey {
  const fail = (msg: string) => new ProofError('keys', msg)
  const i = vkey.indexOf('+')
  const j = i < 0 ? -1 : vkey.indexOf('+', i + 1)
  const name = i < 0 ? '' : vkey.slice(0, i)
  const idHex = j < 0 ? '' : vkey.slice(i + 1, j)
  if (j < 0 || !validName(name) || !/^[0-9a-fA-F]{8}$/.test(idHex)) throw fail(`验证密钥格式应为 名称+8位十六进制编号+base64：${JSON.stringify(vkey.slice(0, 80))}`)
  const id = parseInt(idHex, 16)
  const label = `${name}+${idHex.toLowerCase()}`
  const blob = fromBase64(vkey.slice(j + 1), '验证密钥', 'keys')
  let kind: KeyKind
  let type: Uint8Array
  let pub: Uint8Array
  let verify: (msg: Uint8Array, sig: Uint8Array) => boolean
  if (blob.length === 33 && blob[0] === ED25519_TYPE[0]) {
    kind = 'Ed25519'
    type = ED25519_TYPE
    pub = blob.subarray(1)
    try {
      ed25519.Point.fromBytes(pub)
    } catch {
      throw fail(`Ed25519 公钥无效：${label}`)
    }
    const key = pub
    verify = (msg, sig) => {
      if (sig.length !== 64) return false
      try {
        return ed25519.verify(sig, msg, key, { zip215: false }) // RFC 8032 rules
      } catch {
        return false
      }
    }
  } else if (startsWith(blob, SM2_TYPE)) {
    kind = 'SM2'
    type = SM2_TYPE
    pub = blob.subarray(SM2_TYPE.length)
    if (pub.length !== SM2_SPKI_PREFIX.length + 65 || !startsWith(pub, SM2_SPKI_PREFIX) || pub[SM2_SPKI_PREFIX.length] !== 0x04)
      throw fail(`SM2 公钥应为 sm2p256v1 的 SubjectPublicKeyInfo（未压缩点 04||x||y）：${label}`)
    const point = pub.subarray(SM2_SPKI_PREFIX.length)
    const pointHex = toHex(point)
    const x = BigInt('0x' + pointHex.slice(2, 66))
    const y = BigInt('0x' + pointHex.slice(66))
    if (x >= SM2_P || y >= SM2_P || !smCrypto.sm2.verifyPublicKey(pointHex)) throw fail(`SM2 公钥不在曲线上：${label}`)
    verify = (msg, sig) => {
      try {
        return smCrypto.sm2.doVerifySignature(msg, toHex(sig), pointHex, { der: true, hash: true, userId: SM2_ID })
      } catch {
        return false
      }
    }
  } else {
    throw fail(`不支持的密钥类型 0x${toHex(blob.subarray(0, 1))}：${label}`)
  }
  const digest = sha256(concatBytes(utf8.encode(name), [0x0a], type, pub))
  const want = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0
  if (want !== id) throw fail(`密钥编号与公钥不符：${label} 应为 ${name}+${want.toString(16).padStart(8, '0')}`)
  return { vkey, name, id, kind, label, verify }
}

export interface LoadedKeys {
  keys: VerifierKey[]
  hashName: HashName
  hash: HashFn
  origin?: string
}

/** The keys and hash of GET /api/v1/ledger/keys; throws ProofError('keys'). */
export function loadKeys(info: LedgerKeys): LoadedKeys {
  if (!isHashName(info.hash)) throw new ProofError('keys', `未知的哈希算法：${String(info.hash)}`)
  const keys = (info.verifier_keys ?? []).map(parseVerifierKey)
  if (!keys.length) throw new ProofError('keys', '没有可信的验证密钥')
  return { keys, hashName: info.hash, hash: HASHES[info.hash], origin: info.origin || undefined }
}

// ------------------------------------------------------------------ signed notes, checkpoints ---
export interface KeyCheck {
  label: string
  kind: KeyKind
  /** true: a signature by this key verified; false: the note carries none. */
  signed: boolean
}

export interface OpenedNote {
  text: string
  keys: KeyCheck[]
  /** Signatures by keys not among the trusted ones (ignored). */
  ignored: number
}

const DASH = '\u2014 '

/** c2sp.org/signed-note. Throws ProofError('signature') when the note or a signature is bad. */
export function openNote(note: string, keys: VerifierKey[], what = '检查点'): OpenedNote {
  const fail = (msg: string) => new ProofError('signature', msg)
  for (const ch of note) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x20 && ch !== '\n') throw fail(`${what}含控制字符 U+${c.toString(16).toUpperCase().padStart(4, '0')}${ch === '\r' ? '（CRLF 换行？）' : ''}`)
  }
  const split = note.lastIndexOf('\n\n')
  if (split < 0 || !note.endsWith('\n')) throw fail(`${what}缺少正文与签名之间的空行`)
  const text = note.slice(0, split + 1)
  const sigLines = note.length > split + 2 ? note.slice(split + 2, -1).split('\n') : []
  if (!sigLines.length) throw fail(`${what}没有签名行`)
  const message = utf8.encode(text)
  const signedBy = new Set<VerifierKey>()
  let ignored = 0
  for (const line of sigLines) {
    const parts = line.startsWith(DASH) ? line.slice(DASH.length).split(' ') : []
    if (parts.length !== 2) throw fail(`${what}签名行格式错误：${JSON.stringify(line.slice(0, 80))}`)
    const [name, b64] = parts
    const blob = fromBase64(b64, `${what}的签名`, 'signature')
    if (blob.length < 5) throw fail(`${what}签名过短：${JSON.stringify(line.slice(0, 80))}`)
    const keyId = ((blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3]) >>> 0
    const sig = blob.subarray(4)
    const known = keys.filter((k) => k.name === name && k.id === keyId)
    if (!known.length) ignored++
    for (const k of known) {
      if (!k.verify(message, sig)) throw fail(`${what}：密钥 ${k.label}（${k.kind}）的签名验证失败`)
      signedBy.add(k)
    }
  }
  if (!signedBy.size) throw fail(`${what}没有可信密钥的有效签名（已忽略 ${ignored} 个未知签名）`)
  return { text, keys: keys.map((k) => ({ label: k.label, kind: k.kind, signed: signedBy.has(k) })), ignored }
}

export interface Checkpoint {
  note: string
  origin: string
  size: bigint
  root: Uint8Array
  /** Extension lines after the root (ignored). */
  extensions: string[]
}

/** The body of a checkpoint (origin, size, root); throws ProofError('checkpoint'). */
export function parseCheckpointText(text: string, note: string, origin?: string, what = '检查点'): Checkpoint {
  const fail = (msg: string) => new ProofError('checkpoint', msg)
  const lines = text.split('\n').slice(0, -1)
  if (lines.length < 3 || !lines[0]) throw fail(`${what}正文须为 来源、大小、根哈希 三行`)
  if (!/^(0|[1-9][0-9]{0,19})$/.test(lines[1]) || BigInt(lines[1]) >= 1n << 64n) throw fail(`${what}的大小格式错误：${JSON.stringify(lines[1])}`)
  const root = fromBase64(lines[2], `${what}的根哈希`, 'checkpoint')
  if (root.length !== 32) throw fail(`${what}的根哈希应为 32 字节`)
  if (origin !== undefined && lines[0] !== origin) throw fail(`${what}的来源 ${JSON.stringify(lines[0])} 与本平台 ${JSON.stringify(origin)} 不符`)
  return { note, origin: lines[0], size: BigInt(lines[1]), root, extensions: lines.slice(3) }
}

export interface OpenedCheckpoint extends Checkpoint, OpenedNote {}

/** Signatures first, then the body, as verify_ledger.py does. */
export function openCheckpoint(note: string, keys: VerifierKey[], origin?: string, what = '检查点'): OpenedCheckpoint {
  const opened = openNote(note, keys, what)
  return { ...opened, ...parseCheckpointText(opened.text, note, origin, what) }
}

/** "已验证：A（Ed25519）、B（SM2）" and what was not signed or ignored. */
export function describeSignatures(n: OpenedNote): string {
  const ok = n.keys.filter((k) => k.signed).map((k) => `${k.label}（${k.kind}）`)
  const missing = n.keys.filter((k) => !k.signed).map((k) => `${k.label}（${k.kind}）`)
  let s = `已验证签名：${ok.join('、')}`
  if (missing.length) s += `；未签名：${missing.join('、')}`
  if (n.ignored) s += `；忽略未知签名 ${n.ignored} 个`
  return s
}

// ------------------------------------------------------------------ offline proofs --------------
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1'

export interface ParsedTlogProof {
  extra: Uint8Array | null
  index: bigint
  path: Uint8Array[]
  checkpoint: string
}

/** c2sp.org/tlog-proof@v1; throws ProofError('format'). */
export function parseTlogProof(text: string): ParsedTlogProof {
  const fail = (msg: string) => new ProofError('format', msg)
  const lines = text.split('\n')
  if (lines[0] !== TLOG_PROOF_HEADER) throw fail(`第一行应为 ${TLOG_PROOF_HEADER}`)
  let i = 1
  let extra: Uint8Array | null = null
  if (i < lines.length && lines[i].startsWith('extra ')) {
    extra = fromBase64(lines[i].slice(6), 'extra（记录内容）', 'format')
    i++
  }
  const m = i < lines.length ? /^index (0|[1-9][0-9]{0,19})$/.exec(lines[i]) : null
  if (!m || BigInt(m[1]) >= 1n << 64n) throw fail(`第 ${i + 1} 行应为 index <序号>`)
  const index = BigInt(m[1])
  const path: Uint8Array[] = []
  i++
  while (i < lines.length && lines[i]) {
    const node = fromBase64(lines[i], `第 ${i + 1} 行的证明哈希`, 'format')
    if (node.length !== 32) throw fail(`第 ${i + 1} 行不是 32 字节的哈希`)
    path.push(node)
    i++
  }
  if (i >= lines.length) throw fail('空行之后缺少检查点')
  return { extra, index, path, checkpoint: lines.slice(i + 1).join('\n') }
}

/**
 * Text as pasted into a box: CRLF to LF, surrounding blank space dropped, one final newline.
 * Only unsigned bytes change (the signed note text ends before the signature lines).
 */
export function normalizePasted(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/^[\s\uFEFF]+/, '').replace(/\s+$/, '') + '\n'
}

/** Canonical JSON as the server hashes it: keys sorted by code point, no whitespace, integers only. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v)
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`规范化 JSON 只允许整数：${v}`)
    return JSON.stringify(v)
  }
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']'
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort(compareCodePoints)
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}'
  }
  throw new Error(`规范化 JSON 不支持 ${typeof v}`)
}

function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0)
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i]
  return x.length - y.length
}

/** What a proof claims, however it arrived (an offline proof or the JSON of /proof). */
export interface ProofInput {
  /** The entry bytes (its canonical JSON); null when the proof carries none. */
  entry: Uint8Array | null
  index: bigint
  path: Uint8Array[]
  checkpoint: string
  /** The tree size the proof was made for, when it says so (the JSON of /proof). */
  size?: bigint
}

export interface VerifyOptions {
  /** The entry's change (from the operation log): its hash must equal the entry's change_hash. */
  change?: unknown
  /** The seq the caller expects (the log row it opened). */
  expectSeq?: number
  /**
   * verifyProofJson only: check against this signed checkpoint (e.g. the latest, with the proof
   * fetched for its size) instead of the one the JSON carries.
   */
  checkpoint?: string
  /** How the checkpoint is named in messages (default 证明中的检查点). */
  checkpointLabel?: string
}

export interface ProofReport {
  ok: boolean
  steps: StepResult[]
  /** The first failing step, if any. */
  failed: StepResult | null
  hashName?: HashName
  index?: bigint
  /** The entry bytes as text, and parsed when they are JSON. */
  entryText?: string
  entry?: unknown
  checkpoint?: OpenedCheckpoint
  leaf?: Uint8Array
  root?: Uint8Array
  path?: Uint8Array[]
}

/** Runs the planned steps in order; a ProofError fails its step and skips the ones not run. */
function runSteps(plan: StepId[], report: ProofReport, body: (done: (id: StepId, detail: string) => void) => void): ProofReport {
  const results = new Map<StepId, StepResult>()
  const done = (id: StepId, detail: string) => results.set(id, { id, title: STEP_TITLES[id], status: 'ok', detail })
  try {
    body(done)
  } catch (e) {
    const id = e instanceof ProofError ? e.step : (plan.find((p) => !results.has(p)) ?? plan[plan.length - 1])
    const detail = e instanceof Error ? e.message : String(e)
    results.set(id, { id, title: STEP_TITLES[id], status: 'fail', detail })
  }
  report.steps = plan.map((id) => results.get(id) ?? { id, title: STEP_TITLES[id], status: 'skip', detail: '未执行' })
  report.failed = report.steps.find((s) => s.status === 'fail') ?? null
  report.ok = !report.failed
  return report
}

function checkProof(input: ProofInput, info: LedgerKeys, opts: VerifyOptions, report: ProofReport, done: (id: StepId, detail: string) => void) {
  const k = loadKeys(info)
  report.hashName = k.hashName
  done('keys', `${k.keys.map((x) => `${x.label}（${x.kind}）`).join('、')}；哈希算法 ${k.hashName.toUpperCase()}`)

  const what = opts.checkpointLabel ?? '证明中的检查点'
  const note = openNote(input.checkpoint, k.keys, what)
  done('signature', describeSignatures(note))
  const cp: OpenedCheckpoint = { ...note, ...parseCheckpointText(note.text, input.checkpoint, k.origin, what) }
  report.checkpoint = cp
  if (input.size !== undefined && input.size !== cp.size)
    throw new ProofError('checkpoint', `证明针对大小为 ${input.size} 的记录树，而${what}的大小为 ${cp.size}`)
  done('checkpoint', `来源 ${cp.origin}，树大小 ${cp.size}，根哈希 ${toBase64(cp.root)}`)

  if (!input.entry) throw new ProofError('leaf', '证明没有 extra（记录内容），无法重算叶哈希')
  const leaf = leafHash(k.hash, input.entry)
  report.leaf = leaf
  done('leaf', `由记录内容重算 H(0x00‖记录) = ${toBase64(leaf)}（${k.hashName.toUpperCase()}）`)

  const root = rootFromPath(k.hash, input.index, cp.size, leaf, input.path)
  report.root = root
  done('path', `自叶哈希沿 ${input.path.length} 个证明哈希逐层计算（序号 index ${input.index}，树大小 ${cp.size}），得到根 ${toBase64(root)}`)
  compareRoot(root, cp.root)
  done('root', `重算的根与已签名检查点的根一致：记录 #${input.index + 1n} 在大小为 ${cp.size} 的记录树中`)

  const entry = report.entry as { seq?: unknown; change_hash?: unknown } | undefined
  const seq = entry && typeof entry === 'object' && Number.isSafeInteger(entry.seq) ? (entry.seq as number) : undefined
  if (seq !== undefined && BigInt(seq) !== input.index + 1n) throw new ProofError('seq', `记录中的 seq ${seq} 与序号 index ${input.index} 不符（应为 index + 1）`)
  if (opts.expectSeq !== undefined && (seq ?? Number(input.index + 1n)) !== opts.expectSeq)
    throw new ProofError('seq', `证明的是记录 #${seq ?? input.index + 1n}，而不是所查看的记录 #${opts.expectSeq}`)
  done('seq', seq !== undefined ? `记录中的 seq ${seq} = index ${input.index} + 1` : '记录不含 seq，未检查')

  if ('change' in opts) {
    const want = entry && typeof entry === 'object' ? entry.change_hash : undefined
    let got: string
    try {
      got = toHex(k.hash(utf8.encode(canonicalJson(opts.change))))
    } catch (e) {
      throw new ProofError('change', `变更内容无法规范化：${e instanceof Error ? e.message : String(e)}`)
    }
    if (got !== want) throw new ProofError('change', `日志中变更内容的哈希 ${got} 与记录的 change_hash ${String(want)} 不符：变更内容被改动`)
    done('change', `H(变更内容) = ${got}，与记录的 change_hash 一致`)
  }
}

function planFor(opts: VerifyOptions): StepId[] {
  const plan: StepId[] = ['format', 'keys', 'signature', 'checkpoint', 'leaf', 'path', 'root', 'seq']
  if ('change' in opts) plan.push('change')
  return plan
}

function describeEntry(report: ProofReport, bytes: Uint8Array | null) {
  if (!bytes) return
  try {
    report.entryText = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ProofError('format', '记录内容不是 UTF-8 文本')
  }
  try {
    report.entry = JSON.parse(report.entryText)
  } catch {
    report.entry = undefined
  }
}

/** Verifies an offline proof (c2sp.org/tlog-proof@v1 text) against the log's keys. Never throws. */
export function verifyTlogProof(text: string, info: LedgerKeys, opts: VerifyOptions = {}): ProofReport {
  const report: ProofReport = { ok: false, steps: [], failed: null }
  return runSteps(planFor(opts), report, (done) => {
    const p = parseTlogProof(text)
    report.index = p.index
    report.path = p.path
    describeEntry(report, p.extra)
    done('format', `记录 #${p.index + 1n}（index ${p.index}），证明哈希 ${p.path.length} 个${p.extra ? '' : '，无记录内容'}`)
    checkProof({ entry: p.extra, index: p.index, path: p.path, checkpoint: p.checkpoint }, info, opts, report, done)
  })
}

/** The JSON of GET /api/v1/ledger/entries/{seq}/proof. */
export interface ProofJson {
  seq: number
  index: number
  size: number
  entry: unknown
  leaf_hash: string
  proof: string[]
  root: string
  checkpoint: string | null
}

/**
 * Verifies the JSON inclusion proof the console fetches: the entry bytes are the canonical JSON of
 * `entry` (as the server makes them), checked against a signed checkpoint (opts.checkpoint, or the
 * one the JSON carries), never against the JSON's own `root` or `leaf_hash`.
 */
export function verifyProofJson(p: ProofJson, info: LedgerKeys, opts: VerifyOptions = {}): ProofReport {
  const report: ProofReport = { ok: false, steps: [], failed: null }
  return runSteps(planFor(opts), report, (done) => {
    const note = opts.checkpoint ?? p.checkpoint
    if (!note) throw new ProofError('format', '证明没有附带检查点')
    if (!Number.isSafeInteger(p.index) || p.index < 0) throw new ProofError('format', `序号 index 无效：${String(p.index)}`)
    const index = BigInt(p.index)
    const path = (p.proof ?? []).map((s, i) => {
      const b = fromBase64(s, `第 ${i + 1} 个证明哈希`, 'format')
      if (b.length !== 32) throw new ProofError('format', `第 ${i + 1} 个证明哈希不是 32 字节`)
      return b
    })
    let bytes: Uint8Array
    try {
      bytes = utf8.encode(canonicalJson(p.entry))
    } catch (e) {
      throw new ProofError('format', `记录不是规范 JSON：${e instanceof Error ? e.message : String(e)}`)
    }
    report.index = index
    report.path = path
    describeEntry(report, bytes)
    done('format', `记录 #${index + 1n}（index ${index}），证明哈希 ${path.length} 个`)
    const size = Number.isSafeInteger(p.size) ? BigInt(p.size) : undefined
    checkProof({ entry: bytes, index, path, checkpoint: note, size }, info, opts, report, done)
  })
}

/** The JSON of GET /api/v1/ledger/consistency. */
export interface ConsistencyJson {
  from: number
  to: number
  proof: string[]
}

/**
 * Checks that `latest` extends `older` (both already opened with the log's keys): equal origins,
 * then RFC 9162 §2.1.4.2 with `proof` (null when the sizes are equal). Returns a description;
 * throws ProofError('consistency').
 */
export function checkConsistency(h: HashFn, older: Checkpoint, latest: Checkpoint, proof: ConsistencyJson | null): string {
  const fail = (msg: string) => new ProofError('consistency', msg)
  if (older.origin !== latest.origin) throw fail(`两个检查点来源不同：${older.origin} 与 ${latest.origin}`)
  if (older.size > latest.size) throw fail(`证明中的检查点（大小 ${older.size}）比最新检查点（大小 ${latest.size}）还新`)
  if (older.size === latest.size) {
    verifyConsistency(h, older.size, latest.size, older.root, latest.root, [])
    return `证明中的检查点就是最新检查点（大小 ${latest.size}）`
  }
  if (!proof) throw fail('缺少一致性证明')
  if (BigInt(proof.from) !== older.size || BigInt(proof.to) !== latest.size)
    throw fail(`一致性证明针对 ${proof.from}→${proof.to}，而检查点为 ${older.size}→${latest.size}`)
  const path = proof.proof.map((s, i) => {
    const b = fromBase64(s, `第 ${i + 1} 个一致性证明哈希`, 'consistency')
    if (b.length !== 32) throw fail(`第 ${i + 1} 个一致性证明哈希不是 32 字节`)
    return b
  })
  verifyConsistency(h, older.size, latest.size, older.root, latest.root, path)
  return `最新检查点（大小 ${latest.size}）是证明中检查点（大小 ${older.size}）的追加：此前的记录未被改动或删除（${path.length} 个证明哈希）`
}
