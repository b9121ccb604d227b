// Shapes of the JSON the server answers under /api/v1 (snake_case, as on the wire).

export type BureauLevel = 'province' | 'city' | 'county' | 'unit'

export interface Bureau {
  id: number
  parent_id: number | null
  code: string
  name: string
  level: BureauLevel
  kind: string
  address: string
  phone: string
  division_code?: string
  path?: string
}

export interface Department {
  id: number
  bureau_id: number
  name: string
}

export interface SessionUser {
  id: number
  username: string
  name: string
  bureau: { id: number; name: string; code: string; level: BureauLevel } | null
  department: { id: number; name: string } | null
  roles: string[]
  permissions: string[]
  must_change_password: boolean
}

export interface UserRow {
  id: number
  username: string
  name: string
  bureau_id: number
  bureau_name: string
  department_id: number | null
  department_name?: string | null
  roles: string[]
  status: 'active' | 'disabled'
  locked_until?: string | null
  must_change_password?: boolean
  last_login_at?: string | null
  created_at?: string
}

export interface Page<T> {
  items: T[]
  total: number
  page?: number
  page_size?: number
}

export interface Role {
  code: string
  name: string
  description: string
  admin: boolean
}

export interface SecurityPolicy {
  password_min_length: number
  lockout_threshold: number
  lockout_minutes: number
  idle_timeout_minutes: number
}

export interface AuditEntry {
  seq: number
  at: string
  actor_id: number
  actor_name: string | null
  actor_username?: string | null
  bureau_id: number
  bureau_name: string | null
  action: string
  subject_kind: string
  subject_id: string
  change: unknown
}

export type CalendarStatus = 'ok' | 'unknown'

export interface AddWorkdaysResult {
  date: string
  n: number
  result: string | null
  status: CalendarStatus
}

export interface WorkdaysBetweenResult {
  from: string
  to: string
  workdays: number | null
  status: CalendarStatus
}

export interface CalendarCoverage {
  first_year: number | null
  last_year: number | null
  ends_on: string | null
  days_left: number | null
  warning: boolean
  years: { year: number; source: string; version: string; loaded_at: string }[]
}

export interface CalendarDay {
  date: string
  kind: 'holiday' | 'workday'
  name: string
}

export interface CalendarYear {
  year: number
  days: CalendarDay[]
}

export interface PublicBureau {
  id: number
  parent_id?: number | null
  name: string
  code: string
  level: BureauLevel
  kind?: string
  address: string
  phone: string
}

// --- Evidence files and recording devices (/api/v1/devices, /api/v1/evidence).

export interface PersonRef {
  id: number
  name?: string
  username?: string
}

export interface Device {
  id: number
  bureau_id: number
  bureau_name: string
  serial_no: string
  kind: string
  kind_name: string
  model: string
  status: 'in_service' | 'retired'
  holder: PersonRef | null
}

export interface DeviceAssignment {
  holder: PersonRef | null
  at: string
  by: PersonRef | null
}

export interface DeviceDetail extends Device {
  assignments: DeviceAssignment[]
}

export interface EvidenceDisposal {
  request_id: number
  state: 'requested' | 'approved' | 'refused'
  requested_at: string
  reason: string
  requested_by: string
  decided_at?: string
  opinion?: string
  decided_by?: string
}

export interface EvidenceItem {
  id: number
  bureau_id: number
  bureau_name: string
  hash: string
  size: number
  media_type: string
  kind: 'photo' | 'audio' | 'video' | 'document'
  kind_name: string
  filename: string
  title: string
  device: { id: number; serial_no: string; kind: string; kind_name: string } | null
  recorder: { id: number; name: string }
  captured_at: string
  uploaded_at: string
  uploaded_by: { id: number; name: string }
  overdue: boolean
  late_reason: string
  retention: 'routine' | 'permanent'
  retain_until: string | null
  owner_kind: string | null
  owner_id: string | null
  ledger_seq: number | null
  disposal: EvidenceDisposal | null
}

// --- Spot-check item list and check forms (/api/v1/spotcheck, /api/v1/public/spotcheck-items).

export type CheckLevel = 'province' | 'city' | 'county'

/** One version of a spot-check item: everything the list's annex says about it. */
export interface SpotcheckItemVersion {
  id: number
  item_id: number
  version: number
  name: string
  basis: string
  bodies: CheckLevel[]
  bodies_text: string
  object_type: string
  object_type_name: string
  /** Basis points (1/10000): 300 = 3%. */
  ratio_min_bp: number
  ratio_max_bp: number
  ratio_text: string
  /** Times a year. */
  frequency_min: number
  frequency_max: number
  frequency_text: string
  method: string
  method_name: string
  contents: string[]
  notes: string
  effective_from: string
  effective_to: string | null
  reason: string
  created_at: string
  created_by: PersonRef
  seq: number | null
}

export interface SpotcheckItem {
  id: number
  seq_no: number
  bureau_id: number
  bureau_name: string
  created_at: string
  date: string
  /** The version in force on `date`; null when the item is not in force that day. */
  current: SpotcheckItemVersion | null
  latest: SpotcheckItemVersion | null
  /** Every version, oldest first (GET /spotcheck/items/{id} only). */
  versions?: SpotcheckItemVersion[]
}

export interface CheckPoint {
  no: number
  text: string
  answers: string[]
  photo_required: boolean
  signature_required: boolean
}

export interface CheckForm {
  id: number
  item_id: number
  version: number
  effective_from: string
  reason: string
  points: CheckPoint[]
  created_at: string
  created_by: PersonRef
  seq: number | null
  date?: string
}

/** One row of the public list: the version in force, with its item's identity. */
export interface PublicSpotcheckItem extends Omit<SpotcheckItemVersion, 'created_by'> {
  version_id: number
  seq_no: number
  bureau_id: number
  bureau_name: string
}

// --- The registry of survey objects and foreign-related survey bodies (/api/v1/objects, ...).

export interface SurveyObject {
  id: number
  bureau_id: number
  bureau_name: string
  credit_code: string
  name: string
  division_code: string
  division_name: string
  address: string
  industry_code: string
  industry_name: string
  unit_category: string
  unit_category_name: string
  online_reporting: boolean
  key_unit: boolean
  credit_status: string | null
  credit_status_name: string | null
  credit_from: string | null
  credit_to: string | null
  risk_level: string | null
  contact_name: string
  contact_phone: string
  last_checked_on: string | null
  created_at: string
  updated_at: string
}

export interface ObjectCheck {
  checked_on: string
  note: string
  recorded_by: number
  recorded_at: string
}

export interface SurveyObjectDetail extends SurveyObject {
  checks: ObjectCheck[]
  /** Create only: accepted with a warning (a pilot credit code, a retired division). */
  warnings?: { field: string; message: string }[]
}

/** One ledger entry of a registry record's history, with the row as it was after the change. */
export interface RecordHistoryEntry {
  seq: number
  at: string
  action: string
  actor_id: number
  actor_name: string
  change: { table?: string; key?: string; row?: Record<string, string | null>; import?: string; [k: string]: unknown }
}

export interface ForeignSurveyBody {
  id: number
  bureau_id: number
  bureau_name: string
  credit_code: string
  name: string
  division_code: string
  address: string
  approval_no: string
  approval_authority: string
  valid_from: string
  valid_to: string
  valid_now: boolean
  scope: string
  contact_name: string
  contact_phone: string
  created_at: string
  updated_at: string
}

/** One bad (or doubtful) cell of an imported file; line 1 is the header, 0 the whole file. */
export interface ImportProblem {
  line: number
  column: string
  field: string
  value: string
  reason: string
}

export interface ImportResult {
  format: string
  file_hash: string
  rows: number
  created: number
  updated: number
  unchanged: number
  error_rows: number
  errors: ImportProblem[]
  warnings: ImportProblem[]
  warnings_total: number
  /** Template column key -> the header as the file names it. */
  columns: Record<string, string>
  ignored_columns: string[]
  preview: (SurveyObject & { line: number; action: 'create' | 'update' | 'unchanged' })[]
  committed: boolean
}

// --- Annual spot-check plans (/api/v1/plans, /api/v1/public/plans).

export type PlanVersionState = 'draft' | 'published' | 'superseded'
export type PlanTimelinessState = 'pending' | 'on_time' | 'late' | 'missing'

export interface PlanTimeliness {
  state: PlanTimelinessState
  state_name: string
  /** Not published as of a day on or after warning_from (1 March). */
  warning: boolean
  deadline: string
  warning_from: string
}

/** Basis points by the registry's credit status codes. */
export interface CreditRatios {
  trustworthy: number
  abnormal: number
  dishonest: number
  seriously_dishonest: number
}

/** Basis points by risk level. */
export interface RiskRatios {
  low: number
  medium: number
  high: number
}

export interface PlanLine {
  item_id: number
  item_version_id: number
  item_version: number
  item_name: string
  object_type: string
  object_type_name: string
  ratio_bp: number
  frequency: number
  window_from: string
  window_to: string
  method: string
  method_name: string
  credit_ratios: CreditRatios
  risk_ratios: RiskRatios
  notes: string
}

export interface MultiStage {
  counties_min: number
  counties_max: number
  units_min: number
  units_max: number
}

/** DR-13 (Chengde's rules), each key present on every stored version. */
export interface PlanOptions {
  no_repeat_years: number
  min_enterprise_ratio_bp: number
  key_units_every_year: boolean
  seriously_dishonest_every_half_year: boolean
  systematic_sampling: boolean
  multi_stage: MultiStage | null
}

export interface PlanVersion {
  id: number
  plan_id: number
  version: number
  state: PlanVersionState
  title: string
  lines: PlanLine[]
  options: PlanOptions
  notes: string
  reason: string
  is_adjustment: boolean
  adjusts_version: number | null
  created_at: string
  published_at: string | null
  published_on: string | null
  /** Staff only (never on the portal). */
  created_by?: PersonRef
  published_by?: PersonRef | null
  seq?: number | null
  publication_seq?: number | null
}

export interface Plan {
  id: number
  bureau_id: number
  bureau_name: string
  bureau_level: BureauLevel
  year: number
  title: string
  /** The latest published version, or null before the first publication. */
  current_version: number | null
  first_published_on: string | null
  timeliness: PlanTimeliness
  latest_version?: number
  latest_state?: PlanVersionState
  created_at?: string
  created_by?: PersonRef
  seq?: number | null
  /** GET /plans/{id}: every version, oldest first; the portal: published ones only. */
  versions?: PlanVersion[]
}

export interface PlanStatusRow {
  bureau_id: number
  bureau_code: string
  bureau_name: string
  bureau_level: BureauLevel
  parent_id: number | null
  plan_id: number | null
  plan_state: 'none' | 'draft' | 'published'
  latest_version: number | null
  current_version: number | null
  first_published_on: string | null
  timeliness: PlanTimelinessState
  timeliness_name: string
  warning: boolean
}

export interface PlanStatus {
  year: number
  date: string
  deadline: string
  warning_from: string
  items: PlanStatusRow[]
  summary: { total: number; on_time: number; late: number; missing: number; pending: number; warning: number }
}

// --- The inspector registry (/api/v1/inspectors, /api/v1/public/inspectors).

export type InspectorStatus = 'active' | 'suspended' | 'left'
export type CertificateState = 'valid' | 'lapsing' | 'lapsed' | 'not_yet_valid'

/** Why an inspector cannot be drawn (inspector.suspended, inspector.certificate_lapsed, ...). */
export interface IneligibleReason {
  code: string
  message: string
}

export interface Inspector {
  id: number
  bureau_id: number
  bureau_name: string
  bureau_code: string
  user_id: number | null
  username: string | null
  name: string
  gender: string
  gender_name: string
  certificate_no: string
  valid_from: string
  valid_to: string
  certificate_state: CertificateState
  days_to_expiry: number
  post: string
  region_code: string
  region_name: string
  specialties: string[]
  specialty_names: string[]
  status: InspectorStatus
  status_name: string
  status_reason: string
  status_since: string | null
  phone: string
  /** Days of training in the list's year (this year unless asked). */
  training_days: number
  /** Below 2 days that year (ORG-5). */
  training_short: boolean
  eligible_now: boolean
  ineligible_reasons: IneligibleReason[]
  created_at: string
  updated_at: string
  /** The lapse list only: negative once lapsed. */
  days_left?: number
}

export interface InspectorTraining {
  id: number
  trained_on: string
  course: string
  days: number
  provider: string
  recorded_by: number
  recorded_at: string
}

export interface InspectorConflict {
  id: number
  kind: 'object' | 'division' | 'department'
  kind_name: string
  target: string
  target_name: string
  reason: string
  declared_on: string
  until: string | null
  in_force: boolean
  end_reason: string
  ended_by: number | null
  recorded_by: number
  recorded_at: string
}

export interface InspectorDetail extends Inspector {
  trainings: InspectorTraining[]
  training_by_year: { year: number; days: number; short: boolean }[]
  conflicts: InspectorConflict[]
  /** Create and change: accepted with a warning (a certificate lapsed or lapsing). */
  warnings?: { field: string; message: string }[]
}

export interface DictTerm {
  code: string
  name: string
}

export interface InspectorDictionaries {
  specialties: DictTerm[]
  genders: DictTerm[]
  statuses: DictTerm[]
  conflict_kinds: DictTerm[]
  min_training_days_per_year: number
  lapsing_days: number
}

export interface PublicInspector {
  name: string
  gender: string
  gender_name: string
  bureau_id: number
  bureau_name: string
  certificate_no: string
  valid_from: string
  valid_to: string
  valid_now: boolean
  post: string
  region_code: string
  region_name: string
}

// --- Witnessed draw sessions and inspection tasks (/api/v1/draws, /api/v1/tasks,
// /api/v1/public/draws; docs/draw.md).

export type DrawState = 'pending_approval' | 'committed' | 'drawn' | 'refused'
export type DrawMode = 'random' | 'systematic' | 'multistage' | 'all'
export type DrawRule = 'key_unit' | 'seriously_dishonest' | 'drawn' | 'all'
export type TeamRole = 'leader' | 'member' | 'joint'
export type ReplacementReason = 'job_change' | 'work_conflict' | 'health'

export interface DrawWitness {
  name: string
  role: string
}

/** What was published before any randomness existed. */
export interface DrawCommitment {
  hash: string
  pool_root: string
  params_hash: string
  pool_hash: string
  pool_objects: number
  pool_inspectors: number
  committed_at: string
  ledger_seq: number | null
}

export interface DrawSummary {
  pool: number
  forced: number
  removed: number
  candidates: number
  drawn: number
  selected: number
}

export interface DrawOutcome {
  witnesses?: DrawWitness[]
  lottery_result?: string | null
  randomness?: string | null
  seed?: string | null
  certificate_hash?: string | null
  drawn_at: string
  summary: DrawSummary | null
  /** Staff only. */
  numbers?: string | null
  drawn_by?: PersonRef | null
}

export interface DrawRedrawRef {
  id: number
  state: DrawState
  created_at: string
  reason: string
}

export interface JointInspectorInput {
  name: string
  certificate_no: string
  department: string
  valid_from: string
  valid_to: string
}

/** What the commit asked for (a redraw repeats it). */
export interface DrawInputs {
  strata: string[]
  team_size: number
  specialty: string
  bureau_ids: number[]
  joint_inspectors: JointInspectorInput[]
  joint_per_team: number
}

/** Fields staff and the public both see. */
export interface DrawSessionCore {
  id: number
  bureau_id: number
  bureau_name: string
  plan_id: number
  plan_version: number
  year: number
  item_id: number
  item_version_id: number
  item_name: string
  object_type: string
  title: string
  /** The check date the rules and certificates are judged on. */
  date: string
  method: string
  window_from: string
  window_to: string
  mode: DrawMode
  mode_name: string
  lottery: { name: string; draw_no: string } | null
  state: DrawState
  state_name: string
  redraw_of: number | null
  redraw_reason: string
  commitment: DrawCommitment
  /** The engine's parameters (docs/draw-algorithm.md §3); not in lists. */
  params?: Record<string, unknown>
  verification_path: string
  draw: DrawOutcome | null
  redraws?: DrawRedrawRef[]
}

export interface DrawTaskMember {
  member_id: number
  inspector_id: number | null
  certificate_no: string
  name: string
  department: string
  role: TeamRole
  role_name?: string
  joined_at: string
  left_at: string | null
  replacement_id: number | null
}

export interface DrawTask {
  id: number
  session_id: number
  session_title: string
  bureau_id: number
  bureau_name: string
  position: number
  object: { kind: string; id: number | null; credit_code: string; name: string; division_code: string }
  rule: DrawRule
  rule_name?: string
  stratum: number | null
  cluster: string | null
  item_id: number
  item_version_id: number
  item_name: string
  form_version_id: number | null
  method: string
  window_from: string
  window_to: string
  date: string
  state: 'assigned' | 'superseded'
  created_at: string
  superseded_at: string | null
  team: DrawTaskMember[]
  former_members?: DrawTaskMember[]
}

export interface DrawReplacement {
  id: number
  session_id: number
  task_id: number
  member_id: number
  certificate_no: string
  reason: ReplacementReason
  reason_name: string
  note: string
  state: 'pending' | 'approved' | 'refused'
  requested_at: string
  requested_by: PersonRef | null
  decided_at: string | null
  decided_by: PersonRef | null
  opinion: string
  n: number | null
  new_certificate_no: string | null
  new_member_id: number | null
}

/** GET /draws/{id}. */
export interface DrawSession extends DrawSessionCore {
  inputs?: DrawInputs
  created_at?: string
  created_by?: PersonRef | null
  decision?: { decided_at: string; decided_by: PersonRef | null; opinion: string } | null
  tasks?: DrawTask[]
  replacements?: DrawReplacement[]
}

export interface PublicDrawTask {
  position: number
  object: { name: string; credit_code: string; division_code: string }
  rule: DrawRule
  rule_name?: string
  state: 'assigned' | 'superseded'
  team: { name: string; certificate_no: string; department: string; role: TeamRole; role_name?: string }[]
}

export interface PublicReplacement {
  n: number | null
  position: number
  leaving: string
  joining: string | null
  approved_at: string | null
}

/** GET /public/draws/{id}. */
export interface PublicDrawSession extends DrawSessionCore {
  approved_at?: string | null
  result?: PublicDrawTask[]
  replacements?: PublicReplacement[]
}
