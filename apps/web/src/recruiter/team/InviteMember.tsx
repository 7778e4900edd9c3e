import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useRef, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { describeError } from '../../ui/states.tsx'
import { keys, useStaffApi } from '../api.ts'
import { copyText, selectContents } from '../clipboard.ts'
import { formatDateTime } from '../format.ts'
import { Field } from '../ui.tsx'
import { type CreatedMemberInvitation, ROLE_HINT, ROLE_LABELS, type StaffRole } from './api.ts'

/** "Invite a member": creates the invitation and shows its one-time join link. */
export function InviteMember() {
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const [form, setForm] = useState({ email: '', name: '', role: 'recruiter' as StaffRole })
  const [created, setCreated] = useState<CreatedMemberInvitation | null>(null)
  const invite = useMutation({
    mutationFn: (body: typeof form) =>
      api<CreatedMemberInvitation>('POST', '/api/org/members', body),
    onSuccess: (res) => {
      setCreated(res)
      setForm({ email: '', name: '', role: 'recruiter' })
      void queryClient.invalidateQueries({ queryKey: keys.team })
    },
  })
  const fields = invite.error instanceof ApiError ? (invite.error.details.fields ?? {}) : {}

  function submit(e: FormEvent) {
    e.preventDefault()
    setCreated(null)
    invite.mutate({ ...form, email: form.email.trim(), name: form.name.trim() })
  }

  return (
    <section className="card r-section" aria-labelledby="r-invite-member-title">
      <h2 id="r-invite-member-title">Invite a member</h2>
      <form onSubmit={submit} noValidate aria-label="Invite a member">
        <div className="r-grid">
          <Field label="Email" errors={fields.email}>
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="off"
                required
                value={form.email}
                onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
              />
            )}
          </Field>
          <Field label="Name" errors={fields.name}>
            {(p) => (
              <input
                {...p}
                autoComplete="off"
                required
                value={form.name}
                onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
              />
            )}
          </Field>
          <Field label="Role" hint={ROLE_HINT} errors={fields.role}>
            {(p) => (
              <select
                {...p}
                value={form.role}
                onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as StaffRole }))}
              >
                <option value="recruiter">{ROLE_LABELS.recruiter}</option>
                <option value="admin">{ROLE_LABELS.admin}</option>
              </select>
            )}
          </Field>
        </div>
        {invite.isError ? (
          <p className="error" role="alert">
            {invite.error instanceof ApiError && invite.error.code === 'validation_failed'
              ? 'Please correct the fields marked above.'
              : describeError(invite.error)}
          </p>
        ) : null}
        <div className="row r-actions">
          <button type="submit" disabled={invite.isPending}>
            {invite.isPending ? 'Inviting…' : 'Create invitation'}
          </button>
        </div>
      </form>
      {created ? <JoinLink created={created} /> : null}
    </section>
  )
}

function JoinLink({ created }: { created: CreatedMemberInvitation }) {
  const linkRef = useRef<HTMLElement>(null)
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const { invitation } = created
  return (
    <div className="r-link-box" role="status">
      <p>
        <strong>
          {invitation.name} &lt;{invitation.email}&gt; is invited as{' '}
          {ROLE_LABELS[invitation.role].toLowerCase()}.
        </strong>{' '}
        {created.email.status === 'queued'
          ? 'An email with this link is on its way. '
          : 'Email is not set up on this server: send them this link yourself. '}
        The link is shown only once (inviting the same email again replaces it).
      </p>
      <div className="row">
        <code className="r-link" data-testid="member-invitation-link" ref={linkRef}>
          {created.invite_url}
        </code>
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            const ok = await copyText(created.invite_url)
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
      <p className="muted">Valid until {formatDateTime(invitation.expires_at)}.</p>
    </div>
  )
}
