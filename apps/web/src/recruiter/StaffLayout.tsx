import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { useStaffAuth } from '../auth/store.ts'
import { useFreshStaffUser } from './team/useFreshStaffUser.ts'

/** The recruiter's frame: navigation, and a redirect to /login without a token. */
export function StaffLayout() {
  const token = useStaffAuth((s) => s.token)
  const user = useFreshStaffUser()
  const location = useLocation()
  const navigate = useNavigate()
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
        {/* A navigation, so a page with unsaved changes asks first (see SignOutPage). */}
        <button type="button" className="link" onClick={() => navigate('/sign-out')}>
          Sign out
        </button>
      </header>
      <Outlet />
    </div>
  )
}
