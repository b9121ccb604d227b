// Re-running a verifiable draw (抽查验证) in the browser: the third implementation of
// docs/draw-algorithm.md `zhifa-draw/1` (§2–§8; replacements, §7.1, are not re-run), written
// from the document alone so that it checks the server's engine and docs/verify_draw.py rather
// than repeating them. verifyDraw(certificate, pool) answers like `python3 verify_draw.py CERT
// POOL`: reproduced, or the first difference with its path (result.selected[3].team[1].id).
//
// Every integer the draw computes with is exact: 64-bit words and the allocation's products are
// BigInt, the JSON of the certificate is parsed here so that no integer is rounded, and text is
// ordered by UTF-8 bytes (code points), never by JavaScript's UTF-16 `<`.
import { HASHES, concatBytes, fromHex, toHex, type HashFn, type HashName } from './ledgerProof'

export const DRAW_ALGORITHM = 'zhifa-draw/1'
export const CERTIFICATE_FORMAT = 'zhifa-draw-certificate'

export const POOL_COLUMNS = [
  'kind', 'id', 'name', 'division', 'industry', 'category', 'credit', 'risk', 'key_unit', 'last_check',
  'weight', 'department', 'status', 'valid_from', 'valid_to', 'specialties', 'conflicts', 'load',
] as const
export type PoolColumn = (typeof POOL_COLUMNS)[number]

/** What went wrong, and where: a pool line and column, a parameter key or a certificate path. */
export type DrawErrorCode = 'pool_invalid' | 'params_invalid' | 'randomness_invalid' | 'certificate_invalid' | 'team_impossible'

export class DrawError extends Error {
  readonly code: DrawErrorCode
  /** `params.team.size`, `result`, … — for pool errors the line's place is in the message. */
  readonly path: string
  /** Pool errors: 1-based line and the column's name. */
  readonly line?: number
  readonly column?: string
  constructor(code: DrawErrorCode, path: string, message: string, line?: number, column?: string) {
    super(message)
    this.name = 'DrawError'
    this.code = code
    this.path = path
    this.line = line
    this.column = column
  }
}

// ------------------------------------------------------------------ text ordering ----------------
/** Byte order of the UTF-8 encodings, which is code point order (§1). */
export function compareBytesOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    // UTF-16 order differs from code point order only when one side is a surrogate (a
    // supplementary character) and the other a unit at or above U+E000.
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    if (xs !== ys) return xs ? 1 : -1
    return x - y
  }
  return a.length - b.length
}

function compareRawBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

const utf8 = new TextEncoder()

// ------------------------------------------------------------------ JSON without rounding -------
/** A JSON number with a fraction or exponent: kept as its text (zhifa-draw/1 has no such numbers). */
export class JsonFloat {
  constructor(readonly text: string) {}
}
export type JsonValue = null | boolean | string | number | bigint | JsonFloat | JsonValue[] | { [k: string]: JsonValue }

/** JSON.parse, except that integers beyond 2^53 stay exact (bigint) and other numbers are JsonFloat. */
export function parseJson(text: string): JsonValue {
  let i = 0
  const fail = (msg: string): never => {
    throw new SyntaxError(`JSON 第 ${i + 1} 个字符处：${msg}`)
  }
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const value = (depth: number): JsonValue => {
    if (depth > 200) fail('嵌套过深')
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const o: { [k: string]: JsonValue } = {}
      ws()
      if (text[i] === '}') {
        i++
        return o
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail('应为键名')
        const k = string()
        ws()
        if (text[i] !== ':') fail('应为冒号')
        i++
        Object.defineProperty(o, k, { value: value(depth + 1), enumerable: true, writable: true, configurable: true })
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return o
        }
        fail('应为逗号或 }')
      }
    }
    if (c === '[') {
      i++
      const a: JsonValue[] = []
      ws()
      if (text[i] === ']') {
        i++
        return a
      }
      for (;;) {
        a.push(value(depth + 1))
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return a
        }
        fail('应为逗号或 ]')
      }
    }
    if (c === '"') return string()
    if (text.startsWith('true', i)) {
      i += 4
      return true
    }
    if (text.startsWith('false', i)) {
      i += 5
      return false
    }
    if (text.startsWith('null', i)) {
      i += 4
      return null
    }
    const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400))
    if (!m) return fail('无法识别的值')
    i += m[0].length
    if (m[1] || m[2]) return new JsonFloat(m[0])
    const n = Number(m[0])
    return Number.isSafeInteger(n) ? n : BigInt(m[0])
  }
  const string = (): string => {
    const start = ++i
    let out = ''
    let run = start
    for (;;) {
      if (i >= text.length) fail('字符串未结束')
      const ch = text.charCodeAt(i)
      if (ch === 0x22) {
        out += text.slice(run, i)
        i++
        return out
      }
      if (ch < 0x20) fail('字符串含控制字符')
      if (ch === 0x5c) {
        out += text.slice(run, i)
        const e = text[i + 1]
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
        if (e in simple) {
          out += simple[e]
          i += 2
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
          i += 6
        } else fail('无效的转义')
        run = i
        continue
      }
      i++
    }
  }
  const v = value(0)
  ws()
  if (i !== text.length) fail('值之后还有内容')
  return v
}

/**
 * §3's canonical JSON: keys sorted by code point, no whitespace, integers in decimal, strings with
 * JSON's escapes (JSON.stringify's are the same as Python's json.dumps(ensure_ascii=False)).
 */
export function canonicalJson(v: JsonValue | undefined): string {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v)
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`参数只能含整数：${v}`)
    return String(v)
  }
  if (v instanceof JsonFloat) throw new Error(`参数只能含整数（zhifa-draw/1 未规定小数的规范形式）：${v.text}`)
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']'
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort(compareBytesOrder)
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(v[k])).join(',') + '}'
  }
  throw new Error('无法规范化的值')
}

// ------------------------------------------------------------------ the pool file (§2) ----------
export interface PoolObject {
  /** 1-based line in the file. */
  line: number
  id: string
  name: string
  division: string
  industry: string
  category: string
  credit: string
  risk: string
  key_unit: boolean
  last_check: string
  weight: bigint
  department: string
}

export interface PoolInspector {
  line: number
  id: string
  name: string
  division: string
  department: string
  status: string
  valid_from: string
  valid_to: string
  specialties: string[]
  conflicts: string[]
  load: number
}

export interface Pool {
  /** Every row's 18 fields, in file order (the Merkle leaves). */
  rows: string[][]
  inspectors: PoolInspector[]
  objects: PoolObject[]
}

const CREDITS = ['trustworthy', 'abnormal', 'dishonest', 'seriously_dishonest']
const RISKS = ['low', 'medium', 'high']
const STATUSES = ['active', 'suspended', 'left']
const OBJECT_ONLY: PoolColumn[] = ['industry', 'category', 'credit', 'risk', 'key_unit', 'last_check', 'weight']
const INSPECTOR_ONLY: PoolColumn[] = ['status', 'valid_from', 'valid_to', 'specialties', 'conflicts', 'load']

/** A real calendar date written YYYY-MM-DD. */
export function isDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s)
  if (!m) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
  return d <= days
}

/** RFC 4180 records; a field never spans lines here because no field may hold a control character. */
function parseCsv(text: string, fail: (line: number, column: string | undefined, msg: string) => never): string[][] {
  const records: string[][] = []
  let i = 0
  let line = 1
  const n = text.length
  while (i < n) {
    const fields: string[] = []
    for (;;) {
      let field = ''
      if (text[i] === '"') {
        i++
        let run = i
        for (;;) {
          if (i >= n) fail(line, POOL_COLUMNS[fields.length], '引号未闭合')
          const c = text.charCodeAt(i)
          if (c === 0x22) {
            if (text[i + 1] === '"') {
              field += text.slice(run, i + 1)
              i += 2
              run = i
              continue
            }
            field += text.slice(run, i)
            i++
            break
          }
          if (c < 0x20) fail(line, POOL_COLUMNS[fields.length], '字段含控制字符（U+0020 以下）')
          i++
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') fail(line, POOL_COLUMNS[fields.length], '引号字段的结束引号之后须为逗号或行尾')
      } else {
        const start = i
        while (i < n) {
          const c = text.charCodeAt(i)
          if (c === 0x2c || c === 0x0a || c === 0x0d) break
          if (c === 0x22) fail(line, POOL_COLUMNS[fields.length], '未加引号的字段含引号')
          if (c < 0x20) fail(line, POOL_COLUMNS[fields.length], '字段含控制字符（U+0020 以下）')
          i++
        }
        field = text.slice(start, i)
      }
      fields.push(field)
      if (i < n && text[i] === ',') {
        i++
        continue
      }
      break
    }
    if (i < n) {
      if (text[i] === '\r') {
        if (text[i + 1] !== '\n') fail(line, undefined, '行尾的 CR 之后缺少 LF')
        i += 2
      } else i++ // LF
    }
    records.push(fields)
    line++
  }
  return records
}

/** Parses and checks a pool file (§2); throws DrawError('pool_invalid') naming the line and column. */
export function parsePool(input: string | Uint8Array): Pool {
  const fail = (line: number, column: string | undefined, msg: string): never => {
    throw new DrawError('pool_invalid', 'pool', `抽取池文件第 ${line} 行${column ? `，${column} 列` : ''}：${msg}`, line, column)
  }
  let text: string
  if (typeof input === 'string') text = input
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input)
    } catch {
      return fail(1, undefined, '不是有效的 UTF-8 文本')
    }
  }
  if (text.charCodeAt(0) === 0xfeff) fail(1, undefined, '文件以 BOM 开头（应为不带 BOM 的 UTF-8）')
  const records = parseCsv(text, fail)
  if (!records.length || records[0].join(',') !== POOL_COLUMNS.join(',')) fail(1, undefined, `第一行须为表头 ${POOL_COLUMNS.join(',')}`)
  const pool: Pool = { rows: [], inspectors: [], objects: [] }
  let prev: string[] | null = null
  for (let r = 1; r < records.length; r++) {
    const f = records[r]
    const line = r + 1
    if (f.length !== POOL_COLUMNS.length) fail(line, undefined, `应有 ${POOL_COLUMNS.length} 列，实有 ${f.length} 列`)
    const get = (c: PoolColumn) => f[POOL_COLUMNS.indexOf(c)]
    const kind = f[0]
    const id = f[1]
    if (kind !== 'object' && kind !== 'inspector') fail(line, 'kind', `应为 object 或 inspector：${JSON.stringify(kind)}`)
    if (!id) fail(line, 'id', '不能为空')
    for (const c of kind === 'object' ? INSPECTOR_ONLY : OBJECT_ONLY)
      if (get(c) !== '') fail(line, c, `${kind === 'object' ? '检查对象' : '执法人员'}行此列须为空`)
    if (prev) {
      const k = compareBytesOrder(prev[0], kind) || compareBytesOrder(prev[1], id)
      if (k === 0) fail(line, 'id', `编号重复：${id}`)
      if (k > 0) fail(line, 'id', '行未按 (kind, id) 的字节顺序排列')
    }
    prev = f
    const nat = (c: PoolColumn, s: string): bigint => {
      if (!/^[0-9]{1,15}$/.test(s)) fail(line, c, `应为非负整数：${JSON.stringify(s)}`)
      return BigInt(s)
    }
    if (kind === 'object') {
      const credit = get('credit')
      const risk = get('risk')
      const key = get('key_unit')
      const last = get('last_check')
      const w = get('weight')
      if (credit && !CREDITS.includes(credit)) fail(line, 'credit', `应为 ${CREDITS.join(' | ')} 或空：${credit}`)
      if (risk && !RISKS.includes(risk)) fail(line, 'risk', `应为 ${RISKS.join(' | ')} 或空：${risk}`)
      if (key !== '' && key !== '0' && key !== '1') fail(line, 'key_unit', `应为 1、0 或空：${key}`)
      if (last && !isDate(last)) fail(line, 'last_check', `应为 YYYY-MM-DD 日期：${last}`)
      const weight = w === '' ? 1n : nat('weight', w)
      if (weight < 1n || weight > 1000000n) fail(line, 'weight', `应为 1 至 1000000 的整数：${w}`)
      pool.objects.push({
        line, id, name: get('name'), division: get('division'), industry: get('industry'), category: get('category'),
        credit, risk, key_unit: key === '1', last_check: last, weight, department: get('department'),
      })
    } else {
      const status = get('status')
      if (!STATUSES.includes(status)) fail(line, 'status', `应为 ${STATUSES.join(' | ')}：${JSON.stringify(status)}`)
      for (const c of ['valid_from', 'valid_to'] as const) if (!isDate(get(c))) fail(line, c, `应为 YYYY-MM-DD 日期：${JSON.stringify(get(c))}`)
      const conflicts = get('conflicts') === '' ? [] : get('conflicts').split(';')
      for (const c of conflicts)
        if (!/^(object|division|department):/.test(c)) fail(line, 'conflicts', `每项应为 object:编号、division:代码 或 department:名称：${JSON.stringify(c)}`)
      const load = get('load') === '' ? 0n : nat('load', get('load'))
      pool.inspectors.push({
        line, id, name: get('name'), division: get('division'), department: get('department'), status,
        valid_from: get('valid_from'), valid_to: get('valid_to'),
        specialties: get('specialties') === '' ? [] : get('specialties').split(';'), conflicts, load: Number(load),
      })
    }
    pool.rows.push(f)
  }
  if (!pool.objects.length) fail(records.length, undefined, '抽取池中没有检查对象')
  return pool
}

/** RFC 6962 Merkle tree hash over the rows (leaf: the 18 fields joined by 0x1F). */
export function poolRoot(h: HashFn, pool: Pool): Uint8Array {
  let level = pool.rows.map((f) => h(concatBytes([0], utf8.encode(f.join('\x1f')))))
  if (!level.length) return h(new Uint8Array(0))
  // Pairing level by level and carrying an odd last node up gives RFC 6962's root (§2).
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(h(concatBytes([1], level[i], level[i + 1])))
    if (level.length % 2) next.push(level[level.length - 1])
    level = next
  }
  return level[0]
}

// ------------------------------------------------------------------ parameters (§3) -------------
export type Mode = 'random' | 'systematic' | 'multistage' | 'all'
export const STRATA_COLUMNS = ['division', 'industry', 'category', 'credit', 'risk'] as const
type TextColumn = 'division' | 'industry' | 'category' | 'credit' | 'risk' | 'department'

export interface JointRule {
  department: string
  count: number
}
export interface DrawParams {
  hash: HashName
  date: string
  mode: Mode
  strata: TextColumn[]
  ratio_bp: number
  credit_ratios_bp: Record<string, number>
  risk_ratios_bp: Record<string, number>
  weighted: boolean
  min_ratio_bp: number
  rules: { no_repeat_years: number; key_units_every_year: boolean; seriously_dishonest_every_half_year: boolean }
  multistage?: { cluster: TextColumn; clusters_min: number; clusters_max: number; units_min: number; units_max: number }
  team?: { size: number; specialty: string; load_spread: number; max_load: number; joint: JointRule[] }
}

function isObj(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonFloat)
}

/** Checks the parameters (§3) and reads them; throws DrawError('params_invalid') naming the key. */
export function readParams(raw: JsonValue | undefined): DrawParams {
  const fail = (path: string, msg: string): never => {
    throw new DrawError('params_invalid', path, `参数 ${path}：${msg}`)
  }
  if (!isObj(raw)) return fail('params', '应为 JSON 对象')
  const only = (o: { [k: string]: JsonValue }, path: string, keys: string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${path}.${k}`, '未知的键')
  }
  const int = (v: JsonValue | undefined, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(path, `应为 ${min} 至 ${max === Number.MAX_SAFE_INTEGER ? '∞' : max} 的整数`)
    return v as number
  }
  const bool = (v: JsonValue | undefined, path: string, dflt: boolean): boolean => {
    if (v === undefined) return dflt
    if (typeof v !== 'boolean') fail(path, '应为 true 或 false')
    return v as boolean
  }
  const str = (v: JsonValue | undefined, path: string): string => {
    if (typeof v !== 'string') fail(path, '应为字符串')
    return v as string
  }
  const ratios = (v: JsonValue | undefined, path: string, allowed: string[]): Record<string, number> => {
    if (v === undefined) return {}
    if (!isObj(v)) return fail(path, '应为对象')
    const out: Record<string, number> = {}
    for (const [k, x] of Object.entries(v)) {
      if (!allowed.includes(k)) fail(`${path}.${k}`, `键应为 ${allowed.join(' | ')}`)
      out[k] = int(x, `${path}.${k}`, 0, 10000)
    }
    return out
  }
  only(raw, 'params', ['algorithm', 'hash', 'date', 'mode', 'strata', 'ratio_bp', 'credit_ratios_bp', 'risk_ratios_bp', 'weighted', 'min_ratio_bp', 'rules', 'multistage', 'team', 'context'])
  if (raw.algorithm !== DRAW_ALGORITHM) fail('params.algorithm', `应为 ${DRAW_ALGORITHM}`)
  const hash = raw.hash
  if (hash !== 'sm3' && hash !== 'sha256') return fail('params.hash', '应为 sm3 或 sha256')
  const date = str(raw.date, 'params.date')
  if (!isDate(date)) fail('params.date', `应为 YYYY-MM-DD 日期：${date}`)
  const mode = raw.mode
  if (mode !== 'random' && mode !== 'systematic' && mode !== 'multistage' && mode !== 'all') return fail('params.mode', '应为 random、systematic、multistage 或 all')
  const sampled = mode === 'random' || mode === 'systematic'
  const strata: TextColumn[] = []
  if (raw.strata !== undefined) {
    if (!Array.isArray(raw.strata)) fail('params.strata', '应为数组')
    ;(raw.strata as JsonValue[]).forEach((c, i) => {
      if (typeof c !== 'string' || !(STRATA_COLUMNS as readonly string[]).includes(c)) fail(`params.strata[${i}]`, `应为 ${STRATA_COLUMNS.join(' | ')}`)
      if (strata.includes(c as TextColumn)) fail(`params.strata[${i}]`, `重复：${String(c)}`)
      strata.push(c as TextColumn)
    })
  }
  if (sampled && raw.ratio_bp === undefined) fail('params.ratio_bp', `${mode} 方式必须给出`)
  const ratio_bp = raw.ratio_bp === undefined ? 0 : int(raw.ratio_bp, 'params.ratio_bp', 0, 10000)
  const credit_ratios_bp = ratios(raw.credit_ratios_bp, 'params.credit_ratios_bp', CREDITS)
  const risk_ratios_bp = ratios(raw.risk_ratios_bp, 'params.risk_ratios_bp', RISKS)
  const weighted = bool(raw.weighted, 'params.weighted', false)
  const min_ratio_bp = raw.min_ratio_bp === undefined ? 0 : int(raw.min_ratio_bp, 'params.min_ratio_bp', 0, 10000)
  const rules = { no_repeat_years: 0, key_units_every_year: false, seriously_dishonest_every_half_year: false }
  if (raw.rules !== undefined) {
    if (!isObj(raw.rules)) fail('params.rules', '应为对象')
    const r = raw.rules as { [k: string]: JsonValue }
    only(r, 'params.rules', ['no_repeat_years', 'key_units_every_year', 'seriously_dishonest_every_half_year'])
    if (r.no_repeat_years !== undefined) rules.no_repeat_years = int(r.no_repeat_years, 'params.rules.no_repeat_years', 0, 1000)
    rules.key_units_every_year = bool(r.key_units_every_year, 'params.rules.key_units_every_year', false)
    rules.seriously_dishonest_every_half_year = bool(r.seriously_dishonest_every_half_year, 'params.rules.seriously_dishonest_every_half_year', false)
  }
  const p: DrawParams = { hash, date, mode, strata, ratio_bp, credit_ratios_bp, risk_ratios_bp, weighted, min_ratio_bp, rules }
  if ((mode === 'multistage') !== (raw.multistage !== undefined)) fail('params.multistage', mode === 'multistage' ? 'multistage 方式必须给出' : '只用于 multistage 方式')
  if (raw.multistage !== undefined) {
    if (!isObj(raw.multistage)) fail('params.multistage', '应为对象')
    const m = raw.multistage as { [k: string]: JsonValue }
    only(m, 'params.multistage', ['cluster', 'clusters_min', 'clusters_max', 'units_min', 'units_max'])
    const cluster = m.cluster
    if (typeof cluster !== 'string' || ![...STRATA_COLUMNS, 'department'].includes(cluster)) fail('params.multistage.cluster', `应为 ${[...STRATA_COLUMNS, 'department'].join(' | ')}`)
    const clusters_min = int(m.clusters_min, 'params.multistage.clusters_min', 1)
    const clusters_max = int(m.clusters_max, 'params.multistage.clusters_max', clusters_min)
    const units_min = int(m.units_min, 'params.multistage.units_min', 1)
    const units_max = int(m.units_max, 'params.multistage.units_max', units_min)
    p.multistage = { cluster: cluster as TextColumn, clusters_min, clusters_max, units_min, units_max }
  }
  if (raw.team !== undefined) {
    if (!isObj(raw.team)) fail('params.team', '应为对象')
    const t = raw.team as { [k: string]: JsonValue }
    only(t, 'params.team', ['size', 'specialty', 'load_spread', 'max_load', 'joint'])
    const size = int(t.size, 'params.team.size', 2)
    const specialty = t.specialty === undefined ? '' : str(t.specialty, 'params.team.specialty')
    const load_spread = t.load_spread === undefined ? 1 : int(t.load_spread, 'params.team.load_spread', 0)
    const max_load = t.max_load === undefined ? 0 : int(t.max_load, 'params.team.max_load', 0)
    const joint: JointRule[] = []
    if (t.joint !== undefined) {
      if (!Array.isArray(t.joint)) fail('params.team.joint', '应为数组')
      ;(t.joint as JsonValue[]).forEach((j, i) => {
        const path = `params.team.joint[${i}]`
        if (!isObj(j)) return fail(path, '应为 {department, count}')
        only(j, path, ['department', 'count'])
        const department = str(j.department, `${path}.department`)
        if (!department) fail(`${path}.department`, '不能为空')
        joint.push({ department, count: int(j.count, `${path}.count`, 1) })
      })
    }
    p.team = { size, specialty, load_spread, max_load, joint }
  }
  return p
}

/** H(canonical JSON of the parameters) (§3). */
export function paramsHash(h: HashFn, params: JsonValue): Uint8Array {
  let text: string
  try {
    text = canonicalJson(params)
  } catch (e) {
    throw new DrawError('params_invalid', 'params', `参数无法规范化：${e instanceof Error ? e.message : String(e)}`)
  }
  return h(utf8.encode(text))
}

// ------------------------------------------------------------------ randomness and stream (§4) --
/** Leading and trailing spaces, tabs and line ends removed; not empty, at most 4096 bytes. */
export function normaliseRandomness(text: string): string {
  const t = text.replace(/^[ \t\r\n]+/, '').replace(/[ \t\r\n]+$/, '')
  if (!t) throw new DrawError('randomness_invalid', 'randomness', '随机数为空')
  if (utf8.encode(t).length > 4096) throw new DrawError('randomness_invalid', 'randomness', '随机数超过 4096 字节')
  return t
}

export function drawSeed(h: HashFn, root: Uint8Array, paramsHashBytes: Uint8Array, randomness: string): Uint8Array {
  return h(concatBytes(utf8.encode(DRAW_ALGORITHM), [0], root, paramsHashBytes, utf8.encode(randomness)))
}

function be64(i: bigint): Uint8Array {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, i, false)
  return b
}

const TWO64 = 1n << 64n

/** The stream of 64-bit words from block(i) = H(seed ‖ BE64(i)), and uniform() over it. */
export class Stream {
  private block = 0n
  private view: DataView | null = null
  private word = 4
  /** Words taken so far (for tests and the report). */
  taken = 0
  constructor(private readonly h: HashFn, private readonly seed: Uint8Array) {}

  next(): bigint {
    if (this.word === 4) {
      const b = this.h(concatBytes(this.seed, be64(this.block++)))
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength)
      this.word = 0
    }
    this.taken++
    return this.view!.getBigUint64(8 * this.word++, false)
  }

  /** An integer in [0, n) without bias, 1 ≤ n < 2^63; always takes at least one word. */
  uniformBig(n: bigint): bigint {
    if (n < 1n || n >= 1n << 63n) throw new Error(`uniform(${n}) 超出范围`)
    const t = (TWO64 - n) % n
    let w = this.next()
    while (w < t) w = this.next()
    return w % n
  }

  uniform(n: number): number {
    return Number(this.uniformBig(BigInt(n)))
  }
}

/** Partial Fisher–Yates: the first k of `a` after the swaps (a is shuffled in place). */
export function partialFisherYates<T>(s: Stream, a: T[], k: number): T[] {
  for (let i = 0; i < k; i++) {
    const j = i + s.uniform(a.length - i)
    const x = a[i]
    a[i] = a[j]
    a[j] = x
  }
  return a.slice(0, k)
}

// ------------------------------------------------------------------ the draw (§5–§7) ------------
export type SelectRule = 'key_unit' | 'seriously_dishonest' | 'drawn' | 'all'
export interface TeamMember {
  id: string
  role: 'leader' | 'member' | 'joint'
}
export interface SelectedEntry {
  id: string
  rule: SelectRule
  stratum?: number
  cluster?: string
  team?: TeamMember[]
}
export interface DrawResult {
  summary: { pool: number; forced: number; removed: number; candidates: number; drawn: number; selected: number }
  strata?: { key: Record<string, string | number>; size: number; drawn: number }[]
  clusters?: { value: string; size: number; drawn: number }[]
  selected: SelectedEntry[]
  removed: { id: string; rule: 'recently_checked' }[]
}

/**
 * `date` minus `years` years (§5): the same month and day, 29 February becoming 28 February in a
 * year that has none. (§5 can be read as always 28 February; the engine keeps the 29th when it
 * exists, and fixtures/draw/leap_day holds it to that.)
 */
export function yearsBefore(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years
  let md = date.slice(5)
  if (md === '02-29' && !isDate(`${String(y).padStart(4, '0')}-02-29`)) md = '02-28'
  return `${String(y).padStart(4, '0')}-${md}`
}

/** An object's ratio r (§6): raised by dishonesty or risk, lowered by trustworthiness or low risk. */
export function objectRatio(p: DrawParams, o: PoolObject): number {
  const a = o.credit && o.credit in p.credit_ratios_bp ? p.credit_ratios_bp[o.credit] : p.ratio_bp
  const b = o.risk && o.risk in p.risk_ratios_bp ? p.risk_ratios_bp[o.risk] : p.ratio_bp
  return Math.max(a, b) > p.ratio_bp ? Math.max(a, b) : Math.min(a, b)
}

interface Stratum {
  values: string[]
  ratio: number
  members: PoolObject[]
  weight: bigint
  drawn: number
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b
}

/** Largest remainder with full strata capped (§6, "Allocation"); `rank[s]` is stratum s's tie rank. */
export function allocate(T: number, sizes: number[], weights: bigint[], rank: number[]): number[] {
  const S = sizes.length
  const alloc = new Array<number>(S).fill(0)
  if (T <= 0) return alloc
  let w = weights
  if (w.every((x) => x === 0n)) w = sizes.map(BigInt)
  let active = [...Array(S).keys()].filter((s) => w[s] > 0n)
  let taken = 0
  let n = 0n
  let W = 0n
  for (;;) {
    n = BigInt(T - taken)
    W = active.reduce((a, s) => a + w[s], 0n)
    const full = active.filter((s) => n * w[s] >= BigInt(sizes[s]) * W)
    if (!full.length) break
    for (const s of full) {
      alloc[s] = sizes[s]
      taken += sizes[s]
    }
    active = active.filter((s) => !full.includes(s))
    if (!active.length) return alloc
  }
  let sum = 0n
  for (const s of active) {
    const q = (n * w[s]) / W
    alloc[s] = Number(q)
    sum += q
  }
  const left = Number(n - sum)
  const order = [...active].sort((a, b) => {
    const ra = (n * w[a]) % W
    const rb = (n * w[b]) % W
    return ra === rb ? rank[a] - rank[b] : ra > rb ? -1 : 1
  })
  for (let i = 0; i < left; i++) alloc[order[i]]++
  return alloc
}

function conflictsWith(insp: PoolInspector, o: PoolObject): boolean {
  for (const c of insp.conflicts) {
    const k = c.indexOf(':')
    const kind = c.slice(0, k)
    let x = c.slice(k + 1)
    if (kind === 'object' && x === o.id) return true
    if (kind === 'division' && o.division) {
      while (x.length > 2 && x.endsWith('00')) x = x.slice(0, -2)
      if (o.division.startsWith(x)) return true
    }
    if (kind === 'department' && o.department && x === o.department) return true
  }
  return false
}

/** The draw of §5–§7 over a checked pool and parameters, with the seed of §4. */
export function drawResult(h: HashFn, pool: Pool, p: DrawParams, seed: Uint8Array): DrawResult {
  const s = new Stream(h, seed)
  const D = p.date
  const Y0 = D.slice(0, 4) + '-01-01'
  const H0 = D.slice(0, 4) + (D.slice(5, 7) >= '07' ? '-07-01' : '-01-01')
  const C = yearsBefore(D, p.rules.no_repeat_years)

  // §5 the rules
  const forced: SelectedEntry[] = []
  const removed: DrawResult['removed'] = []
  const candidates: PoolObject[] = []
  for (const o of pool.objects) {
    const notSince = (d: string) => !o.last_check || o.last_check < d
    if (p.rules.key_units_every_year && o.key_unit && notSince(Y0)) forced.push({ id: o.id, rule: 'key_unit' })
    else if (p.rules.seriously_dishonest_every_half_year && o.credit === 'seriously_dishonest' && notSince(H0)) forced.push({ id: o.id, rule: 'seriously_dishonest' })
    else if (p.rules.no_repeat_years > 0 && o.last_check && o.last_check > C) removed.push({ id: o.id, rule: 'recently_checked' })
    else candidates.push(o)
  }
  const F = forced.length
  const P = pool.objects.length
  const drawn: SelectedEntry[] = []
  const result: DrawResult = {
    summary: { pool: P, forced: F, removed: removed.length, candidates: candidates.length, drawn: 0, selected: 0 },
    selected: [],
    removed,
  }

  // §6
  if (p.mode === 'all') {
    for (const o of candidates) drawn.push({ id: o.id, rule: 'all' })
  } else if (p.mode === 'random' || p.mode === 'systematic') {
    const byKey = new Map<string, Stratum>()
    for (const o of candidates) {
      const values = p.strata.map((c) => o[c])
      const ratio = objectRatio(p, o)
      const key = JSON.stringify([values, ratio])
      let st = byKey.get(key)
      if (!st) byKey.set(key, (st = { values, ratio, members: [], weight: 0n, drawn: 0 }))
      st.members.push(o)
      st.weight += BigInt(ratio)
    }
    const strata = [...byKey.values()].sort((a, b) => {
      for (let i = 0; i < a.values.length; i++) {
        const c = compareBytesOrder(a.values[i], b.values[i])
        if (c) return c
      }
      return a.ratio - b.ratio
    })
    const S = strata.length
    const perm = [...Array(S).keys()]
    for (let i = 0; i + 1 < S; i++) {
      const j = i + s.uniform(S - i)
      ;[perm[i], perm[j]] = [perm[j], perm[i]]
    }
    const rank = new Array<number>(S)
    perm.forEach((st, i) => (rank[st] = i))

    const R = strata.reduce((a, st) => a + st.weight, 0n)
    let T = ceilDiv(R, 10000n)
    if (p.min_ratio_bp > 0) {
      const floor = ceilDiv(BigInt(p.min_ratio_bp) * BigInt(P), 10000n) - BigInt(F)
      if (floor > T) T = floor
    }
    if (T > BigInt(candidates.length)) T = BigInt(candidates.length)
    if (T < 0n) T = 0n
    const alloc = allocate(Number(T), strata.map((st) => st.members.length), strata.map((st) => st.weight), rank)

    strata.forEach((st, index) => {
      const k = alloc[index]
      st.drawn = k
      if (k === 0) return
      const N = st.members.length
      let chosen: PoolObject[]
      if (p.mode === 'random' && p.weighted) {
        const list = [...st.members]
        chosen = []
        for (let t = 0; t < k; t++) {
          const W = list.reduce((a, o) => a + o.weight, 0n)
          const u = s.uniformBig(W)
          let run = 0n
          let at = 0
          for (; at < list.length; at++) {
            run += list[at].weight
            if (run > u) break
          }
          chosen.push(list[at])
          list.splice(at, 1)
        }
      } else if (p.mode === 'random') {
        chosen = partialFisherYates(s, [...st.members], k)
      } else {
        const keyed = st.members.map((o) => ({ o, key: h(concatBytes(seed, utf8.encode('order:' + o.id))) }))
        keyed.sort((a, b) => compareRawBytes(a.key, b.key) || compareBytesOrder(a.o.id, b.o.id))
        const start = BigInt(s.uniform(N))
        chosen = []
        for (let i = 0; i < k; i++) chosen.push(keyed[Number((start + BigInt(i) * BigInt(N)) / BigInt(k))].o)
      }
      for (const o of chosen) drawn.push({ id: o.id, rule: 'drawn', stratum: index })
    })
    result.strata = strata.map((st) => {
      const key: Record<string, string | number> = {}
      p.strata.forEach((c, i) => (key[c] = st.values[i]))
      key.ratio_bp = st.ratio
      return { key, size: st.members.length, drawn: st.drawn }
    })
  } else {
    const m = p.multistage!
    const byValue = new Map<string, PoolObject[]>()
    for (const o of candidates) {
      const v = o[m.cluster]
      const list = byValue.get(v)
      if (list) list.push(o)
      else byValue.set(v, [o])
    }
    const values = [...byValue.keys()].sort(compareBytesOrder)
    const c = Math.min(m.clusters_min + s.uniform(m.clusters_max - m.clusters_min + 1), values.length)
    const chosen = partialFisherYates(s, values, c)
    result.clusters = []
    for (const v of chosen) {
      const members = byValue.get(v)!
      const units = Math.min(m.units_min + s.uniform(m.units_max - m.units_min + 1), members.length)
      for (const o of partialFisherYates(s, [...members], units)) drawn.push({ id: o.id, rule: 'drawn', cluster: v })
      result.clusters.push({ value: v, size: members.length, drawn: units })
    }
  }
  // rules 1–2 in pool order, then the drawn in the order drawn; members in §8's order
  const selected = [...forced, ...drawn]
  result.summary.drawn = drawn.length
  result.summary.selected = selected.length
  const out: DrawResult = {
    summary: result.summary,
    ...(result.strata ? { strata: result.strata } : {}),
    ...(result.clusters ? { clusters: result.clusters } : {}),
    selected,
    removed,
  }

  // §7 teams
  if (p.team) {
    const team = p.team
    const byId = new Map(pool.objects.map((o) => [o.id, o]))
    const given = new Map<PoolInspector, number>()
    const groups: { label: string; role: 'own' | 'joint'; count: number; members: PoolInspector[] }[] = [
      {
        label: team.specialty ? `本单位执法人员（专业 ${team.specialty}）` : '本单位执法人员',
        role: 'own',
        count: team.size,
        members: pool.inspectors.filter((i) => i.department === '' && (!team.specialty || i.specialties.includes(team.specialty))),
      },
      ...team.joint.map((j) => ({
        label: `联合检查部门 ${j.department}`,
        role: 'joint' as const,
        count: j.count,
        members: pool.inspectors.filter((i) => i.department === j.department),
      })),
    ]
    for (const entry of out.selected) {
      const o = byId.get(entry.id)!
      const picked: TeamMember[] = []
      const inTeam = new Set<PoolInspector>()
      for (const g of groups) {
        for (let n = 0; n < g.count; n++) {
          const load = (i: PoolInspector) => i.load + (given.get(i) ?? 0)
          let cands = g.members.filter(
            (i) => i.status === 'active' && i.valid_from <= D && D <= i.valid_to && !inTeam.has(i) && !conflictsWith(i, o) && (team.max_load === 0 || load(i) < team.max_load),
          )
          if (!cands.length)
            throw new DrawError('team_impossible', 'result', `检查对象 ${o.id}${o.name ? `（${o.name}）` : ''} 无法组成检查组：${g.label}中已无可抽取的人员`)
          const least = Math.min(...cands.map(load))
          cands = cands.filter((i) => load(i) <= least + team.load_spread)
          const i = cands[s.uniform(cands.length)]
          inTeam.add(i)
          picked.push({ id: i.id, role: g.role === 'joint' ? 'joint' : picked.length === 0 ? 'leader' : 'member' })
        }
      }
      for (const i of inTeam) given.set(i, (given.get(i) ?? 0) + 1)
      entry.team = picked
    }
  }
  return out
}

// ------------------------------------------------------------------ certificate (§8) ------------
export interface Certificate {
  format: string
  algorithm: string
  hash: HashName
  pool_root: string
  pool_objects: number
  pool_inspectors: number
  params: JsonValue
  params_hash: string
  randomness: string
  seed: string
  result: DrawResult
}

/** Runs a draw and makes its certificate — what `zhifa draw run` does (for tests and previews). */
export function runDraw(pool: Pool, params: JsonValue, randomness: string): Certificate {
  const p = readParams(params)
  const h = HASHES[p.hash]
  const root = poolRoot(h, pool)
  const ph = paramsHash(h, params)
  const r = normaliseRandomness(randomness)
  const seed = drawSeed(h, root, ph, r)
  return {
    format: CERTIFICATE_FORMAT,
    algorithm: DRAW_ALGORITHM,
    hash: p.hash,
    pool_root: toHex(root),
    pool_objects: pool.objects.length,
    pool_inspectors: pool.inspectors.length,
    params,
    params_hash: toHex(ph),
    randomness: r,
    seed: toHex(seed),
    result: drawResult(h, pool, p, seed),
  }
}

export interface DrawVerifyReport {
  /** True only when every value was recomputed and equals the certificate's. */
  ok: boolean
  /** '已复现', or what differs / why the draw could not be re-run. */
  message: string
  /** The first difference's path (`pool_root`, `result.selected[3].team[1].id`), or where it failed. */
  path?: string
  /** The values at `path`: the certificate's and the recomputed one (JSON text). */
  certificateValue?: string
  computedValue?: string
  code?: DrawErrorCode | 'mismatch'
  /** What was recomputed, as far as it got. */
  computed: {
    hash?: HashName
    pool_root?: string
    params_hash?: string
    seed?: string
    pool_objects?: number
    pool_inspectors?: number
    summary?: DrawResult['summary']
    selected?: SelectedEntry[]
  }
  /** Milliseconds the whole check took. */
  elapsedMs: number
}

function show(v: JsonValue | undefined): string {
  if (v === undefined) return '（无）'
  try {
    return canonicalJson(v)
  } catch {
    return v instanceof JsonFloat ? v.text : String(v)
  }
}

function sameScalar(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (typeof a === 'number' || typeof a === 'bigint') return (typeof b === 'number' || typeof b === 'bigint') && BigInt(a) === BigInt(b)
  return a === b
}

/** The first place where `cert` differs from `computed`, walking `computed` in its own key order. */
function firstDifference(cert: JsonValue | undefined, computed: JsonValue | undefined, path: string): { path: string; cert: JsonValue | undefined; computed: JsonValue | undefined } | null {
  if (Array.isArray(computed)) {
    if (!Array.isArray(cert)) return { path, cert, computed }
    for (let i = 0; i < Math.min(cert.length, computed.length); i++) {
      const d = firstDifference(cert[i], computed[i], `${path}[${i}]`)
      if (d) return d
    }
    if (cert.length !== computed.length) {
      const i = Math.min(cert.length, computed.length)
      return { path: `${path}[${i}]`, cert: cert[i], computed: computed[i] }
    }
    return null
  }
  if (isObj(computed)) {
    if (!isObj(cert)) return { path, cert, computed }
    for (const k of Object.keys(computed)) {
      const d = firstDifference(cert[k], computed[k], `${path}.${k}`)
      if (d) return d
    }
    for (const k of Object.keys(cert)) if (!(k in computed)) return { path: `${path}.${k}`, cert: cert[k], computed: undefined }
    return null
  }
  return sameScalar(cert, computed) ? null : { path, cert, computed }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now())

/**
 * Re-runs the certificate's draw over the pool file and compares (§8), in the document's order:
 * algorithm, hash, pool_root, pool_objects, pool_inspectors, params_hash, randomness, seed, then
 * result member by member. Never throws.
 */
export function verifyDraw(certificateText: string, poolFile: string | Uint8Array): DrawVerifyReport {
  const t0 = now()
  const report: DrawVerifyReport = { ok: false, message: '', computed: {}, elapsedMs: 0 }
  const differ = (path: string, cert: JsonValue | undefined, computed: JsonValue | undefined, why = '') => {
    report.code = 'mismatch'
    report.path = path
    report.certificateValue = show(cert)
    report.computedValue = show(computed)
    report.message = `${path}：证书为 ${report.certificateValue}，重新计算为 ${report.computedValue}${why}`
  }
  try {
    let cert: JsonValue
    try {
      cert = parseJson(certificateText.replace(/^\uFEFF/, ''))
    } catch (e) {
      throw new DrawError('certificate_invalid', '', `证书不是有效的 JSON：${e instanceof Error ? e.message : String(e)}`)
    }
    if (!isObj(cert)) throw new DrawError('certificate_invalid', '', '证书应为 JSON 对象')
    if (cert.format !== CERTIFICATE_FORMAT) throw new DrawError('certificate_invalid', 'format', `证书的 format 应为 ${CERTIFICATE_FORMAT}，实为 ${show(cert.format)}`)
    if (cert.algorithm !== DRAW_ALGORITHM) throw new DrawError('certificate_invalid', 'algorithm', `本验证程序只能复现 ${DRAW_ALGORITHM}，证书为 ${show(cert.algorithm)}`)
    const p = readParams(cert.params)
    const h = HASHES[p.hash]
    report.computed.hash = p.hash
    const pool = parsePool(poolFile)
    const root = toHex(poolRoot(h, pool))
    const ph = paramsHash(h, cert.params)
    report.computed.pool_root = root
    report.computed.params_hash = toHex(ph)
    report.computed.pool_objects = pool.objects.length
    report.computed.pool_inspectors = pool.inspectors.length
    const header: [string, JsonValue, string][] = [
      ['algorithm', DRAW_ALGORITHM, ''],
      ['hash', p.hash, '（证书的 params.hash 与 hash 不一致）'],
      ['pool_root', root, '：抽取池文件与证书公布的根哈希不符，文件被改动或不是这次抽取的池'],
      ['pool_objects', pool.objects.length, ''],
      ['pool_inspectors', pool.inspectors.length, ''],
      ['params_hash', toHex(ph), '：参数与公布的参数哈希不符'],
    ]
    for (const [k, v, why] of header) {
      if (!sameScalar(cert[k], v)) {
        differ(k, cert[k], v, why)
        return report
      }
    }
    if (typeof cert.randomness !== 'string') throw new DrawError('certificate_invalid', 'randomness', '证书的 randomness 应为字符串')
    const randomness = normaliseRandomness(cert.randomness)
    if (randomness !== cert.randomness) {
      differ('randomness', cert.randomness, randomness, '（随机数须去掉首尾空白）')
      return report
    }
    const seed = drawSeed(h, fromHex(root), ph, randomness)
    report.computed.seed = toHex(seed)
    if (!sameScalar(cert.seed, toHex(seed))) {
      differ('seed', cert.seed, toHex(seed), '：种子须由池根哈希、参数哈希与随机数算出')
      return report
    }
    const result = drawResult(h, pool, p, seed)
    report.computed.summary = result.summary
    report.computed.selected = result.selected
    const d = firstDifference(cert.result, result as unknown as JsonValue, 'result')
    if (d) {
      differ(d.path, d.cert, d.computed)
      return report
    }
    report.ok = true
    report.message = '已复现'
    return report
  } catch (e) {
    if (e instanceof DrawError) {
      report.code = e.code
      report.path = e.path || undefined
      report.message = e.code === 'team_impossible' ? `重新计算失败：${e.message}（证书却给出了结果）` : e.message
    } else {
      report.message = `验证出错：${e instanceof Error ? e.message : String(e)}`
    }
    return report
  } finally {
    report.elapsedMs = Math.round(now() - t0)
  }
}

