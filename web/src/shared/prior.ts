// What is published before enforcement (PUB-5): the shapes of the enforcement item list, the
// service guides, the body profiles and the flowcharts the server answers, and the pure parts of
// the pages — the flowchart's layout (the portal draws it as SVG without a chart library), the
// labels, and the item form's payload.
import { money } from './review'

export interface Basis { law: string; article: string; text: string }
export interface Article {
  law_version: string
  effective_from: string
  effective_to: string | null
  article: string
  party_class: string
  party_class_label: string
  max_fen: number
  serious_max_fen: number | null
}
export interface FineRule { violation: string; label: string; articles: Article[] }
export interface Right { code: string; label: string; text: string }
export interface Guide {
  basis: Basis[]
  conditions: string
  procedure: string
  time_limit: string
  rights: Right[]
  fees: string
  contact: string
}
export interface GuideInput { conditions: string; procedure: string; time_limit: string; contact: string }
export interface PriorItem {
  code: string
  name: string
  category: string
  category_label: string
  basis: Basis[]
  levels: string[]
  level_labels: string[]
  fine_rules: FineRule[]
  guide: Guide | GuideInput
}
export interface ItemList {
  id: number
  bureau_id: number
  bureau_name: string
  version: number
  reason: string
  published_at: string
  published_by?: string
  inherited?: boolean
  current?: boolean
  item_count: number
  items: PriorItem[]
}
export interface BodyProfile {
  id: number
  version: number
  legal_name: string
  duties: string
  address: string
  complaint_phone: string
  staffing: string
  reason: string
  published_at: string
  published_by?: string
}
export interface BodyEntry {
  bureau: { id: number; name: string; address: string; phone: string }
  certified_staff: number
  profile: BodyProfile | null
  versions: Pick<BodyProfile, 'version' | 'reason' | 'published_at'>[]
}
export interface FlowStep { kind: string; label: string; document_title: string; internal: boolean }
export interface FlowState { code: string; label: string; steps: FlowStep[] }
export interface FlowEdge { from: string; to: string; steps: FlowStep[] }
export interface Flowchart { code: string; label: string; states: FlowState[]; edges: FlowEdge[] }

export const CATEGORIES = [
  { value: 'penalty', label: '行政处罚' },
  { value: 'inspection', label: '行政检查' },
  { value: 'coercion', label: '行政强制' },
  { value: 'other', label: '其他' },
]
export const LEVELS = [
  { value: 'province', label: '省级' },
  { value: 'city', label: '市级' },
  { value: 'county', label: '县级' },
]
/** The violations of the discretion table (src/review/discretion.cpp kViolations) a penalty item maps to. */
export const VIOLATIONS = [
  { value: 'refuse_provide', label: '拒绝提供统计资料或者经催报后仍未按时提供统计资料' },
  { value: 'false_data', label: '提供不真实或者不完整的统计资料' },
  { value: 'refuse_answer', label: '拒绝答复或者不如实答复统计检查查询书' },
  { value: 'obstruct', label: '拒绝、阻碍统计调查、统计检查' },
  { value: 'conceal_records', label: '转移、隐匿、篡改、毁弃或者拒绝提供原始记录和凭证等资料' },
  { value: 'late_report', label: '迟报统计资料' },
  { value: 'no_records', label: '未按照国家有关规定设置原始记录、统计台账' },
]

export const categoryLabel = (c: string) => CATEGORIES.find((x) => x.value === c)?.label ?? c

/** The article line of a fine rule: "第四十四条（2024年文本，2024-09-13起）：企业事业单位或者其他组织最高 100000.00 元，情节严重最高 500000.00 元". */
export function articleText(a: Article): string {
  const span = a.effective_to ? `${a.effective_from}至${a.effective_to}` : `${a.effective_from}起`
  const serious = a.serious_max_fen ? `，情节严重最高 ${money(a.serious_max_fen)}` : ''
  const max = a.max_fen === 0 ? '不罚款（批评教育）' : `最高 ${money(a.max_fen)}`
  return `${a.article}（${a.law_version}年文本，${span}）：${a.party_class_label}${max}${serious}`
}

/** Splits text into lines of at most `n` characters (code points), for SVG text that cannot wrap. */
export function wrapText(s: string, n: number): string[] {
  const chars = Array.from(s)
  const out: string[] = []
  for (let i = 0; i < chars.length; i += n) out.push(chars.slice(i, i + n).join(''))
  return out.length ? out : ['']
}

export interface FlowBox { code: string; x: number; y: number; w: number; h: number; title: string; lines: string[] }
export interface FlowArrow { x1: number; y1: number; x2: number; y2: number; lines: string[] }
export interface FlowJump { d: string; lx: number; ly: number; label: string }
export interface FlowLayout { width: number; height: number; boxes: FlowBox[]; arrows: FlowArrow[]; jumps: FlowJump[] }

/**
 * A top-to-bottom layout of one procedure: a box per state (its title, then the steps that keep
 * the case in it, one per line), an arrow to the next state labelled with the steps that move
 * the case there, and a curve on the right for an edge that skips states (none in today's table,
 * but the table may grow one). Sized for a 390 px phone: `width` 340 by default.
 */
export function layoutFlow(chart: Flowchart, width = 340): FlowLayout {
  const LINE = 18
  const PAD = 10
  const GAP_LINE = 16
  const boxW = width - 60
  const perLine = Math.max(8, Math.floor((boxW - 2 * PAD) / 13))
  const boxes: FlowBox[] = []
  const arrows: FlowArrow[] = []
  const jumps: FlowJump[] = []
  const index = new Map(chart.states.map((s, i) => [s.code, i]))
  let y = 10
  chart.states.forEach((s, i) => {
    const lines = s.steps.flatMap((st) => wrapText('· ' + st.label + (st.document_title ? `（${st.document_title}）` : ''), perLine))
    const h = PAD * 2 + LINE * (1 + lines.length)
    boxes.push({ code: s.code, x: 10, y, w: boxW, h, title: s.label, lines })
    y += h
    const next = chart.states[i + 1]
    if (next) {
      const e = chart.edges.find((x) => x.from === s.code && x.to === next.code)
      const labels = e ? e.steps.flatMap((st) => wrapText(st.label, perLine)) : []
      const gap = Math.max(36, 16 + GAP_LINE * labels.length)
      arrows.push({ x1: 10 + boxW / 2, y1: y, x2: 10 + boxW / 2, y2: y + gap, lines: labels })
      y += gap
    }
  })
  for (const e of chart.edges) {
    const a = index.get(e.from)
    const b = index.get(e.to)
    if (a == null || b == null || b === a + 1) continue
    const from = boxes[a]
    const to = boxes[b]
    const x = from.x + from.w
    const y1 = from.y + from.h / 2
    const y2 = to.y + to.h / 2
    const bulge = x + 40
    jumps.push({
      d: `M ${x} ${y1} C ${bulge} ${y1}, ${bulge} ${y2}, ${x} ${y2}`,
      lx: bulge - 6,
      ly: (y1 + y2) / 2,
      label: e.steps.map((st) => st.label).join('、'),
    })
  }
  return { width, height: y + 10, boxes, arrows, jumps }
}

/** The form of one item as the console edits it. */
export interface ItemForm {
  code: string
  name: string
  category: string
  basis: Basis[]
  levels: string[]
  fine_rules: string[]
  guide: GuideInput
}

export const blankItem = (): ItemForm => ({
  code: '',
  name: '',
  category: 'penalty',
  basis: [{ law: '', article: '', text: '' }],
  levels: ['province', 'city', 'county'],
  fine_rules: [],
  guide: { conditions: '', procedure: '', time_limit: '', contact: '' },
})

/** A published item back into the form (the guide's own fields only: rights and fees are the server's). */
export function itemToForm(it: PriorItem): ItemForm {
  const g = it.guide as Partial<GuideInput>
  return {
    code: it.code,
    name: it.name,
    category: it.category,
    basis: it.basis.map((b) => ({ ...b })),
    levels: [...it.levels],
    fine_rules: it.fine_rules.map((r) => r.violation),
    guide: { conditions: g.conditions ?? '', procedure: g.procedure ?? '', time_limit: g.time_limit ?? '', contact: g.contact ?? '' },
  }
}

/** The POST body of a new version; fine rules only for a penalty item (the server refuses them elsewhere). */
export function itemsPayload(items: ItemForm[], reason: string, bureauId?: number) {
  return {
    ...(bureauId ? { bureau_id: bureauId } : {}),
    ...(reason.trim() ? { reason: reason.trim() } : {}),
    items: items.map((it) => ({
      code: it.code.trim(),
      name: it.name.trim(),
      category: it.category,
      basis: it.basis.map((b) => ({ law: b.law.trim(), article: b.article.trim(), text: b.text.trim() })),
      levels: it.levels,
      fine_rules: it.category === 'penalty' ? it.fine_rules : [],
      guide: it.guide,
    })),
  }
}
