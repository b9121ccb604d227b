// The staff list of /users as the people directory (PeopleView) and user admin (UsersView) both
// show it: filtered by keyword, bureau and role, paged.
import { api } from '@/shared/api'
import type { Page, UserRow } from '@/shared/types'
import { useListPage } from './useListPage'

export interface UserFilter {
  q: string
  bureau_id: number | null
  role: string
}

export function useUserList() {
  return useListPage<UserFilter, UserRow>({
    filters: () => ({ q: '', bureau_id: null, role: '' }),
    fetch: (f, paging) => api.get<Page<UserRow>>('/users', { ...f, ...paging }),
  })
}
