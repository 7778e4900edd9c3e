import { z } from 'zod'

/**
 * What each email template needs, written to `email_outbox.data` when the email is queued and
 * rendered by the worker when it sends. Links are absolute (the writer knows PUBLIC_URL).
 */
export const EmailData = {
  candidate_invitation: z.object({
    candidate_name: z.string().nullable(),
    org_name: z.string(),
    assessment_title: z.string(),
    duration_minutes: z.number().int().nullable(),
    extra_time_percent: z.number().int(),
    expires_at: z.string(),
    link: z.url(),
  }),
  member_invitation: z.object({
    name: z.string(),
    org_name: z.string(),
    role: z.enum(['admin', 'recruiter']),
    invited_by: z.string().nullable(),
    expires_at: z.string(),
    link: z.url(),
  }),
  results_ready: z.object({
    recruiter_name: z.string(),
    candidate_name: z.string().nullable(),
    candidate_email: z.string(),
    assessment_title: z.string(),
    percentage: z.number().nullable(),
    recommendation: z.string().nullable(),
    report_url: z.url(),
  }),
} as const

export type EmailKind = keyof typeof EmailData
export type EmailDataOf<K extends EmailKind> = z.infer<(typeof EmailData)[K]>
export const EMAIL_KINDS = Object.keys(EmailData) as EmailKind[]
