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
