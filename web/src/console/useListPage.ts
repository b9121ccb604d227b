// The state every console list page keeps: a filter form, the filters the list on screen was
// loaded with ("applied" — paging and export use these, never half-typed ones), one page of
// rows, a loading flag, the load error (as an ElMessage and, when the server names a filter
// field, beside that field), 重置, and page / page-size changes. A page may keep chosen filters
// in the address (?key=value) so that a link or a reload opens the same list.
import { reactive, ref, shallowRef, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import type { Query } from '@/shared/api'
import type { Page } from '@/shared/types'
import { clearErrors } from '@/shared/formErrors'
import { showError, showFormError } from './feedback'

export interface Paging {
  page: number
  page_size: number
}

export interface PageState extends Paging {
  total: number
}

/** How a filter kept in the address is read back from it. */
export type RouteFieldType = 'string' | 'number' | 'boolean'

export interface ListPageOptions<F extends object, T> {
  /** The empty form: where the page starts and what 重置 returns to. */
  filters: () => F
  /** One page of the list for the applied filters. */
  fetch: (filters: F, paging: Paging) => Promise<Page<T>>
  pageSize?: number
  /**
   * Filter fields the server may name as wrong (422 details.field), with server-to-form aliases
   * (e.g. from → range): those get their message in `errors`.
   */
  errorFields?: (keyof F & string)[]
  errorAliases?: Record<string, string>
  /** Filters kept in the route query: read when the page opens, written on every search. */
  route?: Partial<Record<keyof F & string, RouteFieldType>>
}

export interface ListPage<F extends object, T> {
  /** The filter form (v-model target). */
  filters: F
  /** A copy of the filters the rows on screen were loaded with. */
  applied: Readonly<Ref<F>>
  page: PageState
  rows: Ref<T[]>
  loading: Ref<boolean>
  /** The last load's error message, '' after a good load. */
  error: Ref<string>
  errors: Record<string, string>
  /** Reloads the current page with the applied filters. */
  load: () => Promise<void>
  /** Applies the form and loads its first page. */
  search: () => Promise<void>
  /** Empties the form and searches. */
  reset: () => Promise<void>
  changePage: (n: number) => Promise<void>
  changeSize: (n: number) => Promise<void>
}

function copy<F extends object>(f: F): F {
  return { ...f }
}

/** The filter's value as read from the address, or undefined when absent or unreadable. */
export function readRouteValue(raw: LocationQuery[string] | undefined, type: RouteFieldType): string | number | boolean | undefined {
  const s = Array.isArray(raw) ? raw[0] : raw
  if (typeof s !== 'string' || s === '') return undefined
  if (type === 'number') {
    const n = Number(s)
    return Number.isFinite(n) ? n : undefined
  }
  if (type === 'boolean') return s === 'true' || s === '1'
  return s
}

/** The route query for `filters`: the kept fields with a value, others left as they are. */
export function routeQueryFor(
  current: LocationQuery,
  filters: object,
  fields: Partial<Record<string, RouteFieldType>>,
): Record<string, string | (string | null)[] | null> {
  const q: Record<string, string | (string | null)[] | null> = { ...current }
  const f = filters as Record<string, unknown>
  for (const k of Object.keys(fields)) {
    const v = f[k]
    if (v === null || v === undefined || v === '' || v === false) delete q[k]
    else q[k] = String(v)
  }
  return q
}

function sameQuery(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a)
  return ka.length === Object.keys(b).length && ka.every((k) => String(a[k]) === String(b[k]))
}

export function useListPage<F extends object, T>(opts: ListPageOptions<F, T>): ListPage<F, T> {
  const filters = reactive(opts.filters()) as F
  const applied = shallowRef(opts.filters()) as Ref<F>
  const page = reactive<PageState>({ page: 1, page_size: opts.pageSize ?? 20, total: 0 })
  const rows = ref([]) as Ref<T[]>
  const loading = ref(false)
  const error = ref('')
  const errors = reactive<Record<string, string>>(Object.fromEntries((opts.errorFields ?? []).map((k) => [k, ''])))
  const routeFields = opts.route as Partial<Record<string, RouteFieldType>> | undefined
  const route = routeFields ? useRoute() : undefined
  const router = routeFields ? useRouter() : undefined

  if (route && routeFields) {
    const f = filters as Record<string, unknown>
    for (const [k, type] of Object.entries(routeFields)) {
      const v = readRouteValue(route.query[k], type!)
      if (v !== undefined) f[k] = v
    }
    applied.value = copy(filters)
  }

  // Only the answer to the latest request is shown: a slow earlier page must not overwrite it.
  let seq = 0
  async function load(): Promise<void> {
    const mine = ++seq
    loading.value = true
    error.value = ''
    clearErrors(errors)
    try {
      const r = await opts.fetch(applied.value, { page: page.page, page_size: page.page_size })
      if (mine !== seq) return
      rows.value = r.items
      page.total = r.total
    } catch (e) {
      if (mine !== seq) return
      rows.value = []
      page.total = 0
      error.value = e instanceof Error ? e.message : String(e)
      if (opts.errorFields) showFormError(e, errors, opts.errorAliases)
      else showError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  async function search(): Promise<void> {
    applied.value = copy(filters)
    page.page = 1
    if (route && router && routeFields) {
      const q = routeQueryFor(route.query, filters, routeFields)
      if (!sameQuery(q, route.query)) void router.replace({ query: q })
    }
    await load()
  }

  async function reset(): Promise<void> {
    Object.assign(filters, opts.filters())
    await search()
  }

  async function changePage(n: number): Promise<void> {
    if (n === page.page) return
    page.page = n
    await load()
  }

  async function changeSize(n: number): Promise<void> {
    page.page_size = n
    page.page = 1
    await load()
  }

  return { filters, applied, page, rows, loading, error, errors, load, search, reset, changePage, changeSize }
}

/** The date range of a filter as the API's from/to. */
export function dateRange(r: [string, string] | null | undefined): Query {
  return { from: r?.[0], to: r?.[1] }
}
