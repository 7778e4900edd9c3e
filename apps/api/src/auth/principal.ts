import { z } from 'zod'

/** Claims of a staff token (ours, or an external identity provider's when JWT_JWKS_URL is set). */
export const StaffClaims = z.object({
  sub: z.uuid(),
  role: z.enum(['admin', 'recruiter']),
  org_id: z.uuid(),
  token_type: z.literal('staff'),
})

/** Claims of a candidate token: scoped to one assessment through one invitation. */
export const CandidateClaims = z.object({
  sub: z.uuid(),
  role: z.literal('candidate'),
  org_id: z.uuid(),
  token_type: z.literal('candidate'),
  assessment_id: z.uuid(),
  invitation_id: z.uuid(),
  /** A staff member's preview ("take it as a candidate"): absent on a real candidate's token. */
  preview: z.literal(true).optional(),
})

export const Claims = z.discriminatedUnion('token_type', [StaffClaims, CandidateClaims])

export interface StaffPrincipal {
  kind: 'staff'
  userId: string
  orgId: string
  role: 'admin' | 'recruiter'
  /** When the token stops working (ms since the epoch): long-lived streams end then. */
  expiresAtMs: number
}
export interface CandidatePrincipal {
  kind: 'candidate'
  candidateId: string
  orgId: string
  assessmentId: string
  invitationId: string
  /** A staff member trying the assessment: live monitoring hears nothing of it. */
  preview: boolean
}
export type Principal = StaffPrincipal | CandidatePrincipal
