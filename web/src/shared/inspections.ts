// Field inspections on the client side (REC-6, REC-7, REC-10, DR-8..DR-10, INF-1): the types the
// inspections API sends, the order of the steps an inspector walks through on the phone, the
// progress of an inspection (which steps are done, recomputed from the recorded steps plus the
// ones still waiting in the offline queue), how tasks fall into today / upcoming / done, and the
// Chinese names of the codes. Pure functions, unit-tested; the server decides everything again.

export interface TaskMember {
  member_id: number
  inspector_id: number | null
  certificate_no: string
  name: string
  department: string
  role: string
  role_name: string
}

export interface Task {
  id: number
  session_id: number
  session_title: string
  bureau_id: number
  bureau_name: string
  object: { kind: string; id: number | null; credit_code: string; name: string; division_code: string }
  item_id: number
  item_name: string
  form_version_id: number | null
  method: string
  window_from: string
  window_to: string
  date: string
  state: string
  team: TaskMember[]
}

export interface FormPoint {
  no: number
  text: string
  answers: string[]
  photo_required: boolean
  signature_required: boolean
}

export interface InspectionStep {
  id: number
  inspection_id: number
  kind: string
  kind_name: string
  data: Record<string, unknown>
  client_id: string
  channel: 'mobile' | 'console'
  device_time: string | null
  recorded_at: string
  recorded_by: { id: number; name: string }
  ledger_seq: number | null
  clock_skew_ms: number | null
}

export interface InspectionEvidence {
  id: number
  kind: string
  media_type: string
  title: string
  filename: string
  size: number
  captured_at: string
  uploaded_at: string
  device_id: number | null
  overdue: boolean
}

export interface InspectionSummary {
  id: number
  bureau_id: number
  bureau_name: string
  task_id: number
  item_id: number
  item_name: string
  method: 'on_site' | 'written'
  method_name: string
  object: { name: string; credit_code: string }
  state: 'open' | 'completed'
  state_name: string
  started_at: string
  completed_at: string | null
  outcome: string | null
  outcome_name: string | null
  all_mobile: boolean | null
}

export interface Inspection extends InspectionSummary {
  task: Task
  points: FormPoint[]
  steps: InspectionStep[]
  evidence: InspectionEvidence[]
  requirements: { missing: string[]; done: string[]; answered: number; points: number }
  recorded_on_mobile: boolean
}

export interface StatsRow {
  bureau_id: number
  bureau_name: string
  completed: number
  mobile: number
  share: number | null
}
export interface Stats {
  year: number
  items: StatsRow[]
  total: { completed: number; mobile: number; share: number | null }
}

export const METHOD_NAMES: Record<string, string> = { on_site: '现场检查', written: '书面检查', both: '现场或书面检查' }
export const STATE_NAMES: Record<string, string> = { open: '检查中', completed: '已完成' }
export const OUTCOMES: readonly { value: string; label: string }[] = [
  { value: 'no_problem', label: '未发现问题' },
  { value: 'rectification', label: '责令整改（整改意见书）' },
  { value: 'propose_case', label: '建议立案查处' },
  { value: 'propose_referral', label: '建议移送有关机关' },
]
export const MANNERS: readonly { value: string; label: string }[] = [
  { value: 'direct', label: '直接送达' },
  { value: 'mail', label: '邮寄送达' },
  { value: 'electronic', label: '电子送达' },
  { value: 'entrusted', label: '委托送达' },
]
export const STEP_NAMES: Record<string, string> = {
  start: '开始检查',
  certificate: '出示执法证件',
  notice: '送达检查通知书',
  answer: '检查要点记录',
  written_request: '发出书面检查要求',
  written_received: '收到书面检查材料',
  signature: '当事人签名',
  refusal: '当事人拒绝签名',
  reliance: '采用其他部门检查结果',
  av_unsuitable: '不宜录音录像的原因',
  outcome: '检查结果处理',
  complete: '完成检查',
  upload: '上传检查材料',
}

export function outcomeName(v: string | null | undefined): string {
  return OUTCOMES.find((o) => o.value === v)?.label ?? (v ?? '')
}

/** The phone's share as a percentage text ("87.5%"), "—" when nothing was completed. */
export function shareText(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—'
  return `${Math.round(share * 1000) / 10}%`
}

/** What a page stage is about, in the order it is walked. */
export interface Stage {
  key: 'certificate' | 'notice' | 'written' | 'points' | 'av' | 'party' | 'outcome' | 'complete'
  title: string
  done: boolean
}

/** A step recorded or queued, as far as progress is concerned. */
export interface StepLike {
  kind: string
  data: Record<string, unknown>
}
/** A file recorded or queued. */
export interface FileLike {
  kind: string
}

/**
 * The stages of an inspection and which are done, from the steps (recorded and queued, in
 * order: a later step of a kind corrects an earlier one) and the files.
 */
export function stages(method: string, points: FormPoint[], steps: StepLike[], files: FileLike[]): Stage[] {
  const kinds = new Set(steps.map((s) => s.kind))
  const answered = new Set<number>()
  let reliedWhole = false
  let relied = new Set<number>()
  for (const s of steps) {
    if (s.kind === 'answer') answered.add(Number(s.data.point_no))
    if (s.kind === 'reliance') {
      reliedWhole = !!s.data.whole
      relied = new Set(((s.data.point_nos as number[] | undefined) ?? []).map(Number))
    }
  }
  const pointsDone = reliedWhole || points.every((p) => answered.has(p.no) || relied.has(p.no))
  const av = files.some((f) => f.kind === 'audio' || f.kind === 'video') || kinds.has('av_unsuitable')
  const out: Stage[] = []
  if (method === 'on_site') out.push({ key: 'certificate', title: '出示执法证件', done: kinds.has('certificate') })
  out.push({ key: 'notice', title: '送达检查通知书', done: kinds.has('notice') })
  if (method === 'written') out.push({ key: 'written', title: '书面检查', done: kinds.has('written_received') })
  out.push({ key: 'points', title: '逐项检查', done: pointsDone })
  if (method === 'on_site') out.push({ key: 'av', title: '现场录音录像', done: av })
  out.push({ key: 'party', title: '当事人签名', done: kinds.has('signature') || kinds.has('refusal') })
  out.push({ key: 'outcome', title: '检查结果处理', done: kinds.has('outcome') })
  out.push({ key: 'complete', title: '完成检查', done: kinds.has('complete') })
  return out
}

/** The first stage not done (the last when all are). */
export function currentStage(list: Stage[]): number {
  const i = list.findIndex((s) => !s.done)
  return i < 0 ? list.length - 1 : i
}

/** today / upcoming / done for the task list; `todayStr` is the Shanghai date YYYY-MM-DD. */
export function taskGroup(task: Pick<Task, 'window_from' | 'window_to' | 'date'>, state: string | undefined, todayStr: string): 'today' | 'upcoming' | 'done' {
  if (state === 'completed') return 'done'
  if (state === 'open') return 'today'
  const from = task.date && task.date > task.window_from ? task.date : task.window_from
  if (from <= todayStr) return 'today'
  return 'upcoming'
}

/** The Shanghai calendar date of an instant, YYYY-MM-DD. */
export function shanghaiDate(t: number = Date.now()): string {
  return new Date(t + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

/** A v4 UUID (crypto.randomUUID where the browser has it, which needs a secure context). */
export function newClientId(): string {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID()
    } catch {
      // not a secure context: fall through
    }
  }
  const b = new Uint8Array(16)
  if (c?.getRandomValues) c.getRandomValues(b)
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * A queued step's body with the files it cites resolved: `evidence_refs` (client ids of queued
 * uploads) become `evidence_ids`, `evidence_ref` becomes `evidence_id`. Returns null while a
 * cited upload has not been sent.
 */
export function resolveRefs(body: Record<string, unknown>, uploaded: Record<string, number>): Record<string, unknown> | null {
  const out: Record<string, unknown> = { ...body }
  if (Array.isArray(body.evidence_refs)) {
    const ids: number[] = Array.isArray(body.evidence_ids) ? [...(body.evidence_ids as number[])] : []
    for (const ref of body.evidence_refs as string[]) {
      const id = uploaded[ref]
      if (id === undefined) return null
      ids.push(id)
    }
    out.evidence_ids = ids
    delete out.evidence_refs
  }
  if (typeof body.evidence_ref === 'string') {
    const id = uploaded[body.evidence_ref]
    if (id === undefined) return null
    out.evidence_id = id
    delete out.evidence_ref
  }
  return out
}
