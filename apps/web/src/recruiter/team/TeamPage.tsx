import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useStaffAuth } from '../../auth/store.ts'
import { ErrorNote, Loading } from '../../ui/states.tsx'
import { keys, useStaffApi } from '../api.ts'
import { formatDate, formatDateTime } from '../format.ts'
import { ConfirmDialog, StatusBadge, useDocumentTitle } from '../ui.tsx'
import {
  type MemberInvitationResponse,
  type MemberInvitationView,
  type MemberList,
  type MemberResponse,
  type MemberView,
  ROLE_LABELS,
  type StaffRole,
} from './api.ts'
import { InviteMember } from './InviteMember.tsx'

/** What an admin is about to do that needs a second thought. */
type Pending =
  | { kind: 'deactivate'; member: MemberView }
  | { kind: 'role'; member: MemberView; role: StaffRole }
  | { kind: 'revoke'; invitation: MemberInvitationView }

/** /team: the organization's members and open invitations (admins only). */
export function TeamPage() {
  useDocumentTitle('Team')
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const me = useStaffAuth((s) => s.user)
  const [pending, setPending] = useState<Pending | null>(null)
  const team = useQuery({
    queryKey: keys.team,
    queryFn: () => api<MemberList>('GET', '/api/org/members'),
  })
  const changed = () => {
    setPending(null)
    void queryClient.invalidateQueries({ queryKey: keys.team })
    // The signed-in admin may have changed their own role: the navigation follows.
    void queryClient.invalidateQueries({ queryKey: keys.me })
  }
  const act = useMutation({
    mutationFn: (
      p: Pending | { kind: 'reactivate'; member: MemberView },
    ): Promise<MemberResponse | MemberInvitationResponse> => {
      switch (p.kind) {
        case 'deactivate':
          return api<MemberResponse>('DELETE', `/api/org/members/${p.member.id}`)
        case 'reactivate':
          return api<MemberResponse>('POST', `/api/org/members/${p.member.id}/reactivate`)
        case 'role':
          return api<MemberResponse>('PATCH', `/api/org/members/${p.member.id}`, { role: p.role })
        case 'revoke':
          return api<MemberInvitationResponse>(
            'DELETE',
            `/api/org/member-invitations/${p.invitation.id}`,
          )
      }
    },
    onSuccess: changed,
  })
  const ask = (p: Pending) => {
    act.reset()
    setPending(p)
  }

  return (
    <main className="page r-page">
      <h1>Team</h1>
      <p className="muted">
        Admins manage the team and webhooks; recruiters build assessments, invite candidates and
        read results. A deactivated member is signed out at once and cannot sign in.
      </p>
      {team.isPending ? (
        <Loading label="Loading the team…" />
      ) : !team.data ? (
        <ErrorNote error={team.error} onRetry={() => team.refetch()} />
      ) : (
        <>
          <InviteMember />
          {act.isError && pending === null ? <ErrorNote error={act.error} /> : null}
          <MembersTable
            members={team.data.members}
            myId={me?.id}
            busy={act.isPending}
            onRole={(member, role) =>
              member.id === me?.id
                ? ask({ kind: 'role', member, role })
                : act.mutate({ kind: 'role', member, role })
            }
            onDeactivate={(member) => ask({ kind: 'deactivate', member })}
            onReactivate={(member) => act.mutate({ kind: 'reactivate', member })}
          />
          <InvitationsTable
            invitations={team.data.invitations}
            onRevoke={(invitation) => ask({ kind: 'revoke', invitation })}
          />
        </>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending ? confirmTitle(pending, me?.id) : ''}
        confirmLabel={pending ? confirmLabel(pending) : ''}
        danger
        busy={act.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => pending && act.mutate(pending)}
      >
        <p>{pending ? confirmText(pending, me?.id) : null}</p>
        {act.isError ? <ErrorNote error={act.error} /> : null}
      </ConfirmDialog>
    </main>
  )
}

function MembersTable(props: {
  members: MemberView[]
  myId: string | undefined
  busy: boolean
  onRole: (member: MemberView, role: StaffRole) => void
  onDeactivate: (member: MemberView) => void
  onReactivate: (member: MemberView) => void
}) {
  return (
    <section aria-labelledby="r-members-title">
      <h2 id="r-members-title">Members</h2>
      <div className="table-wrap">
        <table>
          <caption className="r-sr-only">Members</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="r-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.members.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.name}
                  {m.id === props.myId ? <span className="muted"> (you)</span> : null}
                  <br />
                  <span className="muted">{m.email}</span>
                </td>
                <td>
                  <label className="r-sr-only" htmlFor={`role-${m.id}`}>
                    Role of {m.name}
                  </label>
                  <select
                    id={`role-${m.id}`}
                    value={m.role}
                    disabled={props.busy}
                    onChange={(e) => props.onRole(m, e.target.value as StaffRole)}
                  >
                    <option value="recruiter">{ROLE_LABELS.recruiter}</option>
                    <option value="admin">{ROLE_LABELS.admin}</option>
                  </select>
                </td>
                <td>
                  <StatusBadge status={m.status} />
                  {m.deactivated_at ? (
                    <span className="muted"> since {formatDate(m.deactivated_at)}</span>
                  ) : null}
                </td>
                <td>{formatDate(m.created_at)}</td>
                <td>
                  {m.status === 'active' ? (
                    <button
                      type="button"
                      className="secondary"
                      disabled={props.busy}
                      onClick={() => props.onDeactivate(m)}
                    >
                      Deactivate<span className="r-sr-only"> {m.name}</span>
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="secondary"
                      disabled={props.busy}
                      onClick={() => props.onReactivate(m)}
                    >
                      Reactivate<span className="r-sr-only"> {m.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function InvitationsTable(props: {
  invitations: MemberInvitationView[]
  onRevoke: (invitation: MemberInvitationView) => void
}) {
  return (
    <section aria-labelledby="r-member-invitations-title">
      <h2 id="r-member-invitations-title">Open invitations</h2>
      {props.invitations.length === 0 ? (
        <p className="muted">No open invitations.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="r-sr-only">Open invitations</caption>
            <thead>
              <tr>
                <th scope="col">Invited</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">Sent</th>
                <th scope="col">
                  <span className="r-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.invitations.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.name}
                    <br />
                    <span className="muted">{i.email}</span>
                  </td>
                  <td>{ROLE_LABELS[i.role]}</td>
                  <td>{formatDateTime(i.expires_at)}</td>
                  <td>{formatDateTime(i.created_at)}</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => props.onRevoke(i)}>
                      Revoke<span className="r-sr-only"> invitation for {i.email}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function confirmTitle(p: Pending, myId: string | undefined): string {
  if (p.kind === 'revoke') return 'Revoke this invitation?'
  if (p.kind === 'role') return 'Change your own role?'
  return p.member.id === myId ? 'Deactivate your own account?' : `Deactivate ${p.member.name}?`
}

function confirmLabel(p: Pending): string {
  return p.kind === 'revoke' ? 'Revoke link' : p.kind === 'role' ? 'Change my role' : 'Deactivate'
}

function confirmText(p: Pending, myId: string | undefined): string {
  if (p.kind === 'revoke')
    return `${p.invitation.email} will no longer be able to join with the link they were sent.`
  if (p.kind === 'role')
    return `You will be a ${ROLE_LABELS[p.role].toLowerCase()} from your next click on, and will no longer manage the team.`
  if (p.member.id === myId)
    return 'You will be signed out at once and will not be able to sign in again until another admin reactivates you.'
  return `${p.member.name} (${p.member.email}) will be signed out at once and will not be able to sign in. Their assessments and results stay. You can reactivate them later.`
}
