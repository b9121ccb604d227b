// Annual training plans for enforcement staff (ORG-5; 000 Art 9, 004 annex 3 "全年培训时间不少于2天"):
// the answers of /api/v1/training-plans, the editor's session drafts and the payload built from
// them, and the server's errors mapped back onto a session's field. The planned-vs-received
// numbers are the server's (…/report); the page only shows them.
import { ApiError } from './api'

export type Trainees = 'all' | 'named'

export interface TrainingSession {
  index: number
  date: string | null
  month: string
  topic: string
  content: string
  half_days: number
  days: number
  trainees: Trainees
  trainees_name: string
  inspectors: { id: number; name: string; certificate_no: string }[]
  /** Report only: its day (or month) has passed. */
  due?: boolean
}

export interface UserRef {
  id: number
  name?: string
  username?: string
}

export interface TrainingPlanVersion {
  id: number
  version: number
  state: 'draft' | 'published' | 'superseded'
  title: string
  sessions: TrainingSession[]
  all_staff_days: number
  notes: string
  reason: string
  is_adjustment: boolean
  adjusts_version: number | null
  created_at: string
  created_by: UserRef
  published_at: string | null
  published_by: UserRef | null
  seq: number | null
  publication_seq: number | null
}

export interface TrainingPlan {
  id: number
  bureau_id: number
  bureau_name: string
  bureau_code: string
  year: number
  title: string
  current_version: number | null
  latest_version: number
  latest_state: 'draft' | 'published'
  published_versions: number
  sessions_count: number
  all_staff_days: number
  min_days: number
  created_at: string
  created_by: UserRef
  versions?: TrainingPlanVersion[]
}

export interface TrainingReportRow {
  inspector_id: number
  name: string
  certificate_no: string
  bureau_id: number
  bureau_name: string
  status: string
  status_name: string
  planned_days: number
  planned_due_days: number
  received_days: number
  shortfall_days: number
  planned_short: boolean
  received_short: boolean
}

export interface TrainingReport {
  plan_id: number
  year: number
  version: number
  version_state: string
  as_of: string
  min_days: number
  sessions: TrainingSession[]
  items: TrainingReportRow[]
  summary: { inspectors: number; planned_short: number; with_shortfall: number; received_short: number; all_staff_days: number }
}

export const VERSION_STATE_NAMES: Record<string, string> = { draft: '草稿', published: '已公布', superseded: '已被取代' }

/** "2026-04-16" for a dated session, "2026 年 11 月" for one planned by month. */
export function sessionWhen(s: Pick<TrainingSession, 'date' | 'month'>): string {
  if (s.date) return s.date
  const [y, m] = s.month.split('-')
  return `${y} 年 ${Number(m)} 月`
}

/** 1 → "1 天", 0.5 → "半天", 2.5 → "2.5 天". */
export function daysText(days: number): string {
  return days === 0.5 ? '半天' : `${days} 天`
}

/** The plan's state as one label: 草稿, 已公布, 已调整 (published more than once), 调整待公布. */
export function trainingPlanState(p: Pick<TrainingPlan, 'current_version' | 'latest_state' | 'published_versions'>): {
  label: string
  type: 'success' | 'warning' | 'info'
} {
  if (p.current_version == null) return { label: '草稿', type: 'warning' }
  if (p.latest_state === 'draft') return { label: '调整待公布', type: 'warning' }
  return { label: p.published_versions > 1 ? '已调整' : '已公布', type: 'success' }
}

// --- The editor.

export interface SessionDraft {
  /** 'date': a day is fixed; 'month': only the month. */
  when: 'date' | 'month'
  date: string
  month: string
  topic: string
  content: string
  days: number | null
  trainees: Trainees
  inspector_ids: number[]
}

export function newSessionDraft(year: number): SessionDraft {
  return { when: 'month', date: '', month: `${year}-09`, topic: '', content: '', days: 1, trainees: 'all', inspector_ids: [] }
}

export function sessionDraftFrom(s: TrainingSession): SessionDraft {
  return {
    when: s.date ? 'date' : 'month',
    date: s.date ?? '',
    month: s.month,
    topic: s.topic,
    content: s.content,
    days: s.days,
    trainees: s.trainees,
    inspector_ids: s.inspectors.map((i) => i.id),
  }
}

/** What the page can tell before asking the server, by the API's keys. */
export function sessionProblems(d: SessionDraft, year: number): Record<string, string> {
  const out: Record<string, string> = {}
  const y = String(year)
  if (d.when === 'date') {
    if (!d.date) out.date = '请选择培训日期'
    else if (!d.date.startsWith(y + '-')) out.date = `培训日期应在 ${y} 年内`
  } else if (!d.month) out.month = '请选择培训月份'
  else if (!d.month.startsWith(y + '-')) out.month = `培训月份应在 ${y} 年内`
  if (!d.topic.trim()) out.topic = '请填写培训主题'
  if (d.days == null || !(d.days > 0) || Math.round(d.days * 2) !== d.days * 2 || d.days > 30)
    out.days = '培训天数应大于 0、以半天为单位，不超过 30 天'
  if (d.trainees === 'named' && d.inspector_ids.length === 0) out.inspector_ids = '请选择参训的执法人员'
  return out
}

export function sessionPayload(d: SessionDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {
    topic: d.topic.trim(),
    content: d.content.trim(),
    days: d.days,
    trainees: d.trainees,
  }
  if (d.when === 'date') out.date = d.date
  else out.month = d.month
  if (d.trainees === 'named') out.inspector_ids = [...d.inspector_ids]
  return out
}

/** The days every officer gets from sessions for all staff: what the 2-day minimum is read against. */
export function allStaffDays(drafts: readonly SessionDraft[]): number {
  return drafts.reduce((sum, d) => sum + (d.trainees === 'all' && d.days && d.days > 0 ? d.days : 0), 0)
}

/** A 422 that names a session's field (details.field "sessions", index, key); null for anything else. */
export function sessionErrorOf(e: unknown): { index: number; key: string; message: string } | null {
  if (!(e instanceof ApiError) || e.status !== 422 || e.details.field !== 'sessions') return null
  const index = e.details.index
  const key = e.details.key
  if (typeof index !== 'number' || typeof key !== 'string') return null
  return { index, key, message: e.message }
}
