import type {
  MemberInvitationPreview,
  MemberInvitationView,
  MemberView,
  StaffRole,
  UserView,
} from '@assess/core'

export type { MemberInvitationPreview, MemberInvitationView, MemberView, StaffRole }

/** GET /api/org/members. */
export interface Team {
  members: MemberView[]
  invitations: MemberInvitationView[]
}

/** POST /api/org/members: the link is in this response only. */
export interface CreatedMemberInvitation {
  invitation: MemberInvitationView
  invite_url: string
  email: { status: 'queued' | 'not_configured' }
}

/** POST /api/member-invitations/:token/accept. */
export interface JoinedTeam {
  token: string
  user: UserView
}

export const ROLE_LABELS: Record<StaffRole, string> = {
  admin: 'Admin',
  recruiter: 'Recruiter',
}

export const ROLE_HINT = 'Admins also manage the team and webhooks; recruiters do everything else.'
