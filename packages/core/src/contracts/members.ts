import { z } from 'zod'
import { Password, StaffRole } from './auth.ts'
import { Email } from './common.ts'

/** POST /api/org/members: invite someone to the organization's staff. */
export const MemberInviteInput = z.object({
  email: Email,
  name: z.string().trim().min(1).max(200),
  role: StaffRole,
})
export type MemberInviteInput = z.infer<typeof MemberInviteInput>

/** PATCH /api/org/members/:id. */
export const MemberRoleInput = z.object({ role: StaffRole })
export type MemberRoleInput = z.infer<typeof MemberRoleInput>

/** POST /api/member-invitations/:token/accept: the new member's own name and password. */
export const MemberAcceptInput = z.object({
  name: z.string().trim().min(1).max(200),
  password: Password,
})
export type MemberAcceptInput = z.infer<typeof MemberAcceptInput>

export const MemberView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: StaffRole,
  status: z.enum(['active', 'deactivated']),
  created_at: z.iso.datetime(),
  deactivated_at: z.iso.datetime().nullable(),
})
export type MemberView = z.infer<typeof MemberView>

/**
 * PATCH /api/org/members/:id, DELETE /api/org/members/:id and POST
 * /api/org/members/:id/reactivate: the member as it now stands.
 */
export const MemberResponse = z.object({ member: MemberView })
export type MemberResponse = z.infer<typeof MemberResponse>

export const MemberInvitationView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: StaffRole,
  /** `expired` is derived from expires_at. */
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  invited_by: z.uuid().nullable(),
  expires_at: z.iso.datetime(),
  accepted_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
})
export type MemberInvitationView = z.infer<typeof MemberInvitationView>

/** DELETE /api/org/member-invitations/:id: the revoked invitation. */
export const MemberInvitationResponse = z.object({ invitation: MemberInvitationView })
export type MemberInvitationResponse = z.infer<typeof MemberInvitationResponse>

/** GET /api/org/members: members (oldest first) and open member invitations (newest first). */
export const MemberList = z.object({
  members: z.array(MemberView),
  invitations: z.array(MemberInvitationView),
})
export type MemberList = z.infer<typeof MemberList>

/** POST /api/org/members: the invitation and its join link (in this response only). */
export const CreatedMemberInvitation = z.object({
  invitation: MemberInvitationView,
  invite_url: z.url(),
  /** Whether the link was emailed: queued, or not_configured (no SMTP: copy the link). */
  email: z.object({ status: z.enum(['queued', 'not_configured']) }),
})
export type CreatedMemberInvitation = z.infer<typeof CreatedMemberInvitation>

/** GET /api/member-invitations/:token: what the join page shows before the password is set. */
export const MemberInvitationPreview = z.object({
  org_name: z.string(),
  email: z.string(),
  name: z.string(),
  role: StaffRole,
  expires_at: z.iso.datetime(),
})
export type MemberInvitationPreview = z.infer<typeof MemberInvitationPreview>

/** GET /api/member-invitations/:token: the open invitation. */
export const MemberInvitationPreviewResponse = z.object({ invitation: MemberInvitationPreview })
export type MemberInvitationPreviewResponse = z.infer<typeof MemberInvitationPreviewResponse>
