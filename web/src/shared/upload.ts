// Uploads one evidence file: POST /api/v1/evidence with the file itself as the body (not a
// multipart form, so the server streams it to disk and hashes it as it arrives) and the
// description in the query string. XMLHttpRequest rather than fetch, because only it reports
// upload progress. Same session rules as api.ts: the cookie, and X-CSRF-Token on the POST.
// Errors become ApiError with the server's Chinese message and the field it names.
import { ApiError, apiErrorFrom, apiUrl, dispatchAuthError, getCsrfToken } from './api'
import { mediaTypeOf } from './evidence'
import type { EvidenceItem } from './types'

export interface UploadMeta {
  kind: string
  title?: string
  filename: string
  /** UTC ISO 8601 */
  captured_at: string
  device_id?: number | null
  late_reason?: string
  retention?: 'routine' | 'permanent'
  owner_kind?: string
  owner_id?: string
}

export interface UploadProgress {
  loaded: number
  total: number
  /** 0..100, whole numbers */
  percent: number
}

export interface UploadOptions {
  onProgress?: (p: UploadProgress) => void
  signal?: AbortSignal
  /** For tests: makes the request object. */
  createXhr?: () => XMLHttpRequest
}

export const UPLOAD_PATH = '/evidence'

/** The request address: /api/v1/evidence?kind=...&captured_at=... (empty values left out). */
export function uploadUrl(meta: UploadMeta): string {
  return apiUrl(UPLOAD_PATH, {
    kind: meta.kind,
    title: meta.title?.trim(),
    filename: meta.filename,
    captured_at: meta.captured_at,
    device_id: meta.device_id ?? undefined,
    late_reason: meta.late_reason?.trim(),
    retention: meta.retention,
    owner_kind: meta.owner_kind,
    owner_id: meta.owner_id,
  })
}

/** The error for a finished request that did not succeed. */
export function uploadError(status: number, responseText: string): ApiError {
  let data: unknown = null
  try {
    data = responseText ? JSON.parse(responseText) : null
  } catch {
    data = null
  }
  const hasShape = !!(data as { error?: unknown } | null)?.error
  if (!hasShape && status === 413) return new ApiError(413, 'http.413', '文件过大，超过服务器允许的上传大小')
  if (status === 0) return new ApiError(0, 'network.unreachable', '上传中断：无法连接服务器，请检查网络后重试')
  return apiErrorFrom(status, data)
}

export function uploadEvidence(file: Blob & { name?: string }, meta: UploadMeta, opts: UploadOptions = {}): Promise<EvidenceItem> {
  return new Promise<EvidenceItem>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new ApiError(0, 'upload.aborted', '已取消上传'))
      return
    }
    const xhr = opts.createXhr ? opts.createXhr() : new XMLHttpRequest()
    const mediaType = mediaTypeOf({ type: file.type, name: file.name ?? meta.filename })
    xhr.open('POST', uploadUrl(meta))
    xhr.withCredentials = true
    xhr.setRequestHeader('Content-Type', mediaType)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('X-CSRF-Token', getCsrfToken())

    const total = file.size
    xhr.upload.onprogress = (e: ProgressEvent) => {
      const t = e.lengthComputable && e.total > 0 ? e.total : total
      const loaded = Math.min(e.loaded, t)
      opts.onProgress?.({ loaded, total: t, percent: t > 0 ? Math.floor((loaded / t) * 100) : 0 })
    }
    const onAbort = () => xhr.abort()
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    const done = () => opts.signal?.removeEventListener('abort', onAbort)

    xhr.onload = () => {
      done()
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          opts.onProgress?.({ loaded: total, total, percent: 100 })
          resolve(JSON.parse(xhr.responseText) as EvidenceItem)
        } catch {
          reject(new ApiError(xhr.status, 'http.bad_answer', '服务器的应答无法识别，请刷新后查看是否已上传'))
        }
        return
      }
      const err = uploadError(xhr.status, xhr.responseText)
      dispatchAuthError(err, UPLOAD_PATH)
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
