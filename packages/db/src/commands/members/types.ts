import type { memberInvitations, users } from '../../schema/index.ts'

export type MemberRow = typeof users.$inferSelect
export type MemberInvitationRow = typeof memberInvitations.$inferSelect

/** Member invitations last this long; inviting the address again replaces the link. */
export const MEMBER_INVITATION_TTL_MS = 7 * 24 * 3_600_000
