// Importing a table file into the registry (INF-2, DR-2) and downloading what the server builds
// (templates, exports, the error report). The file goes as the request body (the server sniffs
// CSV or XLSX), through XMLHttpRequest because only it reports upload progress; once the last
// byte is sent (onSent) the server reads, checks and writes the rows, and the page follows that
// through GET /import-progress/{id}: the request carries a random progress_id and pollProgress
// asks for it every half second. Same session rules as api.ts: the cookie, and X-CSRF-Token on POST.
import { ApiError, api, apiUrl, dispatchAuthError, getCsrfToken, type Query } from './api'
import { uploadError, type UploadProgress } from './upload'
import type { ImportResult } from './types'

export interface SendOptions {
  onProgress?: (p: UploadProgress) => void
  /** Every byte is sent; the server is working on it. */
  onSent?: () => void
  signal?: AbortSignal
  /** Sent as the query's progress_id: the server then reports its progress under it (newProgressId). */
  progressId?: string
  /** For tests: makes the request object. */
  createXhr?: () => XMLHttpRequest
}

export const IMPORT_PATH = '/objects/import'
/** The server's ordinary body limit; larger files go through the command line. */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024

const decoder = new TextDecoder()

/** POSTs `file` as the body; resolves with the answer's bytes and type, rejects with an ApiError. */
export function postFile(path: string, query: Query, file: Blob, opts: SendOptions = {}): Promise<{ bytes: ArrayBuffer; type: string }> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new ApiError(0, 'upload.aborted', '已取消上传'))
      return
    }
    const xhr = opts.createXhr ? opts.createXhr() : new XMLHttpRequest()
    xhr.open('POST', apiUrl(path, query))
    xhr.withCredentials = true
    xhr.responseType = 'arraybuffer'
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream')
    xhr.setRequestHeader('X-CSRF-Token', getCsrfToken())

    const total = file.size
    let sent = false
    const markSent = () => {
      if (sent) return
      sent = true
      opts.onSent?.()
    }
    xhr.upload.onprogress = (e: ProgressEvent) => {
      const t = e.lengthComputable && e.total > 0 ? e.total : total
      const loaded = Math.min(e.loaded, t)
      opts.onProgress?.({ loaded, total: t, percent: t > 0 ? Math.floor((loaded / t) * 100) : 100 })
      if (loaded >= t) markSent()
    }
    xhr.upload.onload = () => {
      opts.onProgress?.({ loaded: total, total, percent: 100 })
      markSent()
    }
    const onAbort = () => xhr.abort()
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    const done = () => opts.signal?.removeEventListener('abort', onAbort)

    xhr.onload = () => {
      done()
      const bytes = (xhr.response as ArrayBuffer | null) ?? new ArrayBuffer(0)
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ bytes, type: xhr.getResponseHeader('Content-Type') ?? '' })
        return
      }
      const err = uploadError(xhr.status, decoder.decode(bytes))
      dispatchAuthError(err, path)
      reject(err)
    }
    xhr.onerror = () => {
      done()
      reject(uploadError(0, ''))
    }
    xhr.onabort = () => {
      done()
      reject(new ApiError(0, 'upload.aborted', '已取消上传'))
    }
    xhr.send(file)
  })
}

export type OnExisting = 'reject' | 'update'

function parseResult(bytes: ArrayBuffer): ImportResult {
  try {
    return JSON.parse(decoder.decode(bytes)) as ImportResult
  } catch {
    throw new ApiError(200, 'http.bad_answer', '服务器的应答无法识别，请刷新后重试')
  }
}

/** The server's check of the file at `path` (an import that speaks /objects/import's protocol): nothing is written. */
export async function previewImport(file: Blob, existing: OnExisting, opts: SendOptions = {}, path = IMPORT_PATH): Promise<ImportResult> {
  return parseResult((await postFile(path, { mode: 'preview', existing, progress_id: opts.progressId }, file, opts)).bytes)
}

/**
 * Writes the file, all or nothing. A file with errors is refused with 422 import.rejected whose
 * details are the full result (rejectedResult reads it back).
 */
export async function commitImport(file: Blob, existing: OnExisting, opts: SendOptions = {}, path = IMPORT_PATH): Promise<ImportResult> {
  return parseResult((await postFile(path, { mode: 'commit', existing, progress_id: opts.progressId }, file, opts)).bytes)
}

/** The same file again: every error and warning as an XLSX workbook (`path` is the import's). */
export async function importReport(file: Blob, existing: OnExisting, opts: SendOptions = {}, path = IMPORT_PATH): Promise<Blob> {
  const r = await postFile(`${path}/report`, { existing }, file, opts)
  return new Blob([r.bytes], { type: r.type || 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
}

// --- The server's progress (GET /import-progress/{id}).

export interface ImportProgress {
  progress_id: string
  phase: 'read' | 'validate' | 'write'
  /** 读取, 校验, 写入 */
  phase_name: string
  done: number
  total: number
  finished: boolean
  outcome: 'ok' | 'failed' | null
}

/** A fresh id for one import request (getRandomValues works on plain http too, unlike randomUUID). */
export function newProgressId(): string {
  const b = new Uint8Array(12)
  crypto.getRandomValues(b)
  return 'imp-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

/** 0-100 for a bar; reading the file (no rows counted yet) is 0. */
export function progressPercent(p: Pick<ImportProgress, 'done' | 'total'>): number {
  return p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0
}

/** "校验 12000 / 20000 行", or "读取文件…" before the rows are counted. */
export function progressText(p: Pick<ImportProgress, 'phase' | 'phase_name' | 'done' | 'total'>): string {
  if (p.phase === 'read' || p.total === 0) return `${p.phase_name || '读取'}文件…`
  return `${p.phase_name} ${p.done} / ${p.total} 行`
}

/**
 * Asks for the progress of `id` every `everyMs` until the returned stop() is called, passing each
 * answer to `onProgress`. A 404 (the request has not reached the server's handler yet) and
 * network hiccups are skipped: the import's own answer is what counts.
 */
export function pollProgress(id: string, onProgress: (p: ImportProgress) => void, everyMs = 500, get = api.get): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const tick = async () => {
    try {
      const p = await get<ImportProgress>(`/import-progress/${encodeURIComponent(id)}`, undefined, { silent: true })
      if (!stopped) onProgress(p)
    } catch {
      // not there yet, or gone: keep the last one shown
    }
    if (!stopped) timer = setTimeout(tick, everyMs)
  }
  timer = setTimeout(tick, everyMs)
  return () => {
    stopped = true
    if (timer !== undefined) clearTimeout(timer)
  }
}

/** The result inside a commit's 422 import.rejected, or null for any other failure. */
export function rejectedResult(e: unknown): ImportResult | null {
  if (!(e instanceof ApiError) || e.status !== 422 || e.code !== 'import.rejected') return null
  const d = e.details as Partial<ImportResult>
  return Array.isArray(d.errors) ? (d as ImportResult) : null
}

export interface ImportVerdict {
  /** The commit button may be pressed. */
  canCommit: boolean
  /** Why not, or what the commit will do. */
  text: string
  level: 'error' | 'warning' | 'success' | 'info'
}

/** What a preview means for the commit: only a clean file with something to write may go in. */
export function importVerdict(r: ImportResult): ImportVerdict {
  if (r.errors.length) {
    const whole = r.errors.some((e) => e.line <= 1)
    const text = whole
      ? `文件无法导入：${r.errors.find((e) => e.line <= 1)!.reason}`
      : `发现 ${r.errors.length} 处错误，涉及 ${r.error_rows} 行；请修改文件后重新上传，整个文件未导入`
    return { canCommit: false, text, level: 'error' }
  }
  if (r.rows === 0) return { canCommit: false, text: '文件中没有数据行', level: 'warning' }
  const write = r.created + r.updated
  if (write === 0) return { canCommit: false, text: `文件中的 ${r.unchanged} 个单位与名录库完全一致，无需导入`, level: 'info' }
  const parts = [`新增 ${r.created} 个`]
  if (r.updated) parts.push(`更新 ${r.updated} 个`)
  if (r.unchanged) parts.push(`${r.unchanged} 个无变化`)
  return { canCommit: true, text: `校验通过：共 ${r.rows} 行，将${parts.join('，')}`, level: 'success' }
}

/** "第 3 行" for a problem's line; the whole file when there is no line. */
export function lineText(line: number): string {
  return line > 0 ? `第 ${line} 行` : '整个文件'
}

// --- Downloads.

/** Offers `blob` to the user as a file named `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30000)
}

/** GETs a file the server builds (template, export); an error answer becomes an ApiError. */
export async function fetchFile(path: string, query?: Query): Promise<Blob> {
  let res: Response
  try {
    res = await fetch(apiUrl(path, query), { credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'network.unreachable', '无法连接服务器，请检查网络后重试')
  }
  if (!res.ok) {
    const err = uploadError(res.status, await res.text())
    dispatchAuthError(err, path)
    throw err
  }
  return res.blob()
}
