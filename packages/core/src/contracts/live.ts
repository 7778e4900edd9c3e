import { z } from 'zod'
import {
  AnswerGradingStatus as GradingStatus,
  SessionRecommendation as Recommendation,
} from './grades.ts'
import { CompletionMethod, IntegrityEventType, SessionStatus } from './sessions.ts'

/**
 * Live monitoring (GET /api/live): one envelope per session event, published by the API and the
 * worker after the change commits, and streamed to the organization's staff as Server-Sent Events
 * (`event:` is the type, `data:` the envelope as JSON, `id:` its position in the stream).
 */
export const LIVE_EVENT_TYPES = [
  'session.started',
  'answer.submitted',
  'integrity.event',
  'session.paused',
  'session.resumed',
  'session.extended',
  'session.cancelled',
  'session.completed',
  'answer.graded',
  'session.summarized',
] as const
export const LiveEventType = z.enum(LIVE_EVENT_TYPES)
export type LiveEventType = z.infer<typeof LiveEventType>

const iso = z.iso.datetime()
// Local, as in results.ts: the grading contracts may name their own.
/** A recruiter's action on a session: who, and the reason they gave. */
const ProctorAction = { reason: z.string(), by_user_id: z.uuid() }

/** What each type carries in `data`. */
export const LiveEventData = {
  'session.started': z.object({
    assessment_title: z.string(),
    attempt_number: z.number().int(),
    total_questions: z.number().int(),
    expires_at: iso.nullable(),
  }),
  'answer.submitted': z.object({
    answer_id: z.uuid(),
    question_id: z.uuid(),
    question_index: z.number().int(),
    time_expired: z.boolean(),
    progress_percent: z.number(),
  }),
  'integrity.event': z.object({
    types: z.array(IntegrityEventType).min(1).meta({ description: 'As the client sent them' }),
  }),
  'session.paused': z.object(ProctorAction),
  'session.resumed': z.object({ ...ProctorAction, expires_at: iso.nullable() }),
  'session.extended': z.object({
    ...ProctorAction,
    minutes: z.number().int(),
    expires_at: iso.nullable(),
  }),
  'session.cancelled': z.object(ProctorAction),
  'session.completed': z.object({
    status: SessionStatus.exclude(['active', 'paused']),
    completion_method: CompletionMethod,
    completed_at: iso,
    /** 100 unless the clock ended it with questions never reached. */
    progress_percent: z.number(),
  }),
  'answer.graded': z.object({
    answer_id: z.uuid(),
    question_id: z.uuid(),
    grading_status: GradingStatus,
    score: z.number().nullable(),
    max_score: z.number(),
  }),
  'session.summarized': z.object({
    final_score: z.number(),
    max_score: z.number(),
    percentage: z.number(),
    recommendation: Recommendation,
  }),
} satisfies Record<LiveEventType, z.ZodType>

const envelope = <T extends LiveEventType>(type: T) =>
  z.object({
    type: z.literal(type),
    /** The server's time of the change. */
    at: iso,
    session_id: z.uuid(),
    assessment_id: z.uuid(),
    /** Sent where the publisher knows it at no cost (session.started); else look it up. */
    candidate: z.object({ name: z.string(), email: z.string() }).optional(),
    data: LiveEventData[type],
  })

export const LiveEvent = z
  .discriminatedUnion('type', [
    envelope('session.started'),
    envelope('answer.submitted'),
    envelope('integrity.event'),
    envelope('session.paused'),
    envelope('session.resumed'),
    envelope('session.extended'),
    envelope('session.cancelled'),
    envelope('session.completed'),
    envelope('answer.graded'),
    envelope('session.summarized'),
  ])
  .meta({ id: 'LiveEvent' })
export type LiveEvent = z.infer<typeof LiveEvent>

/** A Redis stream id (`<ms>-<seq>`): what `id:` carries and `Last-Event-ID` sends back. */
export const LiveEventId = z
  .string()
  .regex(/^\d{1,20}-\d{1,20}$/, 'a stream id like 1700000000000-0')

export const LiveQuery = z.object({
  assessment_id: z.uuid().optional().meta({ description: 'Only this assessment’s sessions' }),
})
export const LiveHeaders = z.object({
  'last-event-id': LiveEventId.optional().meta({
    description: 'The last `id:` received: the events after it are replayed first',
  }),
})
