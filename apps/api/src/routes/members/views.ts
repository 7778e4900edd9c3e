import type { MemberInvitationView, MemberView, StaffRole } from '@assess/core'
import type { MemberInvitationRow, MemberRow } from '@assess/db'

const iso = (d: Date | null) => (d ? d.toISOString() : null)
// Member rows are staff rows (the commands filter candidates out).
const staffRole = (role: string): StaffRole => (role === 'admin' ? 'admin' : 'recruiter')

export const memberView = (u: MemberRow): MemberView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: staffRole(u.role),
  status: u.deactivatedAt ? 'deactivated' : 'active',
  created_at: u.createdAt.toISOString(),
  deactivated_at: iso(u.deactivatedAt),
})

export function memberInvitationView(i: MemberInvitationRow, now: Date): MemberInvitationView {
  const status = i.acceptedAt
    ? 'accepted'
    : i.revokedAt
      ? 'revoked'
      : i.expiresAt.getTime() <= now.getTime()
        ? 'expired'
        : 'pending'
  return {
    id: i.id,
    email: i.email,
    name: i.name,
    role: staffRole(i.role),
    status,
    invited_by: i.invitedBy,
    expires_at: i.expiresAt.toISOString(),
    accepted_at: iso(i.acceptedAt),
    revoked_at: iso(i.revokedAt),
    created_at: i.createdAt.toISOString(),
  }
}
