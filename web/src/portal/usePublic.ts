// What the portal's public lists share: loading a list with its loading flag and the error shown
// in the page (there is no login here, so no app-wide message), and the bureaus to filter by,
// in code order and indented by level.
import { onMounted, ref } from 'vue'
import { api, errorMessage } from '@/shared/api'
import type { PublicBureau } from '@/shared/types'

/** Wraps `fetch` so that each call sets `loading` and, on failure, `error`. */
export function usePublicLoad<A extends unknown[]>(fetch: (...args: A) => Promise<void>) {
  const loading = ref(true)
  const error = ref('')
  async function load(...args: A): Promise<void> {
    loading.value = true
    error.value = ''
    try {
      await fetch(...args)
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }
  return { loading, error, load }
}

const byCode = (a: PublicBureau, b: PublicBureau) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)

/** The public bureaus, loaded when the page mounts; `units` keeps the units below the counties. */
export function usePublicBureaus({ units = false } = {}) {
  const bureaus = ref<PublicBureau[]>([])
  onMounted(() => {
    api
      .get<{ items: PublicBureau[] }>('/public/bureaus')
      .then((r) => (bureaus.value = r.items.filter((b) => units || b.level !== 'unit').sort(byCode)))
      .catch(() => undefined)
  })
  return { bureaus }
}

/** A bureau's name indented by its level, for a <select>. */
export const bureauIndent = (b: PublicBureau) => (b.level === 'city' ? '　' : b.level === 'county' || b.level === 'unit' ? '　　' : '')
