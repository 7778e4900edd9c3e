import { Link } from 'react-router'

export function NotFound() {
  return (
    <main className="page narrow">
      <h1>Page not found</h1>
      <p>
        This address does not exist. If you were sent an invitation link, open it exactly as you
        received it. <Link to="/login">Recruiter sign-in</Link>
      </p>
    </main>
  )
}
