import type { invitations } from '../../schema/index.ts'

export type InvitationRow = typeof invitations.$inferSelect
