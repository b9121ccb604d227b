import { describe, expect, it } from 'vitest'
import {
  bureauWithin,
  contentUrl,
  deviceLabel,
  deviceRequired,
  formatSize,
  heldDevice,
  isInFuture,
  isLateUpload,
  kindFits,
  kindFromMediaType,
  lateText,
  mediaTypeOf,
  previewKind,
  shanghaiToUtc,
  titleFromFilename,
  utcToShanghai,
} from './evidence'
import type { Bureau, Device } from './types'

// R: REC-18, REC-23 — what the upload pages decide before sending: kind, device, capture time, the 24-hour rule.
describe('kind from media type', () => {
  it('guesses photo, video, audio and document', () => {
    expect(kindFromMediaType('image/jpeg')).toBe('photo')
    expect(kindFromMediaType('image/heic')).toBe('photo')
    expect(kindFromMediaType('video/mp4')).toBe('video')
    expect(kindFromMediaType('video/quicktime')).toBe('video')
    expect(kindFromMediaType('audio/mp4')).toBe('audio')
    expect(kindFromMediaType('audio/webm;codecs=opus')).toBe('audio')
    expect(kindFromMediaType('application/pdf')).toBe('document')
    expect(kindFromMediaType('Image/PNG')).toBe('photo')
  })

  it('leaves other types to the user', () => {
    expect(kindFromMediaType('application/zip')).toBeNull()
    expect(kindFromMediaType('')).toBeNull()
  })

  it('takes the media type from the extension when the browser gives none', () => {
    expect(mediaTypeOf({ type: '', name: 'IMG_0001.JPG' })).toBe('image/jpeg')
    expect(mediaTypeOf({ type: '', name: 'rec.m4a' })).toBe('audio/mp4')
    expect(mediaTypeOf({ type: '', name: 'clip.MOV' })).toBe('video/quicktime')
    expect(mediaTypeOf({ type: '', name: 'noext' })).toBe('application/octet-stream')
    expect(mediaTypeOf({ type: 'image/png', name: 'x.jpg' })).toBe('image/png')
  })

  it('checks a kind against the media type as the server does', () => {
    expect(kindFits('photo', 'image/png')).toBe(true)
    expect(kindFits('photo', 'video/mp4')).toBe(false)
    expect(kindFits('document', 'application/pdf')).toBe(true)
    expect(kindFits('document', 'image/jpeg')).toBe(true)
    expect(kindFits('document', 'text/plain')).toBe(false)
    expect(kindFits('audio', 'audio/amr')).toBe(true)
    expect(kindFits('sound', 'audio/amr')).toBe(false)
  })

  it('requires a device for audio and video only (REC-23)', () => {
    expect(deviceRequired('video')).toBe(true)
    expect(deviceRequired('audio')).toBe(true)
    expect(deviceRequired('photo')).toBe(false)
    expect(deviceRequired('document')).toBe(false)
  })

  it('knows what the browser can preview', () => {
    expect(previewKind('image/jpeg')).toBe('image')
    expect(previewKind('video/mp4')).toBe('video')
    expect(previewKind('audio/mpeg')).toBe('audio')
    expect(previewKind('application/pdf')).toBe('pdf')
    expect(previewKind('application/zip')).toBeNull()
  })
})

describe('Shanghai wall-clock time and UTC', () => {
  it('converts Shanghai input to UTC', () => {
    expect(shanghaiToUtc('2026-11-25 10:30:00')).toBe('2026-11-25T02:30:00Z')
    expect(shanghaiToUtc('2026-11-25 10:30')).toBe('2026-11-25T02:30:00Z')
    expect(shanghaiToUtc('2026-11-25T10:30')).toBe('2026-11-25T02:30:00Z')
    // Shanghai midnight is the previous day in UTC; across a year end too.
    expect(shanghaiToUtc('2026-01-01 00:00:00')).toBe('2025-12-31T16:00:00Z')
    expect(shanghaiToUtc('2024-02-29 07:59:59')).toBe('2024-02-28T23:59:59Z')
  })

  it('refuses what is not a time', () => {
    expect(shanghaiToUtc('')).toBeNull()
    expect(shanghaiToUtc('yesterday')).toBeNull()
    expect(shanghaiToUtc('2026-02-30 10:00')).toBeNull()
    expect(shanghaiToUtc('2026-13-01 10:00')).toBeNull()
    expect(shanghaiToUtc('2026-11-25 24:00')).toBeNull()
  })

  it('shows an instant in Shanghai whatever the browser zone', () => {
    expect(utcToShanghai('2026-11-25T02:30:00Z')).toBe('2026-11-25 10:30:00')
    expect(utcToShanghai('2025-12-31T16:00:00.000Z')).toBe('2026-01-01 00:00:00')
    expect(utcToShanghai(Date.UTC(2026, 10, 25, 2, 30, 15))).toBe('2026-11-25 10:30:15')
    expect(utcToShanghai(new Date('2026-06-01T00:00:00Z'))).toBe('2026-06-01 08:00:00')
    expect(utcToShanghai('nonsense')).toBe('')
  })

  it('round-trips', () => {
    const iso = '2026-03-08T21:45:09Z'
    expect(shanghaiToUtc(utcToShanghai(iso))).toBe(iso)
  })
})

describe('the 24-hour upload rule (REC-18)', () => {
  const now = Date.parse('2026-11-25T12:00:00Z')
  it('is late after 24 hours, not at 24 hours', () => {
    expect(isLateUpload('2026-11-24T12:00:00Z', now)).toBe(false)
    expect(isLateUpload('2026-11-24T11:59:59Z', now)).toBe(true)
    expect(isLateUpload('2026-11-23T12:00:00Z', now)).toBe(true)
    expect(isLateUpload('2026-11-25T11:00:00Z', now)).toBe(false)
    expect(isLateUpload(null, now)).toBe(false)
    expect(isLateUpload('bad', now)).toBe(false)
  })

  it('flags capture times in the future beyond five minutes of clock skew', () => {
    expect(isInFuture('2026-11-25T12:04:00Z', now)).toBe(false)
    expect(isInFuture('2026-11-25T12:06:00Z', now)).toBe(true)
  })

  it('says how late an upload was', () => {
    expect(lateText('2026-11-23T12:00:00Z', '2026-11-25T18:00:00Z')).toBe('超过时限 1 天 6 小时')
    expect(lateText('2026-11-23T12:00:00Z', '2026-11-25T12:30:00Z')).toBe('超过时限 1 天')
    expect(lateText('2026-11-24T12:00:00Z', '2026-11-25T15:00:00Z')).toBe('超过时限 3 小时')
    expect(lateText('2026-11-24T12:00:00Z', '2026-11-25T12:10:00Z')).toBe('超过时限 10 分钟')
    expect(lateText('2026-11-25T11:00:00Z', '2026-11-25T12:00:00Z')).toBe('')
  })
})

describe('devices', () => {
  const dev = (id: number, holder: number | null, status: Device['status'] = 'in_service'): Device => ({
    id,
    bureau_id: 2,
    bureau_name: '杭州市统计局',
    serial_no: `HZ-${id}`,
    kind: 'body_camera',
    kind_name: '执法记录仪',
    model: '警翼 X8',
    status,
    holder: holder == null ? null : { id: holder, name: `人${holder}` },
  })

  it('preselects the in-service device the user holds', () => {
    expect(heldDevice([dev(1, 5), dev(2, 7)], 7)?.id).toBe(2)
    expect(heldDevice([dev(1, 5)], 7)).toBeNull()
    expect(heldDevice([dev(1, 7, 'retired')], 7)).toBeNull()
    expect(heldDevice([dev(1, 7)], null)).toBeNull()
  })

  it('labels a device with its holder', () => {
    expect(deviceLabel(dev(1, 5))).toBe('HZ-1 执法记录仪（人5）')
    expect(deviceLabel(dev(1, null))).toBe('HZ-1 执法记录仪（在库）')
  })

  it('knows which bureaus lie below a device bureau', () => {
    const b = (id: number, parent: number | null, path?: string): Bureau => ({
      id,
      parent_id: parent,
      code: String(id),
      name: String(id),
      level: 'city',
      kind: '',
      address: '',
      phone: '',
      path,
    })
    const withPaths = [b(1, null, '/1/'), b(2, 1, '/1/2/'), b(3, 2, '/1/2/3/'), b(4, 1, '/1/4/')]
    const byId = new Map(withPaths.map((x) => [x.id, x]))
    expect(bureauWithin(byId.get(3), byId.get(2), byId)).toBe(true)
    expect(bureauWithin(byId.get(2), byId.get(2), byId)).toBe(true)
    expect(bureauWithin(byId.get(4), byId.get(2), byId)).toBe(false)
    expect(bureauWithin(byId.get(1), byId.get(2), byId)).toBe(false)
    const noPaths = [b(1, null), b(2, 1), b(3, 2), b(4, 1)]
    const byId2 = new Map(noPaths.map((x) => [x.id, x]))
    expect(bureauWithin(byId2.get(3), byId2.get(2), byId2)).toBe(true)
    expect(bureauWithin(byId2.get(4), byId2.get(2), byId2)).toBe(false)
    expect(bureauWithin(undefined, byId2.get(2), byId2)).toBe(false)
  })
})

describe('small formats', () => {
  it('formats sizes', () => {
    expect(formatSize(0)).toBe('0 B')
    expect(formatSize(1023)).toBe('1023 B')
    expect(formatSize(1536)).toBe('1.5 KB')
    expect(formatSize(5 * 1024 * 1024)).toBe('5.0 MB')
    expect(formatSize(300 * 1024 * 1024)).toBe('300 MB')
    expect(formatSize(8 * 1024 ** 3)).toBe('8.0 GB')
  })

  it('titles from file names', () => {
    expect(titleFromFilename('IMG_0001.JPG')).toBe('IMG_0001')
    expect(titleFromFilename('现场.检查.mp4')).toBe('现场.检查')
    expect(titleFromFilename('.hidden')).toBe('.hidden')
    expect(titleFromFilename('C:\\a\\b.png')).toBe('b')
  })

  it('builds content addresses', () => {
    expect(contentUrl(7)).toBe('/api/v1/evidence/7/content')
    expect(contentUrl(7, true)).toBe('/api/v1/evidence/7/content?inline=1')
  })
})
