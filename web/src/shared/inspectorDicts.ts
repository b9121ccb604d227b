// The inspector registry's dictionaries (specialties, genders, statuses, conflict kinds, the
// training minimum and the lapse window), fetched once per page load and shared by every page
// and dialog that names them.
import { reactive } from 'vue'
import { api } from './api'
import { GENDERS, STATUSES } from './inspectors'
import type { InspectorDictionaries } from './types'

export const inspectorDicts = reactive<InspectorDictionaries & { loaded: boolean }>({
  specialties: [],
  genders: GENDERS,
  statuses: STATUSES,
  conflict_kinds: [
    { code: 'object', name: '调查对象' },
    { code: 'division', name: '行政区划' },
    { code: 'department', name: '部门' },
  ],
  min_training_days_per_year: 2,
  lapsing_days: 30,
  loaded: false,
})

let pending: Promise<void> | null = null

/** Loads the dictionaries unless already loaded; failures leave the defaults and may be retried. */
export function loadInspectorDicts(): Promise<void> {
  if (inspectorDicts.loaded) return Promise.resolve()
  pending ??= api
    .get<InspectorDictionaries>('/inspectors/dictionaries')
    .then((d) => {
      Object.assign(inspectorDicts, d, { loaded: true })
    })
    .finally(() => {
      pending = null
    })
  return pending
}
