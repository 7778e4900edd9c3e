import type { InvitationResponse, InvitationView } from '@assess/core'
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useRef, useState } from 'react'
import { Link } from 'react-router'
import { ApiError } from '../api/client.ts'
import { describeError, ErrorNote, Loading } from '../ui/states.tsx'
import { type CreatedInvitation, type InvitationList, keys, query, useStaffApi } from './api.ts'
import { copyText, selectContents } from './clipboard.ts'
import { formatDateTime } from './format.ts'
import { ExtraAttemptButton } from './proctor/ExtraAttempt.tsx'
import { ConfirmDialog, Field, LoadMore, StatusBadge } from './ui.tsx'

/** "Invite a candidate": creates the invitation and shows its one-time link. */
export function InviteForm({ assessmentId }: { assessmentId: string }) {
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [extra, setExtra] = useState('0')
  const [days, setDays] = useState('7')
  const [sendEmail, setSendEmail] = useState(false)
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({})
  const [created, setCreated] = useState<CreatedInvitation | null>(null)

  const create = useMutation({
    mutationFn: (body: object) =>
      api<CreatedInvitation>('POST', `/api/assessments/${assessmentId}/invitations`, body),
    onSuccess: (res) => {
      setCreated(res)
      setEmail('')
      setName('')
      setExtra('0')
      void queryClient.invalidateQueries({ queryKey: keys.invitations(assessmentId) })
    },
  })
  const apiFields =
    create.error instanceof ApiError ? (create.error.details.fields ?? {}) : ({} as const)
  const fields = { ...apiFields, ...localErrors }

  function submit(e: FormEvent) {
    e.preventDefault()
    const errors: Record<string, string[]> = {}
    const extraPercent = Number(extra.trim() || '0')
    if (!Number.isInteger(extraPercent) || extraPercent < 0 || extraPercent > 300)
      errors.extra_time_percent = ['Enter a whole number from 0 to 300.']
    const validDays = Number(days.trim())
    if (!Number.isInteger(validDays) || validDays < 1 || validDays > 90)
      errors.expires_in_hours = ['Enter a whole number of days from 1 to 90.']
    setLocalErrors(errors)
    if (Object.keys(errors).length) return
    setCreated(null)
    create.mutate({
      email,
      ...(name.trim() && { name: name.trim() }),
      extra_time_percent: extraPercent,
      expires_in_hours: validDays * 24,
      send_email: sendEmail,
    })
  }

  return (
    <section className="card r-section" aria-labelledby="r-invite-title">
      <h2 id="r-invite-title">Invite a candidate</h2>
      <form onSubmit={submit} noValidate aria-label="Invite a candidate">
        <div className="r-grid">
          <Field label="Candidate email" errors={fields.email}>
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="off"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label="Candidate name (optional)" errors={fields.name}>
            {(p) => (
              <input
                {...p}
                autoComplete="off"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Extra time (%)"
            hint="Accommodation: lengthens the overall duration."
            errors={fields.extra_time_percent}
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={0}
                max={300}
                step={5}
                value={extra}
                onChange={(e) => setExtra(e.target.value)}
              />
            )}
          </Field>
          <Field label="Link valid for (days)" errors={fields.expires_in_hours}>
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={1}
                max={90}
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            )}
          </Field>
        </div>
        <label className="r-check">
          <input
            type="checkbox"
            checked={sendEmail}
            onChange={(e) => setSendEmail(e.target.checked)}
          />
          Send the link by email
        </label>
        {create.isError ? (
          <p className="error" role="alert">
            {create.error instanceof ApiError && create.error.code === 'validation_failed'
              ? 'Please correct the fields marked above.'
              : describeError(create.error)}
          </p>
        ) : null}
        <div className="row r-actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create invitation'}
          </button>
        </div>
      </form>
      {created ? <CreatedLink created={created} /> : null}
    </section>
  )
}

function CreatedLink({ created }: { created: CreatedInvitation }) {
  const linkRef = useRef<HTMLElement>(null)
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const who = created.invitation.name
    ? `${created.invitation.name} <${created.invitation.email}>`
    : created.invitation.email
  return (
    <div className="r-link-box" role="status">
      <p>
        <strong>Invitation created for {who}.</strong>{' '}
        {created.email.status === 'queued'
          ? 'The link is on its way by email; it is also shown here, only once'
          : 'Send them this link; it is shown only once'}{' '}
        (inviting the same email again replaces it).
      </p>
      {created.email.status === 'not_configured' ? (
        <p className="warning" data-testid="email-not-configured">
          Email is not configured on this server (no SMTP_URL): nothing was sent. Copy the link and
          send it yourself.
        </p>
      ) : null}
      <div className="row">
        <code className="r-link" data-testid="invitation-link" ref={linkRef}>
          {created.url}
        </code>
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            const ok = await copyText(created.url)
            setCopyState(ok ? 'copied' : 'failed')
            if (!ok) selectContents(linkRef.current)
          }}
        >
          Copy link
        </button>
        <span aria-live="polite" className={copyState === 'failed' ? 'warning' : 'ok'}>
          {copyState === 'copied'
            ? 'Copied to the clipboard.'
            : copyState === 'failed'
              ? 'Could not copy: the link is selected, press Ctrl+C (⌘C on a Mac).'
              : ''}
        </span>
      </div>
      <p className="muted">Valid until {formatDateTime(created.invitation.expires_at)}.</p>
    </div>
  )
}

/** The assessment's invitations, newest first, each revocable while it is live. */
export function InvitationsList({ assessmentId }: { assessmentId: string }) {
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const [confirming, setConfirming] = useState<InvitationView | null>(null)
  const list = useInfiniteQuery({
    queryKey: keys.invitations(assessmentId),
    queryFn: ({ pageParam }) =>
      api<InvitationList>(
        'GET',
        `/api/assessments/${assessmentId}/invitations${query({ limit: 50, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })
  const revoke = useMutation({
    mutationFn: (id: string) => api<InvitationResponse>('DELETE', `/api/invitations/${id}`),
    onSuccess: () => {
      setConfirming(null)
      void queryClient.invalidateQueries({ queryKey: keys.invitations(assessmentId) })
    },
  })
  const rows = list.data?.pages.flatMap((p) => p.invitations) ?? []

  return (
    <section aria-labelledby="r-invitations-title">
      <h2 id="r-invitations-title">Invitations</h2>
      {list.isPending ? (
        <Loading label="Loading invitations…" />
      ) : !list.data ? (
        <ErrorNote error={list.error} onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <p className="muted">No invitations yet.</p>
      ) : (
        <>
          {revoke.isError ? <ErrorNote error={revoke.error} /> : null}
          <div className="table-wrap">
            <table>
              <caption className="r-sr-only">Invitations</caption>
              <thead>
                <tr>
                  <th scope="col">Candidate</th>
                  <th scope="col">Status</th>
                  <th scope="col">Extra</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Invited</th>
                  <th scope="col">
                    <span className="r-sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((inv) => (
                  <tr key={inv.id}>
                    <td>
                      {inv.name && inv.name !== inv.email ? (
                        <>
                          {inv.name}
                          <br />
                          <span className="muted">{inv.email}</span>
                        </>
                      ) : (
                        inv.email
                      )}
                    </td>
                    <td>
                      <InvitationStatus invitation={inv} />
                    </td>
                    <td>
                      {inv.extra_time_percent ? `+${inv.extra_time_percent}%` : '—'}
                      {inv.extra_attempts
                        ? ` · +${inv.extra_attempts} attempt${inv.extra_attempts === 1 ? '' : 's'}`
                        : ''}
                    </td>
                    <td>{formatDateTime(inv.expires_at)}</td>
                    <td>{formatDateTime(inv.created_at)}</td>
                    <td>
                      {inv.status === 'accepted' ? <ExtraAttemptButton invitation={inv} /> : null}
                      {inv.status === 'pending' || inv.status === 'accepted' ? (
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => {
                            revoke.reset()
                            setConfirming(inv)
                          }}
                        >
                          Revoke<span className="r-sr-only"> invitation for {inv.email}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore list={list} />
        </>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title="Revoke this invitation?"
        confirmLabel="Revoke link"
        danger
        busy={revoke.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && revoke.mutate(confirming.id)}
      >
        <p>
          {confirming?.email} will no longer be able to open this link or start the test. A test in
          progress ends at once (cancelled); the answers already submitted are kept.
        </p>
        {revoke.isError ? <ErrorNote error={revoke.error} /> : null}
      </ConfirmDialog>
    </section>
  )
}

/**
 * The invitation's status, following the candidate: started, then finished with a link to the
 * report (once graded, "completed" says so).
 */
function InvitationStatus({ invitation: inv }: { invitation: InvitationView }) {
  const session = inv.latest_session
  if (!session || inv.status === 'revoked') return <StatusBadge status={inv.status} />
  if (session.status === 'active' || session.status === 'paused')
    return (
      <>
        <StatusBadge status={session.status === 'active' ? 'in_progress' : 'paused'} />{' '}
        <Link to={`/results/${session.id}`}>
          Watch<span className="r-sr-only"> {inv.email}'s test</span>
        </Link>
      </>
    )
  return (
    <>
      <StatusBadge status={session.status} />
      {session.evaluation_status === 'done' ? null : <span className="muted"> · grading</span>}{' '}
      <Link to={`/results/${session.id}`}>
        View report<span className="r-sr-only"> for {inv.email}</span>
      </Link>
    </>
  )
}
