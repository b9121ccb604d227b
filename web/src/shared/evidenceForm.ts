// The description of one evidence file as the console's upload dialog and the phone's upload
// page both take it (REC-18, REC-23): the kind guessed from the media type, the title from the
// file name, the capture time from the file's modification time (typed in Asia/Shanghai, sent
// as UTC), the device for audio and video, the reason for an upload more than 24 hours after
// capture; then the upload itself with its progress, which can be cancelled. The pages word
// their own messages (`messages`) and show the outcome their own way.
import { computed, reactive, ref } from 'vue'
import {
  deviceRequired,
  evidenceKindName,
  isInFuture,
  isLateUpload,
  kindFits,
  kindFromMediaType,
  mediaTypeOf,
  shanghaiToUtc,
  titleFromFilename,
  utcToShanghai,
} from './evidence'
import { uploadEvidence } from './upload'
import type { EvidenceItem } from './types'

export interface EvidenceFormMessages {
  noFile: string
  noKind: string
  unknownType: (mediaType: string) => string
  kindMismatch: (mediaType: string, kindName: string) => string
  noCaptured: string
}

/** Server field names (details.field) that stand for a field of the form. */
export const EVIDENCE_FIELD_ALIASES: Record<string, string> = { media_type: 'file', filename: 'file', captured_at: 'captured' }

export function useEvidenceForm(messages: EvidenceFormMessages) {
  const form = reactive({
    file: null as File | null,
    kind: '',
    title: '',
    captured: '', // Shanghai wall clock, "YYYY-MM-DD HH:mm:ss"
    device_id: null as number | null,
    late_reason: '',
    retention: 'routine' as 'routine' | 'permanent',
  })
  const errors = reactive({ file: '', kind: '', title: '', captured: '', device_id: '', late_reason: '', retention: '' })
  const state = reactive({ uploading: false, loaded: 0, total: 0, percent: 0 })
  // The 24-hour rule is checked against the clock as it runs; the page ticks `now`.
  const now = ref(Date.now())
  let controller: AbortController | null = null

  const mediaType = computed(() => (form.file ? mediaTypeOf(form.file) : ''))
  const capturedUtc = computed(() => shanghaiToUtc(form.captured))
  const late = computed(() => isLateUpload(capturedUtc.value, now.value))
  const needsDevice = computed(() => deviceRequired(form.kind))

  function clearErrors(): void {
    for (const k of Object.keys(errors) as (keyof typeof errors)[]) errors[k] = ''
  }

  /** Takes a chosen file and describes it as far as the file tells. */
  function takeFile(f: File): void {
    clearErrors()
    form.file = f
    const mt = mediaTypeOf(f)
    const kind = kindFromMediaType(mt)
    form.kind = kind ?? ''
    if (!kind) errors.kind = messages.unknownType(mt)
    // The modification time of a photo or recording just made is when it was made.
    const t = f.lastModified && f.lastModified <= Date.now() ? f.lastModified : Date.now()
    form.captured = utcToShanghai(t)
    now.value = Date.now()
  }

  /** The title the file's name suggests. */
  const suggestedTitle = () => (form.file ? titleFromFilename(form.file.name) : '')

  function validate(): boolean {
    clearErrors()
    now.value = Date.now()
    if (!form.file) errors.file = messages.noFile
    else if (form.file.size === 0) errors.file = '文件为空'
    if (!form.kind) errors.kind = messages.noKind
    else if (form.file && !kindFits(form.kind, mediaType.value)) errors.kind = messages.kindMismatch(mediaType.value, evidenceKindName(form.kind))
    if (!form.captured) errors.captured = messages.noCaptured
    else if (!capturedUtc.value) errors.captured = '时间格式应为 YYYY-MM-DD HH:mm:ss'
    else if (isInFuture(capturedUtc.value, now.value)) errors.captured = '拍摄（录制）时间晚于当前时间'
    if (needsDevice.value && form.device_id == null) errors.device_id = '录音、录像须选择所用的执法记录设备'
    if (late.value && !form.late_reason.trim()) errors.late_reason = '距拍摄（录制）已超过 24 小时，须说明迟延上传的原因'
    return !Object.values(errors).some(Boolean)
  }

  /**
   * Validates and uploads; null when the form is not ready (its errors say why) or an upload
   * is running. Throws the server's error, or one with code upload.aborted when cancelled.
   */
  async function send(): Promise<EvidenceItem | null> {
    if (state.uploading || !validate() || !form.file) return null
    const file = form.file
    controller = new AbortController()
    Object.assign(state, { uploading: true, loaded: 0, total: file.size, percent: 0 })
    try {
      return await uploadEvidence(
        file,
        {
          kind: form.kind,
          title: form.title,
          filename: file.name,
          captured_at: capturedUtc.value!,
          device_id: form.device_id,
          late_reason: form.late_reason, // the server keeps it only for a late upload
          retention: form.retention,
        },
        {
          signal: controller.signal,
          onProgress: (p) => Object.assign(state, { loaded: p.loaded, total: p.total, percent: p.percent }),
        },
      )
    } finally {
      state.uploading = false
      controller = null
    }
  }

  function cancel(): void {
    controller?.abort()
  }

  return { form, errors, state, now, mediaType, capturedUtc, late, needsDevice, clearErrors, takeFile, suggestedTitle, validate, send, cancel }
}
