import type { StaffRole } from '@assess/core'

/** The team's response shapes, from the shared contracts. */
export type {
  CreatedMemberInvitation,
  CurrentUserResponse,
  MemberInvitationPreview,
  MemberInvitationPreviewResponse,
  MemberInvitationResponse,
  MemberInvitationView,
  MemberList,
  MemberResponse,
  MemberView,
  StaffRole,
  StaffTokenResponse,
} from '@assess/core'

export const ROLE_LABELS: Record<StaffRole, string> = {
  admin: 'Admin',
  recruiter: 'Recruiter',
}

export const ROLE_HINT = 'Admins also manage the team and webhooks; recruiters do everything else.'
