// Reads a year-of-holidays JSON file ({year, source, days:[{date, kind, name}]}) picked in the
// page, with the checks the page can do on its own; the server validates again on upload.
import type { CalendarDay } from './types'

export interface YearFile {
  year: number
  source: string
  days: CalendarDay[]
}

export class YearFileError extends Error {}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

function realDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false
  const [y, m, d] = s.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

export function parseYearFile(text: string, fallbackSource = ''): YearFile {
  let j: unknown
  try {
    j = JSON.parse(text)
  } catch {
    throw new YearFileError('文件不是有效的 JSON')
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) throw new YearFileError('文件内容应为一个 JSON 对象：{"year", "source", "days"}')
  const o = j as Record<string, unknown>
  if (typeof o.year !== 'number' || !Number.isInteger(o.year)) throw new YearFileError('缺少年度（year 应为整数）')
  if (!Array.isArray(o.days)) throw new YearFileError('缺少放假安排（days 应为数组）')
  const days: CalendarDay[] = o.days.map((d, i) => {
    if (!d || typeof d !== 'object') throw new YearFileError(`第 ${i + 1} 项应为 {"date","kind","name"} 对象`)
    const r = d as Record<string, unknown>
    const date = typeof r.date === 'string' ? r.date.trim() : ''
    if (!realDate(date)) throw new YearFileError(`第 ${i + 1} 项的日期无效：${String(r.date ?? '')}`)
    if (!date.startsWith(`${o.year}-`)) throw new YearFileError(`第 ${i + 1} 项的日期 ${date} 不在 ${o.year} 年内`)
    if (r.kind !== 'holiday' && r.kind !== 'workday') throw new YearFileError(`第 ${i + 1} 项的类别应为 holiday 或 workday`)
    return { date, kind: r.kind, name: typeof r.name === 'string' ? r.name : '' }
  })
  const source = typeof o.source === 'string' && o.source.trim() ? o.source.trim() : fallbackSource
  return { year: o.year, source, days }
}

/** Row index named by a server error field such as "days[3].date", else null. */
export function dayIndexFromField(field: string | undefined): number | null {
  const m = field ? /^days\[(\d+)\]/.exec(field) : null
  return m ? Number(m[1]) : null
}
