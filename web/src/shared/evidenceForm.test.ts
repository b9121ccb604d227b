import { describe, expect, it } from 'vitest'
import { useEvidenceForm } from './evidenceForm'

const MESSAGES = {
  noFile: '请选择要上传的文件',
  noKind: '请选择证据类型',
  unknownType: (mt: string) => `无法判断 ${mt}`,
  kindMismatch: (mt: string, kind: string) => `${mt} 不是${kind}`,
  noCaptured: '请填写拍摄（录制）时间',
}
const HOUR = 3600 * 1000

function file(name: string, type: string, lastModified: number, size = 10): File {
  return new File([new Uint8Array(size)], name, { type, lastModified })
}

describe('useEvidenceForm', () => {
  it('describes a chosen file: kind from its type, capture time from its date, title from its name', () => {
    const f = useEvidenceForm(MESSAGES)
    const t = Date.parse('2026-05-01T02:30:00Z')
    f.takeFile(file('现场照片.jpg', 'image/jpeg', t))
    expect(f.form.kind).toBe('photo')
    expect(f.form.captured).toBe('2026-05-01 10:30:00') // Beijing time
    expect(f.capturedUtc.value).toBe('2026-05-01T02:30:00Z')
    expect(f.suggestedTitle()).toBe('现场照片')
    expect(f.errors.kind).toBe('')
  })

  it("says when a file's type names no kind", () => {
    const f = useEvidenceForm(MESSAGES)
    f.takeFile(file('notes.bin', 'application/zip', Date.now()))
    expect(f.form.kind).toBe('')
    expect(f.errors.kind).toBe('无法判断 application/zip')
  })

  it('asks for the file, a fitting kind, the device of a recording and the reason for a late upload', () => {
    const f = useEvidenceForm(MESSAGES)
    expect(f.validate()).toBe(false)
    expect(f.errors.file).toBe('请选择要上传的文件')
    expect(f.errors.kind).toBe('请选择证据类型')
    expect(f.errors.captured).toBe('请填写拍摄（录制）时间')

    f.takeFile(file('clip.mp4', 'video/mp4', Date.now() - 30 * HOUR))
    expect(f.late.value).toBe(true)
    expect(f.needsDevice.value).toBe(true)
    expect(f.validate()).toBe(false)
    expect(f.errors.device_id).toBe('录音、录像须选择所用的执法记录设备')
    expect(f.errors.late_reason).toBe('距拍摄（录制）已超过 24 小时，须说明迟延上传的原因')

    f.form.kind = 'photo'
    expect(f.validate()).toBe(false)
    expect(f.errors.kind).toBe('video/mp4 不是照片')

    f.form.kind = 'video'
    f.form.device_id = 3
    f.form.late_reason = '现场无网络'
    expect(f.validate()).toBe(true)
  })

  it('refuses a capture time in the future or not a time at all', () => {
    const f = useEvidenceForm(MESSAGES)
    f.takeFile(file('a.jpg', 'image/jpeg', Date.now()))
    f.form.captured = '2099-01-01 00:00:00'
    expect(f.validate()).toBe(false)
    expect(f.errors.captured).toBe('拍摄（录制）时间晚于当前时间')
    f.form.captured = '昨天下午'
    expect(f.validate()).toBe(false)
    expect(f.errors.captured).toBe('时间格式应为 YYYY-MM-DD HH:mm:ss')
  })

  it('sends nothing while the form is not ready', async () => {
    const f = useEvidenceForm(MESSAGES)
    expect(await f.send()).toBeNull()
    expect(f.state.uploading).toBe(false)
    expect(f.errors.file).toBe('请选择要上传的文件')
  })
})
