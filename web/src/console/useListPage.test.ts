import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { ApiError } from '@/shared/api'
import type { Page } from '@/shared/types'
import { readRouteValue, routeQueryFor, useListPage, type ListPage, type ListPageOptions, type Paging } from './useListPage'

interface Filters {
  q: string
  bureau_id: number | null
  range: [string, string] | null
}
const empty = (): Filters => ({ q: '', bureau_id: null, range: null })

/** A fake server: records every request and answers from a list of 45 numbered rows. */
function server() {
  const calls: { f: Filters; p: Paging }[] = []
  const all = Array.from({ length: 45 }, (_, i) => i + 1)
  const fetch = async (f: Filters, p: Paging): Promise<Page<number>> => {
    calls.push({ f: { ...f }, p: { ...p } })
    const items = all.filter((n) => !f.q || String(n).includes(f.q))
    return { items: items.slice((p.page - 1) * p.page_size, p.page * p.page_size), total: items.length }
  }
  return { calls, fetch }
}

async function withList<F extends object, T>(opts: ListPageOptions<F, T>, path = '/list'): Promise<{ list: ListPage<F, T>; router: Router }> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/list', component: { render: () => null } }] })
  await router.push(path)
  await router.isReady()
  let list!: ListPage<F, T>
  const Host = defineComponent({
    setup() {
      list = useListPage(opts)
      return () => h('div')
    },
  })
  mount(Host, { global: { plugins: [router] } })
  return { list, router }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('useListPage', () => {
  it('loads the first page of the empty filters', async () => {
    const s = server()
    const { list } = await withList({ filters: empty, fetch: s.fetch })
    await list.load()
    expect(s.calls).toEqual([{ f: empty(), p: { page: 1, page_size: 20 } }])
    expect(list.rows.value).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(list.page.total).toBe(45)
    expect(list.loading.value).toBe(false)
  })

  it('pages with the filters last searched, not the ones half-typed since', async () => {
    const s = server()
    const { list } = await withList({ filters: empty, fetch: s.fetch, pageSize: 5 })
    list.filters.q = '1'
    await list.search()
    expect(list.page.total).toBe(14) // 1, 10..19, 21, 31, 41
    list.filters.q = '2'
    await list.changePage(2)
    expect(s.calls.at(-1)).toEqual({ f: { ...empty(), q: '1' }, p: { page: 2, page_size: 5 } })
    expect(list.rows.value).toEqual([14, 15, 16, 17, 18])
    expect(list.applied.value.q).toBe('1')
  })

  it('starts over at page 1 on search, reset and a new page size', async () => {
    const s = server()
    const { list } = await withList({ filters: empty, fetch: s.fetch })
    await list.changePage(3)
    expect(list.page.page).toBe(3)
    await list.changeSize(50)
    expect(s.calls.at(-1)!.p).toEqual({ page: 1, page_size: 50 })
    await list.changePage(2)
    list.filters.q = '4'
    list.filters.bureau_id = 7
    await list.reset()
    expect(list.filters).toEqual(empty())
    expect(s.calls.at(-1)).toEqual({ f: empty(), p: { page: 1, page_size: 50 } })
  })

  it('does not reload the page on screen', async () => {
    const s = server()
    const { list } = await withList({ filters: empty, fetch: s.fetch })
    await list.load()
    await list.changePage(1)
    expect(s.calls).toHaveLength(1)
  })

  it('shows only the answer to the latest request', async () => {
    const resolvers: ((p: Page<string>) => void)[] = []
    const { list } = await withList<Filters, string>({
      filters: empty,
      fetch: () => new Promise<Page<string>>((r) => resolvers.push(r)),
    })
    const first = list.load()
    const second = list.changePage(2)
    resolvers[1]({ items: ['page 2'], total: 30 })
    await second
    resolvers[0]({ items: ['page 1 (late)'], total: 30 })
    await first
    expect(list.rows.value).toEqual(['page 2'])
    expect(list.loading.value).toBe(false)
  })

  it('clears the list and puts a named field error beside its filter', async () => {
    // R: the server's 422 details.field (from → range) marks the date range.
    const { list } = await withList<Filters, number>({
      filters: empty,
      fetch: async (f) => {
        if (f.range) throw new ApiError(422, 'request.invalid', '开始日期不能晚于结束日期', { field: 'from' })
        return { items: [1, 2], total: 2 }
      },
      errorFields: ['q', 'range'],
      errorAliases: { from: 'range', to: 'range' },
    })
    await list.load()
    expect(list.rows.value).toEqual([1, 2])
    list.filters.range = ['2026-05-02', '2026-05-01']
    await list.search()
    expect(list.rows.value).toEqual([])
    expect(list.page.total).toBe(0)
    expect(list.error.value).toBe('开始日期不能晚于结束日期')
    expect(list.errors).toEqual({ q: '', range: '开始日期不能晚于结束日期' })
    await list.reset()
    expect(list.errors.range).toBe('')
    expect(list.error.value).toBe('')
    expect(list.rows.value).toEqual([1, 2])
  })

  it('opens with the filters kept in the address and writes them back on search', async () => {
    const s = server()
    const { list, router } = await withList(
      { filters: empty, fetch: s.fetch, route: { q: 'string', bureau_id: 'number' } },
      '/list?q=3&bureau_id=12&tab=x',
    )
    expect(list.filters.q).toBe('3')
    expect(list.filters.bureau_id).toBe(12)
    await list.load()
    expect(s.calls[0].f).toEqual({ q: '3', bureau_id: 12, range: null })
    list.filters.q = ''
    list.filters.bureau_id = 5
    await list.search()
    await flush()
    await nextTick()
    expect(router.currentRoute.value.query).toEqual({ bureau_id: '5', tab: 'x' })
  })

  it('leaves the address alone when the page keeps no filters there', async () => {
    const s = server()
    const { list, router } = await withList({ filters: empty, fetch: s.fetch }, '/list?q=3')
    expect(list.filters.q).toBe('')
    list.filters.q = '4'
    await list.search()
    await flush()
    expect(router.currentRoute.value.fullPath).toBe('/list?q=3')
  })
})

describe('route query helpers', () => {
  it('reads a kept filter by its type', () => {
    expect(readRouteValue('user:3', 'string')).toBe('user:3')
    expect(readRouteValue(['7', '8'], 'number')).toBe(7)
    expect(readRouteValue('x', 'number')).toBeUndefined()
    expect(readRouteValue('true', 'boolean')).toBe(true)
    expect(readRouteValue('', 'string')).toBeUndefined()
    expect(readRouteValue(undefined, 'string')).toBeUndefined()
  })

  it('keeps only filters with a value and the rest of the query as it was', () => {
    expect(routeQueryFor({ a: '1', q: 'old' }, { q: '', mine: true, n: 0, off: false }, { q: 'string', mine: 'boolean', n: 'number', off: 'boolean' })).toEqual({
      a: '1',
      mine: 'true',
      n: '0',
    })
  })
})
