import { useQueryClient } from '@tanstack/react-query'
import { Navigate, NavLink, Outlet, useLocation } from 'react-router'
import { useStaffAuth } from '../auth/store.ts'
import { useFreshStaffUser } from './team/useFreshStaffUser.ts'

/** The recruiter's frame: navigation, and a redirect to /login without a token. */
export function StaffLayout() {
  const { token, signOut } = useStaffAuth()
  const user = useFreshStaffUser()
  const location = useLocation()
  const queryClient = useQueryClient()
  if (!token) {
    const next = encodeURIComponent(location.pathname + location.search)
    return <Navigate to={`/login?next=${next}`} replace />
  }
  return (
    <div className="staff">
      <header className="topbar">
        <strong className="brand">assess</strong>
        <nav aria-label="Main">
          <NavLink to="/assessments">Assessments</NavLink>
          <NavLink to="/sessions">Live sessions</NavLink>
          <NavLink to="/results">Results</NavLink>
          {user?.role === 'admin' ? <NavLink to="/team">Team</NavLink> : null}
        </nav>
        <span className="muted">{user?.email}</span>
        <button
          type="button"
          className="link"
          onClick={() => {
            // Nothing of this account stays cached for whoever signs in next.
            queryClient.clear()
            signOut()
          }}
        >
          Sign out
        </button>
      </header>
      <Outlet />
    </div>
  )
}
