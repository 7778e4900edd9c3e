import type { StaffTokenResponse } from '@assess/core'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { ApiError, request } from '../api/client.ts'
import { useStaffAuth } from '../auth/store.ts'
import { describeError } from '../ui/states.tsx'
import { Field, useDocumentTitle } from './ui.tsx'

/** Only a path inside this app: `?next=https://elsewhere` must not become an open redirect. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')
    ? next
    : '/assessments'
}

/** Sign in, or create an organization when the server allows sign-up. */
export function LoginPage() {
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const token = useStaffAuth((s) => s.token)
  const [mode, setMode] = useState<'login' | 'signup'>('login')
  const [signupDisabled, setSignupDisabled] = useState(false)
  useDocumentTitle(mode === 'login' ? 'Sign in' : 'Create an organization')
  if (token) return <Navigate to={next} replace />

  return (
    <main className="page narrow r-page r-login">
      <h1>{mode === 'login' ? 'Sign in to assess' : 'Create an organization'}</h1>
      {mode === 'login' ? (
        <LoginForm next={next} />
      ) : (
        <SignupForm
          next={next}
          onDisabled={() => {
            setSignupDisabled(true)
            setMode('login')
          }}
        />
      )}
      {signupDisabled ? (
        <p className="muted" role="status">
          Creating an organization is turned off on this server. Ask your administrator for an
          account.
        </p>
      ) : (
        <p>
          {mode === 'login' ? (
            <>
              New here?{' '}
              <button type="button" className="link" onClick={() => setMode('signup')}>
                Create an organization
              </button>
            </>
          ) : (
            <>
              Already have an account?{' '}
              <button type="button" className="link" onClick={() => setMode('login')}>
                Sign in instead
              </button>
            </>
          )}
        </p>
      )}
    </main>
  )
}

function useFinishSignIn(next: string) {
  const signIn = useStaffAuth((s) => s.signIn)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  return (res: StaffTokenResponse) => {
    // A previous account's lists must not flash up for this one.
    queryClient.clear()
    signIn(res.token, res.user)
    navigate(next, { replace: true })
  }
}

function fieldsOf(error: unknown): Record<string, string[]> {
  return error instanceof ApiError ? (error.details.fields ?? {}) : {}
}

/** The API's words, without the field list (those are shown next to their fields). */
function summaryOf(error: unknown): string {
  if (error instanceof ApiError && error.code === 'validation_failed')
    return 'Please correct the fields marked below.'
  return describeError(error)
}

function LoginForm({ next }: { next: string }) {
  const finish = useFinishSignIn(next)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const fields = fieldsOf(error)

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      finish(
        await request<StaffTokenResponse>('POST', '/api/auth/login', { body: { email, password } }),
      )
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-label="Sign in">
      <Field label="Email" errors={fields.email}>
        {(p) => (
          <input
            {...p}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <Field label="Password" errors={fields.password}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      {error ? (
        <p className="error" role="alert">
          {summaryOf(error)}
        </p>
      ) : null}
      <div className="row r-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  )
}

function SignupForm({ next, onDisabled }: { next: string; onDisabled: () => void }) {
  const finish = useFinishSignIn(next)
  const [form, setForm] = useState({ organization_name: '', name: '', email: '', password: '' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const fields = fieldsOf(error)
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }))

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      finish(await request<StaffTokenResponse>('POST', '/api/auth/signup', { body: form }))
    } catch (err) {
      if (err instanceof ApiError && err.code === 'signup_disabled') return onDisabled()
      setError(err)
      setBusy(false)
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-label="Create an organization">
      <Field label="Organization name" errors={fields.organization_name}>
        {(p) => (
          <input
            {...p}
            autoComplete="organization"
            required
            value={form.organization_name}
            onChange={set('organization_name')}
          />
        )}
      </Field>
      <Field label="Your name" errors={fields.name}>
        {(p) => (
          <input {...p} autoComplete="name" required value={form.name} onChange={set('name')} />
        )}
      </Field>
      <Field label="Email" errors={fields.email}>
        {(p) => (
          <input
            {...p}
            type="email"
            autoComplete="email"
            required
            value={form.email}
            onChange={set('email')}
          />
        )}
      </Field>
      <Field label="Password" hint="At least 8 characters." errors={fields.password}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            required
            value={form.password}
            onChange={set('password')}
          />
        )}
      </Field>
      {error ? (
        <p className="error" role="alert">
          {summaryOf(error)}
        </p>
      ) : null}
      <div className="row r-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create organization'}
        </button>
      </div>
    </form>
  )
}
