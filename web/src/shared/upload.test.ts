import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, setApiHooks, setCsrfToken } from './api'
import { uploadError, uploadEvidence, uploadUrl } from './upload'

// A stand-in for XMLHttpRequest: records what was sent and lets the test answer.
class FakeXhr {
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: unknown = null
  withCredentials = false
  status = 0
  responseText = ''
  aborted = false
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  send(body: unknown) {
    this.body = body
  }
  abort() {
    this.aborted = true
    this.onabort?.()
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent)
  }
  answer(status: number, body: unknown) {
    this.status = status
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body)
    this.onload?.()
  }
}

function start(file: Blob & { name?: string }, meta = {}, extra: Record<string, unknown> = {}) {
  const xhr = new FakeXhr()
  const progress: number[] = []
  const p = uploadEvidence(
    file,
    { kind: 'photo', filename: 'a.jpg', captured_at: '2026-11-25T02:30:00Z', ...meta },
    { createXhr: () => xhr as unknown as XMLHttpRequest, onProgress: (x) => progress.push(x.percent), ...extra },
  )
  return { xhr, p, progress }
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error('expected the upload to fail')
}

beforeEach(() => {
  setCsrfToken('csrf-9')
  setApiHooks({})
})

// R: REC-18 — the file goes as the request body with the session's CSRF token; errors keep the server's message and field.
describe('uploadUrl', () => {
  it('puts the description in the query and leaves out empty values', () => {
    expect(
      uploadUrl({ kind: 'video', title: ' 现场 ', filename: 'v.mp4', captured_at: '2026-11-25T02:30:00Z', device_id: 3, late_reason: '', retention: 'routine' }),
    ).toBe('/api/v1/evidence?kind=video&title=%E7%8E%B0%E5%9C%BA&filename=v.mp4&captured_at=2026-11-25T02%3A30%3A00Z&device_id=3&retention=routine')
    expect(uploadUrl({ kind: 'photo', filename: 'a b.jpg', captured_at: 'x', device_id: null })).toBe('/api/v1/evidence?kind=photo&filename=a+b.jpg&captured_at=x')
  })
})

describe('uploadEvidence', () => {
  it('sends the file itself as the body with its media type, the CSRF token and progress', async () => {
    const file = new File([new Uint8Array(1000)], 'site.png', { type: 'image/png' })
    const { xhr, p, progress } = start(file)
    expect(xhr.method).toBe('POST')
    expect(xhr.url.startsWith('/api/v1/evidence?kind=photo')).toBe(true)
    expect(xhr.body).toBe(file)
    expect(xhr.headers['Content-Type']).toBe('image/png')
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-9')
    xhr.progress(250, 1000)
    xhr.progress(999, 1000)
    xhr.answer(201, { id: 5, title: 'site' })
    const item = await p
    expect(item.id).toBe(5)
    expect(progress).toEqual([25, 99, 100])
  })

  it('guesses the media type from the name when the browser gives none', async () => {
    const file = new File([new Uint8Array(3)], 'rec.m4a', { type: '' })
    const { xhr, p } = start(file, { kind: 'audio', filename: 'rec.m4a' })
    expect(xhr.headers['Content-Type']).toBe('audio/mp4')
    xhr.answer(201, { id: 1 })
    await p
  })

  it('maps a 422 to an ApiError naming the field, with the Chinese message', async () => {
    const { xhr, p } = start(new Blob(['x'], { type: 'image/jpeg' }))
    xhr.answer(422, {
      error: { code: 'evidence.late_reason_required', message: '距拍摄（录制）已超过 24 小时，须说明迟延上传的原因', details: { field: 'late_reason' } },
    })
    const e = await failure(p)
    expect(e.status).toBe(422)
    expect(e.code).toBe('evidence.late_reason_required')
    expect(e.field).toBe('late_reason')
    expect(e.message).toContain('24 小时')
  })

  it('gives a Chinese message for 413 without a body and for a dropped connection', async () => {
    const a = start(new Blob(['x']))
    a.xhr.answer(413, '')
    expect((await failure(a.p)).message).toContain('文件过大')
    const b = start(new Blob(['x']))
    b.xhr.onerror?.()
    const e = await failure(b.p)
    expect(e.code).toBe('network.unreachable')
    expect(e.message).toContain('上传中断')
  })

  it('passes a 401 to the app-wide hook', async () => {
    const unauthorized = vi.fn()
    setApiHooks({ unauthorized })
    const { xhr, p } = start(new Blob(['x']))
    xhr.answer(401, { error: { code: 'auth.required', message: '请先登录', details: {} } })
    await failure(p)
    expect(unauthorized).toHaveBeenCalledTimes(1)
  })

  it('can be cancelled', async () => {
    const ctl = new AbortController()
    const { xhr, p } = start(new Blob(['x']), {}, { signal: ctl.signal })
    ctl.abort()
    expect(xhr.aborted).toBe(true)
    expect((await failure(p)).code).toBe('upload.aborted')
  })

  it('reports an unreadable success answer rather than pretending', async () => {
    const { xhr, p } = start(new Blob(['x']))
    xhr.answer(201, '<html>')
    expect((await failure(p)).message).toContain('无法识别')
  })
})

describe('uploadError', () => {
  it('falls back to the status when the body is not the error shape', () => {
    const e = uploadError(502, '<html>bad gateway</html>')
    expect(e.code).toBe('http.502')
    expect(e.message).toContain('502')
  })
  it('keeps a 413 error body from the server', () => {
    const e = uploadError(413, JSON.stringify({ error: { code: 'http.too_large', message: '文件超过 8 GiB', details: {} } }))
    expect(e.message).toBe('文件超过 8 GiB')
  })
})
