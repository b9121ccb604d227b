// The bureaus in the user's scope, as a flat list and as a tree (for el-tree / el-tree-select).
import { computed, ref } from 'vue'
import { api } from '@/shared/api'
import { buildBureauTree } from '@/shared/bureauTree'
import type { Bureau } from '@/shared/types'

export function useBureaus() {
  const items = ref<Bureau[]>([])
  const loading = ref(false)
  const tree = computed(() => buildBureauTree(items.value))
  const byId = computed(() => new Map(items.value.map((b) => [b.id, b])))

  async function reload(): Promise<void> {
    loading.value = true
    try {
      items.value = (await api.get<{ items: Bureau[] }>('/bureaus')).items
    } finally {
      loading.value = false
    }
  }

  return { items, tree, byId, loading, reload }
}
