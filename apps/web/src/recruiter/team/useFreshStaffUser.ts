import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useStaffAuth } from '../../auth/store.ts'
import { keys, useStaffApi } from '../api.ts'
import type { CurrentUserResponse } from './api.ts'

/**
 * The signed-in user as the API has them now: an admin may have changed this user's role since
 * they signed in (the API applies it at once), so the navigation follows, and a deactivated
 * account is signed out (useStaffApi does that on its 401).
 */
export function useFreshStaffUser() {
  const api = useStaffApi()
  const { token, user, signIn } = useStaffAuth()
  const me = useQuery({
    queryKey: keys.me,
    queryFn: () => api<CurrentUserResponse>('GET', '/api/auth/me'),
    enabled: Boolean(token),
    staleTime: 60_000,
  })
  const fresh = me.data?.user
  useEffect(() => {
    if (token && fresh && (fresh.role !== user?.role || fresh.name !== user?.name))
      signIn(token, fresh)
  }, [token, fresh, user, signIn])
  return user
}
