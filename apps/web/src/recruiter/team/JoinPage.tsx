import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { ApiError, request } from '../../api/client.ts'
import { useStaffAuth } from '../../auth/store.ts'
import { describeError, ErrorNote, Loading } from '../../ui/states.tsx'
import { formatDateTime } from '../format.ts'
import { Field, useDocumentTitle } from '../ui.tsx'
import {
  type MemberInvitationPreview,
  type MemberInvitationPreviewResponse,
  ROLE_LABELS,
  type StaffTokenResponse,
} from './api.ts'

/** /join/:token — a member invitation: choose a name and password, and land signed in. */
export function JoinPage() {
  useDocumentTitle('Join your team')
  const { token = '' } = useParams()
  const invitation = useQuery({
    queryKey: ['join', token],
    queryFn: () =>
      request<MemberInvitationPreviewResponse>(
        'GET',
        `/api/member-invitations/${encodeURIComponent(token)}`,
      ),
    retry: false,
  })

  return (
    <main className="page narrow r-page r-login" aria-busy={invitation.isPending}>
      {invitation.isPending ? <Loading label="Opening your invitation…" /> : null}
      {invitation.isError ? (
        <>
          <h1>We could not open this invitation</h1>
          <ErrorNote error={invitation.error} />
        </>
      ) : null}
      {invitation.data ? <JoinForm token={token} invitation={invitation.data.invitation} /> : null}
    </main>
  )
}

function JoinForm({ token, invitation }: { token: string; invitation: MemberInvitationPreview }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const signIn = useStaffAuth((s) => s.signIn)
  const [name, setName] = useState(invitation.name)
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const fields = error instanceof ApiError ? (error.details.fields ?? {}) : {}

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const joined = await request<StaffTokenResponse>(
        'POST',
        `/api/member-invitations/${encodeURIComponent(token)}/accept`,
        { body: { name, password } },
      )
      // Whoever was signed in on this browser before must not leave anything behind.
      queryClient.clear()
      signIn(joined.token, joined.user)
      navigate('/assessments', { replace: true })
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <>
      <h1>Join {invitation.org_name}</h1>
      <p>
        You are invited as {ROLE_LABELS[invitation.role].toLowerCase()} with{' '}
        <strong>{invitation.email}</strong>. Choose your name and a password to sign in with.
      </p>
      <form className="card" onSubmit={submit} noValidate aria-label="Join the team">
        <Field label="Your name" errors={fields.name}>
          {(p) => (
            <input
              {...p}
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
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
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {error ? (
          <p className="error" role="alert">
            {error instanceof ApiError && error.code === 'validation_failed'
              ? 'Please correct the fields marked above.'
              : describeError(error)}
          </p>
        ) : null}
        <div className="row r-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Joining…' : 'Join and sign in'}
          </button>
        </div>
      </form>
      <p className="muted">
        This invitation is valid until {formatDateTime(invitation.expires_at)}.
      </p>
    </>
  )
}
