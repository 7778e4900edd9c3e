import { z } from 'zod'
import { SessionView } from './sessions.ts'

/** Why a recruiter acted: required, shown in the timeline (and to the candidate for a pause). */
export const ProctorReason = z.string().trim().min(1).max(500)

export const ProctorInput = z.object({ reason: ProctorReason })
export type ProctorInput = z.infer<typeof ProctorInput>

export const ExtendInput = z.object({
  minutes: z.number().int().min(1).max(600),
  reason: ProctorReason,
})
export type ExtendInput = z.infer<typeof ExtendInput>

/** A proctor action's result: the session as it now stands, with the server's timers. */
export const ProctorResult = z.object({
  session: SessionView,
  question_remaining_ms: z.number().nullable(),
  session_remaining_ms: z.number().nullable(),
  server_time: z.iso.datetime(),
})
export type ProctorResult = z.infer<typeof ProctorResult>
