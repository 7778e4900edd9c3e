import { z } from 'zod'
import { Email } from './common.ts'
import { SessionStatus } from './sessions.ts'

export const InvitationStatus = z.enum(['pending', 'accepted', 'revoked'])

export const InvitationCreateInput = z.object({
  // `.invalid` is reserved (RFC 2606): no mail reaches it, and staff previews' stand-in
  // candidates live there.
  email: Email.refine((e) => !e.endsWith('.invalid'), 'No mail can reach an address at .invalid'),
  name: z.string().trim().min(1).max(200).optional(),
  /** Accommodation: extends the session's overall duration by this percentage. */
  extra_time_percent: z.number().int().min(0).max(300).default(0),
  expires_in_hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  /** Email the link to the candidate (when the deployment has SMTP_URL); it is shown either way. */
  send_email: z.boolean().default(false),
})
export type InvitationCreateInput = z.infer<typeof InvitationCreateInput>

/**
 * What became of `send_email`: `queued` (the email is in the outbox, sent by the worker),
 * `not_configured` (no SMTP_URL: copy the link), `not_requested`.
 */
export const InvitationEmailStatus = z.enum(['queued', 'not_configured', 'not_requested'])
export type InvitationEmailStatus = z.infer<typeof InvitationEmailStatus>

export const InvitationView = z.object({
  id: z.uuid(),
  assessment_id: z.uuid(),
  candidate_id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  /** `expired` is derived from expires_at; the stored status stays pending or accepted. */
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  extra_time_percent: z.number(),
  /** Attempts granted on top of the assessment's max_attempts. */
  extra_attempts: z.number().int(),
  expires_at: z.iso.datetime(),
  accepted_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  /** In the list: the candidate's latest attempt on it (null: not started), so its status follows. */
  latest_session: z
    .object({
      id: z.uuid(),
      status: SessionStatus,
      evaluation_status: z.enum(['pending', 'grading', 'done', 'failed']),
    })
    .nullable()
    .optional(),
})
export type InvitationView = z.infer<typeof InvitationView>

/** GET /api/assessments/:id/invitations: a page of invitations, newest first. */
export const InvitationList = z.object({
  invitations: z.array(InvitationView),
  next_cursor: z.string().nullable(),
})
export type InvitationList = z.infer<typeof InvitationList>

/**
 * DELETE /api/invitations/:id (the revoked invitation) and POST
 * /api/invitations/:id/extra-attempt (the invitation with its extra attempts).
 */
export const InvitationResponse = z.object({ invitation: InvitationView })
export type InvitationResponse = z.infer<typeof InvitationResponse>

/** POST /api/assessments/:id/invitations: the token and link are in this response only. */
export const CreatedInvitation = z.object({
  invitation: InvitationView,
  token: z.string(),
  url: z.url(),
  /** Whether the link was emailed: queued, not_configured (no SMTP), not_requested. */
  email: z.object({ status: InvitationEmailStatus }),
})
export type CreatedInvitation = z.infer<typeof CreatedInvitation>

/** What a candidate sees after accepting: enough for the start page, nothing that grades. */
export const CandidateAssessmentView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  duration_minutes: z.number().nullable(),
  effective_duration_minutes: z.number().nullable(),
  extra_time_percent: z.number(),
  navigation: z.enum(['sequential', 'free']),
  question_count: z.number(),
  total_points: z.number(),
  sections: z.array(z.string()),
  question_time_limits_seconds: z.array(z.number().nullable()),
  max_attempts: z.number(),
  attempts_used: z.number(),
  preview: z.boolean().meta({
    description: "A staff member's own try (POST /api/assessments/{id}/preview): it counts nowhere",
  }),
})
export type CandidateAssessmentView = z.infer<typeof CandidateAssessmentView>

/** POST /api/invitations/:token/accept: a candidate token scoped to the assessment. */
export const AcceptedInvitation = z.object({
  token: z.string(),
  candidate: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
  assessment: CandidateAssessmentView,
})
export type AcceptedInvitation = z.infer<typeof AcceptedInvitation>
