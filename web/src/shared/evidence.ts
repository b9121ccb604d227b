// Evidence files and recording devices on the client side: what kind a file is, capture times
// typed in Asia/Shanghai and sent as UTC, the 24-hour upload rule (REC-18), device choices and
// the Chinese names of the codes the evidence API sends. Pure functions, unit-tested; the
// server decides everything again (these only help the user get it right the first time).
import type { Bureau, Device, EvidenceItem } from './types'

export type EvidenceKind = 'photo' | 'audio' | 'video' | 'document'

export const EVIDENCE_KINDS: readonly { value: EvidenceKind; label: string }[] = [
  { value: 'photo', label: '照片' },
  { value: 'video', label: '录像' },
  { value: 'audio', label: '录音' },
  { value: 'document', label: '书证扫描件' },
]

export function evidenceKindName(kind: string): string {
  return EVIDENCE_KINDS.find((k) => k.value === kind)?.label ?? kind
}

export const DEVICE_KINDS: readonly { value: string; label: string }[] = [
  { value: 'body_camera', label: '执法记录仪' },
  { value: 'handheld', label: '移动执法终端' },
  { value: 'camera', label: '照相机' },
  { value: 'video_camera', label: '摄像机' },
  { value: 'audio_recorder', label: '录音笔' },
]

export function deviceKindName(kind: string): string {
  return DEVICE_KINDS.find((k) => k.value === kind)?.label ?? kind
}

export const DEVICE_STATUS_NAMES: Record<string, string> = { in_service: '在用', retired: '已停用' }
export const RETENTION_NAMES: Record<string, string> = { routine: '一般（不少于一年）', permanent: '永久保存' }
export const DISPOSAL_STATE_NAMES: Record<string, string> = { requested: '处置待审批', approved: '已处置', refused: '处置未获批准' }

// Extensions for files whose media type the browser leaves empty (some phones, some formats).
const EXT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  '3gp': 'video/3gpp',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
  mkv: 'video/x-matroska',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  amr: 'audio/amr',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  opus: 'audio/opus',
  flac: 'audio/flac',
  pdf: 'application/pdf',
}

function extension(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase()
}

/** The media type to send for a file: the browser's, else one guessed from the extension. */
export function mediaTypeOf(file: { type: string; name: string }): string {
  const t = (file.type || '').trim().toLowerCase()
  if (t) return t
  return EXT_TYPES[extension(file.name)] ?? 'application/octet-stream'
}

/** The evidence kind a media type suggests; null when it fits none (the user must choose). */
export function kindFromMediaType(mediaType: string): EvidenceKind | null {
  const t = mediaType.toLowerCase().split(';')[0].trim()
  if (t.startsWith('image/')) return 'photo'
  if (t.startsWith('video/')) return 'video'
  if (t.startsWith('audio/')) return 'audio'
  if (t === 'application/pdf') return 'document'
  return null
}

/** Whether the server will accept this media type for the kind (the same rule as the server). */
export function kindFits(kind: string, mediaType: string): boolean {
  const t = mediaType.toLowerCase().split(';')[0].trim()
  if (kind === 'photo') return t.startsWith('image/')
  if (kind === 'audio') return t.startsWith('audio/')
  if (kind === 'video') return t.startsWith('video/')
  if (kind === 'document') return t === 'application/pdf' || t.startsWith('image/')
  return false
}

/** Audio and video must name the recording device (REC-23). */
export function deviceRequired(kind: string): boolean {
  return kind === 'audio' || kind === 'video'
}

/** The file name without its extension, as a default title. */
export function titleFromFilename(name: string): string {
  const base = name.replace(/^.*[\\/]/, '')
  const dot = base.lastIndexOf('.')
  return (dot > 0 ? base.slice(0, dot) : base).slice(0, 100)
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000 // China has kept UTC+8 without daylight saving since 1991

/**
 * A wall-clock time in Asia/Shanghai ("2026-11-25 10:30", "2026-11-25 10:30:15" or the
 * datetime-local form "2026-11-25T10:30") as a UTC instant "2026-11-25T02:30:00Z".
 * Null when the text is not such a time.
 */
export function shanghaiToUtc(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim())
  if (!m) return null
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number)
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(ms)
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null // 2月30日
  return new Date(ms - SHANGHAI_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** An instant (ISO text, Date or epoch ms) as Shanghai wall-clock "YYYY-MM-DD HH:mm:ss". */
export function utcToShanghai(at: string | number | Date): string {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at)
  if (Number.isNaN(ms)) return ''
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

export const UPLOAD_WINDOW_MS = 24 * 3600 * 1000

/** True when an upload now would be more than 24 hours after capture (REC-18). */
export function isLateUpload(capturedIso: string | null | undefined, now: number = Date.now()): boolean {
  if (!capturedIso) return false
  const t = Date.parse(capturedIso)
  return !Number.isNaN(t) && now - t > UPLOAD_WINDOW_MS
}

/** True when a capture time lies in the future beyond the server's allowance for clock skew. */
export function isInFuture(capturedIso: string | null | undefined, now: number = Date.now()): boolean {
  if (!capturedIso) return false
  const t = Date.parse(capturedIso)
  return !Number.isNaN(t) && t > now + 5 * 60 * 1000
}

/** "超过时限 1 天 6 小时" — how long after the 24 hours an item was uploaded. */
export function lateText(capturedIso: string, uploadedIso: string): string {
  const delay = Date.parse(uploadedIso) - Date.parse(capturedIso) - UPLOAD_WINDOW_MS
  if (Number.isNaN(delay) || delay <= 0) return ''
  const hours = Math.floor(delay / 3600000)
  const days = Math.floor(hours / 24)
  const rest = hours % 24
  if (days > 0) return `超过时限 ${days} 天${rest ? ` ${rest} 小时` : ''}`
  if (hours > 0) return `超过时限 ${hours} 小时`
  return `超过时限 ${Math.max(1, Math.floor(delay / 60000))} 分钟`
}

/** "1.5 MB" */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes == null || Number.isNaN(bytes)) return ''
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = bytes / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`
}

/** How the browser can show a file inline, if at all. */
export function previewKind(mediaType: string): 'image' | 'video' | 'audio' | 'pdf' | null {
  const t = mediaType.toLowerCase()
  if (t.startsWith('image/')) return 'image'
  if (t.startsWith('video/')) return 'video'
  if (t.startsWith('audio/')) return 'audio'
  if (t === 'application/pdf') return 'pdf'
  return null
}

/** The in-service device the user holds now, to preselect it. */
export function heldDevice(devices: readonly Device[], userId: number | null | undefined): Device | null {
  if (userId == null) return null
  return devices.find((d) => d.status === 'in_service' && d.holder?.id === userId) ?? null
}

/** "HZ-ZFJLY-001 执法记录仪（尤振华）" */
export function deviceLabel(d: Pick<Device, 'serial_no' | 'kind' | 'kind_name' | 'holder'>): string {
  const name = d.kind_name || deviceKindName(d.kind)
  return `${d.serial_no} ${name}${d.holder ? `（${d.holder.name ?? '#' + d.holder.id}）` : '（在库）'}`
}

/** Whether `b` is `root` or lies below it (a device's holder must). */
export function bureauWithin(b: Bureau | undefined, root: Bureau | undefined, byId: ReadonlyMap<number, Bureau>): boolean {
  if (!b || !root) return false
  if (b.path && root.path) return b.path.startsWith(root.path)
  const seen = new Set<number>()
  for (let cur: Bureau | undefined = b; cur && !seen.has(cur.id); cur = cur.parent_id != null ? byId.get(cur.parent_id) : undefined) {
    if (cur.id === root.id) return true
    seen.add(cur.id)
  }
  return false
}

/** The disposal state to show ('' when nobody asked). */
export function disposalState(item: Pick<EvidenceItem, 'disposal'>): string {
  return item.disposal?.state ?? ''
}

export function isDisposed(item: Pick<EvidenceItem, 'disposal'>): boolean {
  return item.disposal?.state === 'approved'
}

/** The address of the file (every opening is recorded as 调阅, REC-22). */
export function contentUrl(id: number, inline = false): string {
  return `/api/v1/evidence/${id}/content${inline ? '?inline=1' : ''}`
}
