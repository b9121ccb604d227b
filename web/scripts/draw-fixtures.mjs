// Regenerates src/shared/fixtures/draw/<case>/, the engine-made certificates drawVerify.test.ts
// must reproduce: for each case below a pool file and parameters are written here, and the
// server's engine (`zhifa draw run`) makes the certificate. The cases cover what the worked
// example (docs/examples/draw/, simple random with strata) does not: systematic and multistage
// sampling, weighted draws, 100% checks, SHA-256, several strata columns, joint teams with a
// load cap, every kind of conflict, names and ids outside the BMP (byte order vs UTF-16 order),
// quoted fields, and 29 February as the check date (how §5's "29 February becomes 28 February"
// is read). Nothing is computed here beyond the inputs: the certificates are the engine's.
//
// Regenerate (needs a built server binary):
//   ZHIFA_BIN=/path/to/zhifa node scripts/draw-fixtures.mjs
// then run `npx vitest run src/shared/drawVerify.test.ts` and commit the changed fixtures.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.resolve(webDir, process.env.ZHIFA_BIN ?? '../build/zhifa')
const OUT = path.join(webDir, 'src/shared/fixtures/draw')
const HEADER = 'kind,id,name,division,industry,category,credit,risk,key_unit,last_check,weight,department,status,valid_from,valid_to,specialties,conflicts,load'

// A small deterministic generator, so that the pools are the same on every run.
function rng(seed) {
  let x = seed >>> 0
  return () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >> 17
    x ^= x << 5
    x >>>= 0
    return x / 2 ** 32
  }
}
const pick = (r, list) => list[Math.floor(r() * list.length)]

const bytesCmp = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))
const field = (s) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

function pool(objects, inspectors) {
  const rows = [
    ...inspectors.map((i) => ['inspector', i.id, i.name ?? '', i.division ?? '', '', '', '', '', '', '', '', i.department ?? '', i.status ?? 'active', i.valid_from ?? '2020-01-01', i.valid_to ?? '2030-12-31', i.specialties ?? '', i.conflicts ?? '', i.load ?? '']),
    ...objects.map((o) => ['object', o.id, o.name ?? '', o.division ?? '', o.industry ?? '', o.category ?? '', o.credit ?? '', o.risk ?? '', o.key_unit ?? '', o.last_check ?? '', o.weight ?? '', o.department ?? '', '', '', '', '', '', '']),
  ]
  rows.sort((a, b) => bytesCmp(a[0], b[0]) || bytesCmp(a[1], b[1]))
  return [HEADER, ...rows.map((r) => r.map(field).join(','))].join('\n') + '\n'
}

const DIVISIONS = ['330102', '330105', '330106', '330108', '330110', '330112']
const INDUSTRIES = ['C13', 'C39', 'F51', 'I65', 'K70']
const CATEGORIES = ['industry_above_scale', 'wholesale_retail', 'services', 'other']
const CREDITS = ['', '', '', 'trustworthy', 'abnormal', 'dishonest', 'seriously_dishonest']
const RISKS = ['', '', 'low', 'medium', 'high']

function objects(n, seed, over = () => ({})) {
  const r = rng(seed)
  return Array.from({ length: n }, (_, i) => ({
    id: `91330100${String(1000 + i * 7).padStart(8, '0')}${'ABCDEFGHJK'[i % 10]}${i % 3}`,
    name: `杭州测试单位${i}`,
    division: pick(r, DIVISIONS),
    industry: pick(r, INDUSTRIES),
    category: pick(r, CATEGORIES),
    credit: pick(r, CREDITS),
    risk: pick(r, RISKS),
    key_unit: r() < 0.06 ? '1' : r() < 0.5 ? '0' : '',
    last_check: r() < 0.3 ? `20${pick(r, ['21', '22', '23', '24', '25', '26'])}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}` : '',
    ...over(i, r),
  }))
}

function inspectors(n, seed, over = () => ({})) {
  const r = rng(seed)
  return Array.from({ length: n }, (_, i) => ({
    id: `33010020${String(i).padStart(4, '0')}`,
    name: `执法员${i}`,
    division: '330100',
    specialties: pick(r, ['data_quality', 'data_quality;enterprise', 'enterprise', '']),
    load: r() < 0.5 ? String(Math.floor(r() * 3)) : '',
    ...over(i, r),
  }))
}

const base = (over) => ({ algorithm: 'zhifa-draw/1', hash: 'sm3', date: '2026-07-20', ...over })

const CASES = {
  systematic: {
    pool: pool(objects(90, 1), inspectors(8, 2)),
    params: base({ mode: 'systematic', strata: ['industry', 'credit'], ratio_bp: 800, credit_ratios_bp: { seriously_dishonest: 10000, dishonest: 2000 }, min_ratio_bp: 500, rules: { no_repeat_years: 2, key_units_every_year: true }, team: { size: 2 } }),
    randomness: '05 18 33 47',
  },
  multistage: {
    pool: pool(objects(80, 3), inspectors(10, 4)),
    params: base({ mode: 'multistage', multistage: { cluster: 'division', clusters_min: 2, clusters_max: 3, units_min: 4, units_max: 6 }, rules: { no_repeat_years: 3, key_units_every_year: true, seriously_dishonest_every_half_year: true }, team: { size: 2, specialty: 'data_quality' } }),
    randomness: '双随机 多阶段 11 29',
  },
  weighted_sha256: {
    pool: pool(objects(60, 5, (i) => ({ weight: i % 5 === 0 ? String(1 + i * 37) : i % 7 === 0 ? '' : String(1 + (i % 4)) })), inspectors(6, 6)),
    params: base({ hash: 'sha256', mode: 'random', weighted: true, strata: ['category'], ratio_bp: 1000, risk_ratios_bp: { high: 3000, low: 500 } }),
    randomness: 'w 1 2 3',
  },
  all_joint: {
    pool: pool(
      objects(12, 7, (i) => ({ department: i % 4 === 0 ? '杭州市市场监督管理局' : '', credit: '', key_unit: '' })),
      [
        ...inspectors(7, 8, (i) => ({ conflicts: ['', 'division:330100', 'object:9133010000001007B1', 'department:杭州市市场监督管理局', 'division:3301', ''][i % 6], load: String(i % 3), specialties: 'data_quality', valid_to: i === 6 ? '2026-07-19' : '2030-12-31', status: i === 5 ? 'suspended' : 'active' })),
        { id: 'JS-001', name: '市场监管甲', department: '杭州市市场监督管理局', valid_from: '2024-01-01', valid_to: '2028-12-31' },
        { id: 'JS-002', name: '市场监管乙', department: '杭州市市场监督管理局', valid_from: '2024-01-01', valid_to: '2028-12-31' },
        { id: 'JS-003', name: '市场监管丙', department: '杭州市市场监督管理局', valid_from: '2024-01-01', valid_to: '2028-12-31', conflicts: 'object:9133010000001014C2' },
      ],
    ),
    params: base({ mode: 'all', rules: { no_repeat_years: 1 }, team: { size: 2, specialty: 'data_quality', load_spread: 2, max_load: 9, joint: [{ department: '杭州市市场监督管理局', count: 1 }] } }),
    randomness: '  all 100%\n',
  },
  unicode_quoted: {
    pool: pool(
      [
        ...objects(30, 9, (i) => ({ name: i % 3 === 0 ? `"引号",单位${i}` : `单位${i}` })),
        { id: '\uffff-私用区', name: '𠀀号单位', division: '330106' },
        { id: '😀-补充平面', name: '表情单位', division: '330106' },
        { id: 'a', name: 'x', division: '\uffff' },
        { id: 'b', name: 'y', division: '😀' },
      ],
      inspectors(5, 10, (i) => ({ id: i === 0 ? '😀证' : i === 1 ? '\uffff证' : `ZF${i}` })),
    ),
    params: base({ mode: 'random', strata: ['division'], ratio_bp: 2500, team: { size: 2 }, context: { note: '控制字符\u0001与"引号"\\', nested: { z: 1, a: [true, null] } } }),
    randomness: '😀 12 ﹟ 34',
  },
  leap_day: {
    pool: pool(
      [
        { id: 'L1', division: '330102', last_check: '2020-02-29' },
        { id: 'L2', division: '330102', last_check: '2020-02-28' },
        { id: 'L3', division: '330102', last_check: '2020-03-01' },
        { id: 'L4', division: '330102', key_unit: '1', last_check: '2023-12-31' },
        { id: 'L5', division: '330102', credit: 'seriously_dishonest', last_check: '2024-01-01' },
        ...objects(10, 11, () => ({ last_check: '', key_unit: '', credit: '' })),
      ],
      [],
    ),
    params: base({ date: '2024-02-29', mode: 'random', ratio_bp: 5000, rules: { no_repeat_years: 4, key_units_every_year: true, seriously_dishonest_every_half_year: true } }),
    randomness: '29 02',
  },
}

for (const [name, c] of Object.entries(CASES)) {
  const dir = path.join(OUT, name)
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'pool.csv'), c.pool)
  writeFileSync(path.join(dir, 'params.json'), JSON.stringify(c.params, null, 2) + '\n')
  writeFileSync(path.join(dir, 'randomness.txt'), c.randomness)
  execFileSync(BIN, ['draw', 'run', '--pool', 'pool.csv', '--params', 'params.json', '--randomness-file', 'randomness.txt', '--out', 'certificate.json'], { cwd: dir, stdio: 'inherit' })
  console.log(`${name}: done`)
}
