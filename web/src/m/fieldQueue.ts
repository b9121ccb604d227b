// The phone's outbox for field inspections (DR-9): every act (start, step, file) is first put in
// IndexedDB with the client_id made for it, then sent in order whenever the network is there.
// Nothing is lost on reload or while offline; the server answers a client_id it has seen with
// what it recorded the first time, so a send repeated after a dropped answer writes nothing
// twice. A step that cites a file queued with it names the file by the upload's client_id until
// the upload has been sent (resolveRefs). A rejected act (the server said no) leaves the queue and
// is reported with the server's message.
import { ref } from 'vue'
import { ApiError, api, apiUrl, dispatchAuthError, getCsrfToken } from '@/shared/api'
import { mediaTypeOf } from '@/shared/evidence'
import { uploadError } from '@/shared/upload'
import { resolveRefs } from '@/shared/inspections'
import { loadSession } from '@/shared/session'

export interface QueueItem {
  seq?: number
  client_id: string
  type: 'start' | 'step' | 'upload'
  task_id: number
  /** start: {method?}; step: {kind, ...fields, evidence_refs?, evidence_ref?} */
  body: Record<string, unknown>
  /** upload */
  blob?: Blob
  meta?: { kind: string; title: string; filename: string; captured_at: string; device_id: number | null; late_reason?: string }
  device_time: string
}

export interface Rejection {
  client_id: string
  task_id: number
  type: QueueItem['type']
  kind: string
  message: string
  missing: string[]
}

const DB_NAME = 'zhifa-field'
let dbPromise: Promise<IDBDatabase> | null = null

function openDb(): Promise<IDBDatabase> {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1)
      req.onupgradeneeded = () => {
        const db = req.result
        db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true })
        db.createObjectStore('kv')
      }
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
  }
  return dbPromise
}

function tx<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return openDb().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const t = db.transaction(store, mode)
        const r = fn(t.objectStore(store))
        t.oncomplete = () => resolve(r.result)
        t.onerror = () => reject(t.error)
        t.onabort = () => reject(t.error)
      }),
  )
}

export function kvGet<T>(key: string): Promise<T | undefined> {
  return tx<T | undefined>('kv', 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>)
}
export function kvSet(key: string, value: unknown): Promise<IDBValidKey> {
  return tx('kv', 'readwrite', (s) => s.put(value, key))
}

export function queued(): Promise<QueueItem[]> {
  return tx<QueueItem[]>('queue', 'readonly', (s) => s.getAll() as IDBRequest<QueueItem[]>)
}

/** How many acts wait to be sent ("待同步 N 项"). */
export const pendingCount = ref(0)
/** The acts the server refused since the page was loaded, newest last. */
export const rejections = ref<Rejection[]>([])
export const syncing = ref(false)

async function refreshCount() {
  pendingCount.value = (await queued()).length
}

export async function enqueue(item: QueueItem): Promise<void> {
  // The page's reactive proxies cannot be stored: keep plain copies (the body is JSON).
  const plain: QueueItem = { ...item, body: JSON.parse(JSON.stringify(item.body)), meta: item.meta ? { ...item.meta } : undefined }
  if (!plain.meta) delete plain.meta
  await tx('queue', 'readwrite', (s) => s.add(plain))
  await refreshCount()
}

async function remove(seq: number) {
  await tx('queue', 'readwrite', (s) => s.delete(seq))
}

/** The inspection of a task, once the server has it. */
export async function inspectionOf(taskId: number): Promise<number | undefined> {
  return kvGet<number>(`insp:${taskId}`)
}
export async function rememberInspection(taskId: number, id: number) {
  await kvSet(`insp:${taskId}`, id)
}

function sendFile(inspectionId: number, item: QueueItem): Promise<{ evidence: { id: number } }> {
  return new Promise((resolve, reject) => {
    const m = item.meta!
    const url = apiUrl(`/inspections/${inspectionId}/evidence`, {
      kind: m.kind,
      title: m.title,
      filename: m.filename,
      captured_at: m.captured_at,
      device_id: m.device_id ?? undefined,
      late_reason: m.late_reason,
      client_id: item.client_id,
      channel: 'mobile',
      device_time: item.device_time,
    })
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.withCredentials = true
    xhr.setRequestHeader('Content-Type', mediaTypeOf({ type: item.blob!.type, name: m.filename }))
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('X-CSRF-Token', getCsrfToken())
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText))
        return
      }
      const err = uploadError(xhr.status, xhr.responseText)
      dispatchAuthError(err, '/inspections')
      reject(err)
    }
    xhr.onerror = () => reject(uploadError(0, ''))
    xhr.send(item.blob!)
  })
}

async function uploadedMap(): Promise<Record<string, number>> {
  return (await kvGet<Record<string, number>>('uploads')) ?? {}
}

// Sends one item; returns false when the network (or the session) is not there.
async function sendOne(item: QueueItem): Promise<boolean> {
  const env = { client_id: item.client_id, channel: 'mobile', device_time: item.device_time }
  try {
    if (item.type === 'start') {
      try {
        const r = await api.post<{ inspection: { id: number } }>('/inspections', { ...item.body, task_id: item.task_id, ...env })
        await rememberInspection(item.task_id, r.inspection.id)
      } catch (e) {
        // Someone on the team started it first: carry on recording into theirs.
        if (e instanceof ApiError && e.code === 'inspection.exists' && typeof e.details.id === 'number') {
          await rememberInspection(item.task_id, e.details.id)
        } else throw e
      }
      return true
    }
    let id = await inspectionOf(item.task_id)
    if (id === undefined) {
      const found = await api.get<{ items: { id: number }[] }>('/inspections', { task_id: item.task_id })
      if (!found.items.length) throw new ApiError(409, 'inspection.not_started', '检查尚未开始')
      id = found.items[0].id
      await rememberInspection(item.task_id, id)
    }
    if (item.type === 'upload') {
      const r = await sendFile(id, item)
      const map = await uploadedMap()
      map[item.client_id] = r.evidence.id
      await kvSet('uploads', map)
      return true
    }
    const body = resolveRefs(item.body, await uploadedMap())
    if (!body) throw new ApiError(409, 'inspection.file_missing', '所附文件未能上传，请重新拍摄后再记录')
    await api.post(`/inspections/${id}/steps`, { ...body, ...env })
    return true
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 0 || e.status === 401 || e.status >= 500) return false
    const missing = Array.isArray(e.details.missing) ? (e.details.missing as string[]) : []
    rejections.value = [
      ...rejections.value,
      { client_id: item.client_id, task_id: item.task_id, type: item.type, kind: String(item.body.kind ?? item.type), message: e.message, missing },
    ]
    return true
  }
}

let running: Promise<void> | null = null

/** Sends what is queued, in order, until the queue is empty or the network drops. */
export function flush(): Promise<void> {
  if (running) return running.then(() => (pendingCount.value ? flushNow() : undefined))
  return flushNow()
}

function flushNow(): Promise<void> {
  running = (async () => {
    syncing.value = true
    try {
      for (;;) {
        if (typeof navigator !== 'undefined' && navigator.onLine === false) break
        const items = await queued()
        if (!items.length) break
        // After a reload without a network the page has no CSRF token yet: ask for the session.
        if (!getCsrfToken()) {
          try {
            await loadSession(true)
          } catch {
            break
          }
          if (!getCsrfToken()) break
        }
        const item = items[0]
        if (!(await sendOne(item))) break
        await remove(item.seq!)
        await refreshCount()
      }
    } finally {
      syncing.value = false
      running = null
      await refreshCount()
    }
  })()
  return running
}

/** Counts the queue and sends it whenever the phone comes back online. Call once at start. */
export function startSync(): void {
  void refreshCount()
  window.addEventListener('online', () => void flush())
}
