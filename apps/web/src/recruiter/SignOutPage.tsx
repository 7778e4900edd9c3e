import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useNavigate } from 'react-router'
import { useStaffAuth } from '../auth/store.ts'

/**
 * Signing out is a navigation to here, not a button that drops the token where it stands: a
 * page with unsaved work (the assessment editor) asks first, as for any other way out.
 */
export function SignOutPage() {
  const signOut = useStaffAuth((s) => s.signOut)
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  useEffect(() => {
    // Nothing of this account stays cached for whoever signs in next.
    queryClient.clear()
    signOut()
    navigate('/login', { replace: true })
  }, [queryClient, signOut, navigate])
  return null
}
