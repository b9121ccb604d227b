import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, setApiHooks, setCsrfToken } from './api'
import {
  commitImport,
  importReport,
  importVerdict,
  lineText,
  newProgressId,
  pollProgress,
  postFile,
  previewImport,
  progressPercent,
  progressText,
  rejectedResult,
  type ImportProgress,
} from './importFile'
import type { ImportResult } from './types'

// A stand-in for XMLHttpRequest: records what was sent and lets the test answer with bytes.
class FakeXhr {
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: unknown = null
  withCredentials = false
  responseType = ''
  status = 0
  response: ArrayBuffer | null = null
  contentType = ''
  upload: { onprogress: ((e: ProgressEvent) => void) | null; onload: (() => void) | null } = { onprogress: null, onload: null }
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
  getResponseHeader(k: string) {
    return k.toLowerCase() === 'content-type' ? this.contentType : null
  }
  send(body: unknown) {
    this.body = body
  }
  abort() {
    this.onabort?.()
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent)
  }
  answer(status: number, body: unknown, contentType = 'application/json') {
    this.status = status
    this.contentType = contentType
    const bytes = body instanceof Uint8Array ? body : new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body))
    this.response = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    this.onload?.()
  }
}

function result(over: Partial<ImportResult> = {}): ImportResult {
  return {
    format: 'csv',
    file_hash: 'ab',
    rows: 3,
    created: 3,
    updated: 0,
    unchanged: 0,
    error_rows: 0,
    errors: [],
    warnings: [],
    warnings_total: 0,
    columns: { credit_code: '统一社会信用代码' },
    ignored_columns: [],
    preview: [],
    committed: false,
    ...over,
  }
}

beforeEach(() => {
  setCsrfToken('csrf-7')
  setApiHooks({})
})

// R: INF-2, DR-2 — the file is the request body; progress, then "checking" once every byte is sent.
describe('postFile', () => {
  it('sends the file as the body with the CSRF token and reports progress, then the server at work', async () => {
    const xhr = new FakeXhr()
    const events: string[] = []
    const file = new Blob(['a,b\n1,2\n'], { type: 'text/csv' })
    const p = previewImport(file, 'reject', {
      createXhr: () => xhr as unknown as XMLHttpRequest,
      onProgress: (x) => events.push(`${x.percent}%`),
      onSent: () => events.push('sent'),
    })
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toBe('/api/v1/objects/import?mode=preview&existing=reject')
    expect(xhr.body).toBe(file)
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-7')
    expect(xhr.headers['Content-Type']).toBe('text/csv')
    expect(xhr.responseType).toBe('arraybuffer')
    xhr.progress(4, 8)
    xhr.progress(8, 8)
    xhr.upload.onload?.()
    xhr.answer(200, result({ rows: 1 }))
    expect((await p).rows).toBe(1)
    expect(events).toEqual(['50%', '100%', 'sent', '100%'])
  })

  it('commits with the chosen handling of known credit codes', async () => {
    const xhr = new FakeXhr()
    const p = commitImport(new Blob(['x']), 'update', { createXhr: () => xhr as unknown as XMLHttpRequest })
    expect(xhr.url).toBe('/api/v1/objects/import?mode=commit&existing=update')
    expect(xhr.headers['Content-Type']).toBe('application/octet-stream')
    xhr.answer(200, result({ committed: true, created: 2 }))
    expect((await p).committed).toBe(true)
  })

  it('gives the report as an XLSX blob', async () => {
    const xhr = new FakeXhr()
    const p = importReport(new Blob(['x']), 'reject', { createXhr: () => xhr as unknown as XMLHttpRequest })
    expect(xhr.url).toBe('/api/v1/objects/import/report?existing=reject')
    xhr.answer(200, new Uint8Array([0x50, 0x4b, 3, 4]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const b = await p
    expect(b.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(new Uint8Array(await b.arrayBuffer())).toEqual(new Uint8Array([0x50, 0x4b, 3, 4]))
  })

  it('turns a refused commit into an ApiError whose result lists every error', async () => {
    const xhr = new FakeXhr()
    const p = commitImport(new Blob(['x']), 'reject', { createXhr: () => xhr as unknown as XMLHttpRequest })
    const bad = result({ errors: [{ line: 3, column: '统一社会信用代码', field: 'credit_code', value: 'X', reason: '校验位错误' }], error_rows: 1 })
    xhr.answer(422, { error: { code: 'import.rejected', message: '文件中有 1 行存在错误，整个文件未导入', details: bad } })
    const e = await p.catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.message).toBe('文件中有 1 行存在错误，整个文件未导入')
    expect(rejectedResult(e)?.errors[0].line).toBe(3)
    expect(rejectedResult(new ApiError(422, 'other', 'm', {}))).toBeNull()
  })

  it('maps 401 to the app hook, 413 and network failures to Chinese messages, and can be cancelled', async () => {
    let unauthorized = 0
    setApiHooks({ unauthorized: () => unauthorized++ })
    const x1 = new FakeXhr()
    const p1 = postFile('/objects/import', {}, new Blob(['x']), { createXhr: () => x1 as unknown as XMLHttpRequest })
    x1.answer(401, { error: { code: 'auth.required', message: '请先登录' } })
    expect((await p1.catch((e) => e)).status).toBe(401)
    expect(unauthorized).toBe(1)

    const x2 = new FakeXhr()
    const p2 = postFile('/objects/import', {}, new Blob(['x']), { createXhr: () => x2 as unknown as XMLHttpRequest })
    x2.answer(413, '')
    expect((await p2.catch((e) => e)).message).toMatch(/文件过大/)

    const x3 = new FakeXhr()
    const p3 = postFile('/objects/import', {}, new Blob(['x']), { createXhr: () => x3 as unknown as XMLHttpRequest })
    x3.onerror?.()
    expect((await p3.catch((e) => e)).code).toBe('network.unreachable')

    const x4 = new FakeXhr()
    const ctl = new AbortController()
    const p4 = postFile('/objects/import', {}, new Blob(['x']), { createXhr: () => x4 as unknown as XMLHttpRequest, signal: ctl.signal })
    ctl.abort()
    expect((await p4.catch((e) => e)).code).toBe('upload.aborted')
  })
})

// R: INF-2 — all or nothing: only a clean file with something to write may be committed.
describe('importVerdict', () => {
  it('refuses a file with errors and says how many lines', () => {
    const v = importVerdict(result({ errors: [{ line: 2, column: 'a', field: 'a', value: '', reason: 'x' }, { line: 2, column: 'b', field: 'b', value: '', reason: 'y' }], error_rows: 1, created: 0 }))
    expect(v.canCommit).toBe(false)
    expect(v.level).toBe('error')
    expect(v.text).toContain('2 处错误，涉及 1 行')
  })

  it('names a problem of the whole file or its header', () => {
    const v = importVerdict(result({ errors: [{ line: 1, column: '', field: '', value: '', reason: '缺少必填列“行业代码”' }], rows: 0, created: 0 }))
    expect(v.canCommit).toBe(false)
    expect(v.text).toContain('缺少必填列“行业代码”')
  })

  it('refuses an empty file and one with nothing to change', () => {
    expect(importVerdict(result({ rows: 0, created: 0 })).canCommit).toBe(false)
    const same = importVerdict(result({ rows: 2, created: 0, unchanged: 2 }))
    expect(same.canCommit).toBe(false)
    expect(same.text).toContain('2 个单位与名录库完全一致')
  })

  it('allows a clean file and says what it will do', () => {
    const v = importVerdict(result({ rows: 5, created: 3, updated: 1, unchanged: 1 }))
    expect(v).toEqual({ canCommit: true, level: 'success', text: '校验通过：共 5 行，将新增 3 个，更新 1 个，1 个无变化' })
  })

  it('writes lines as the report does', () => {
    expect(lineText(7)).toBe('第 7 行')
    expect(lineText(0)).toBe('整个文件')
  })
})

// R: INF-2 — the server's progress of a running import, polled while the request is pending.
describe('server-side progress', () => {
  it('sends a fresh progress id with the import, on any import path', async () => {
    const a = newProgressId()
    expect(a).toMatch(/^imp-[0-9a-f]{24}$/)
    expect(newProgressId()).not.toBe(a)
    const xhr = new FakeXhr()
    const p = commitImport(new Blob(['x']), 'reject', { createXhr: () => xhr as unknown as XMLHttpRequest, progressId: a }, '/inspectors/import')
    expect(xhr.url).toBe(`/api/v1/inspectors/import?mode=commit&existing=reject&progress_id=${a}`)
    xhr.answer(200, result())
    await p
  })

  it('shows the phase and the rows, and reading before rows are counted', () => {
    const p = { phase: 'validate', phase_name: '校验', done: 12000, total: 20000 } as const
    expect(progressText(p)).toBe('校验 12000 / 20000 行')
    expect(progressPercent(p)).toBe(60)
    expect(progressText({ phase: 'read', phase_name: '读取', done: 0, total: 0 })).toBe('读取文件…')
    expect(progressPercent({ done: 0, total: 0 })).toBe(0)
  })

  it('polls every half second until stopped, skipping the 404 before the server has started', async () => {
    vi.useFakeTimers()
    try {
      const answers: (ImportProgress | Error)[] = [
        new ApiError(404, 'import.progress_not_found', '没有'),
        { progress_id: 'imp-1', phase: 'validate', phase_name: '校验', done: 1000, total: 5000, finished: false, outcome: null },
        { progress_id: 'imp-1', phase: 'write', phase_name: '写入', done: 2000, total: 5000, finished: false, outcome: null },
      ]
      const asked: string[] = []
      const get = (async (path: string) => {
        asked.push(path)
        const a = answers.shift()
        if (!a || a instanceof Error) throw a ?? new Error('none')
        return a
      }) as unknown as typeof import('./api').api.get
      const seen: string[] = []
      const stop = pollProgress('imp-1', (p) => seen.push(progressText(p)), 500, get)
      await vi.advanceTimersByTimeAsync(499)
      expect(asked).toEqual([])
      await vi.advanceTimersByTimeAsync(1)
      await vi.advanceTimersByTimeAsync(1000)
      expect(asked).toEqual(['/import-progress/imp-1', '/import-progress/imp-1', '/import-progress/imp-1'])
      expect(seen).toEqual(['校验 1000 / 5000 行', '写入 2000 / 5000 行'])
      stop()
      await vi.advanceTimersByTimeAsync(2000)
      expect(asked.length).toBe(3)
    } finally {
      vi.useRealTimers()
    }
  })
})
