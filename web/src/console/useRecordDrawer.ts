// The state of a drawer that shows one record (ObjectDrawer, InspectorDrawer, ItemDrawer): each
// time it opens, or is pointed at another record or tab, it loads the record afresh; reload()
// also refreshes the history tab (historyRef) where the drawer has one. `visible` is the
// drawer's v-model.
import { computed, ref, watch, type Ref, type WritableComputedRef } from 'vue'
import { api } from '@/shared/api'
import { showError } from './feedback'

export interface RecordDrawerProps<Tab extends string> {
  modelValue: boolean
  id: number | null
  tab?: Tab
}

/** What a drawer's history component offers (RecordHistory, InspectorHistory). */
export interface Reloadable {
  reload: () => Promise<void> | undefined
}

export function useRecordDrawer<T, Tab extends string>(
  props: RecordDrawerProps<Tab>,
  setVisible: (v: boolean) => void,
  /** The record's API path without the id, e.g. "/objects"; its history is at <path>/<id>/history. */
  path: string,
  firstTab: Tab,
) {
  const visible: WritableComputedRef<boolean> = computed({ get: () => props.modelValue, set: setVisible })
  const record = ref(null) as Ref<T | null>
  const loading = ref(false)
  const error = ref('')
  const activeTab = ref(firstTab) as Ref<Tab>
  const historyRef = ref<Reloadable>()

  async function load(): Promise<void> {
    if (props.id == null) return
    loading.value = true
    error.value = ''
    try {
      record.value = await api.get<T>(`${path}/${props.id}`)
    } catch (e) {
      error.value = (e as Error).message
      showError(e)
    } finally {
      loading.value = false
    }
  }

  watch(
    () => [props.modelValue, props.id, props.tab] as const,
    ([v]) => {
      if (!v) return
      activeTab.value = props.tab ?? firstTab
      record.value = null
      void load()
    },
    { immediate: true },
  )

  async function reload(): Promise<void> {
    await load()
    await historyRef.value?.reload()
  }

  const historyUrl = computed(() => (visible.value && props.id != null ? `${path}/${props.id}/history` : null))

  return { visible, record, loading, error, activeTab, historyRef, load, reload, historyUrl }
}
