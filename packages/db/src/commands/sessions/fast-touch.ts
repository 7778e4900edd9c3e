import type { DraftVersions, ProgressInput } from '@assess/core'
import type postgres from 'postgres'
import type { AssessmentDefinition } from './definition.ts'
import { loadDefinition } from './definition.ts'
import { rowsOfCalls, tickStatements } from './tick-statements.ts'
import type { CandidateScope, SessionContext, SessionRow } from './types.ts'

/** What a heartbeat, an activity ping or a draft save answers with. */
export type TouchedSession = Pick<
  SessionRow,
  | 'status'
  | 'startedAt'
  | 'expiresAt'
  | 'extraTimePercent'
  | 'currentQuestionIndex'
  | 'currentQuestionServedAt'
  | 'questionServedAt'
  | 'lastHeartbeat'
  | 'lastActivity'
  | 'sectionsCompleted'
  | 'flaggedQuestionIds'
>

export interface Touched {
  session: TouchedSession
  definition: AssessmentDefinition
  now: Date
  /** A progress save's drafts: the ones written, and the ones refused as older than stored. */
  drafts?: DraftOutcome
}

/** Per question: the revision written, or why not (another tab's newer draft, returned). */
export interface DraftOutcome {
  saved: Record<string, number>
  conflicts: Record<string, { revision: number; answer: unknown }>
}

/**
 * Sorts a save's drafts by what the stored versions say now (after the write): the ones this
 * save (`write`) wrote, and the refused ones with the stored text. An answered question keeps
 * no draft: nothing to refuse.
 */
export function draftOutcome(
  sent: string[],
  versions: DraftVersions,
  drafts: Record<string, unknown>,
  write: string,
): DraftOutcome {
  const outcome: DraftOutcome = { saved: {}, conflicts: {} }
  for (const id of sent) {
    const version = versions[id]
    if (!version || version.write === write) outcome.saved[id] = version?.rev ?? 0
    else outcome.conflicts[id] = { revision: version.rev, answer: drafts[id] ?? null }
  }
  return outcome
}

export interface FastTouch extends CandidateScope {
  leaseId: string
}

/**
 * Timestamps arrive as text, and jsonb goes out as text: drizzle sets postgres.js to pass both
 * through untouched (jsonb still comes back parsed).
 */
export interface Row {
  status: SessionRow['status']
  started_at: string
  expires_at: string | null
  extra_time_percent: number
  current_question_index: number
  current_question_served_at: string | null
  question_served_at: Record<string, string>
  last_heartbeat: string | null
  last_activity: string | null
  sections_completed?: string[]
  flagged_question_ids?: string[]
}

const date = (text: string | null) => (text === null ? null : new Date(text))

export const touched = (row: Row): TouchedSession => ({
  status: row.status,
  startedAt: new Date(row.started_at),
  expiresAt: date(row.expires_at),
  extraTimePercent: row.extra_time_percent,
  currentQuestionIndex: row.current_question_index,
  currentQuestionServedAt: date(row.current_question_served_at),
  questionServedAt: row.question_served_at,
  lastHeartbeat: date(row.last_heartbeat),
  lastActivity: date(row.last_activity),
  sectionsCompleted: row.sections_completed ?? [],
  flaggedQuestionIds: row.flagged_question_ids ?? [],
})

/*
 * The common case of a touch in one prepared statement, which the touches of one tick share
 * (postgres.js prepares tagged queries; drizzle's builder would not): the row changes only while
 * it is active, held by this lease and before its next deadline, when the clock's catch-up has
 * nothing to do. Null means "take the full path": it locks, catches up and throws the precise
 * error.
 */

/** Heartbeat: liveness and the lease renewed, back from a tab close. Activity: last_activity. */
export async function fastLiveness(
  ctx: SessionContext,
  p: FastTouch,
  kind: 'heartbeat' | 'activity',
): Promise<Touched | null> {
  const definition = await loadDefinition(ctx.db, p.assessmentId)
  const now = ctx.now()
  const call: LivenessCall = { ...p, at: now.toISOString() }
  const row = await (kind === 'heartbeat' ? heartbeats : activityPings)(ctx.db.$client, call)
  return row ? { session: touched(row), definition, now } : null
}

type LivenessCall = FastTouch & { at: string }
/** A call's row is the one with its session, lease and scope (uuids as Postgres prints them). */
const livenessKey = (c: FastTouch) =>
  `${c.sessionId} ${c.leaseId} ${c.candidateId} ${c.assessmentId} ${c.invitationId}`.toLowerCase()

/**
 * Each call keeps its own conditions and time. A row another transaction holds is skipped, not
 * waited for (its call takes the full path, which waits): a submit's lock never holds up the
 * other candidates, and two statements never wait on each other. Two calls of one lease in a
 * tick write once, at the later time.
 */
async function touchLiveness(
  sql: postgres.Sql,
  kind: 'heartbeat' | 'activity',
  calls: LivenessCall[],
): Promise<Map<LivenessCall, Row>> {
  const latest = new Map<string, LivenessCall>()
  for (const call of calls) {
    const key = livenessKey(call)
    const seen = latest.get(key)
    if (!seen || seen.at < call.at) latest.set(key, call)
  }
  const unique = [...latest.values()].map((c) => ({
    id: c.sessionId,
    lease_id: c.leaseId,
    candidate_id: c.candidateId,
    assessment_id: c.assessmentId,
    invitation_id: c.invitationId,
    at: c.at,
  }))
  const set =
    kind === 'heartbeat'
      ? sql`last_heartbeat = held.at, lease_renewed_at = held.at, left_at = NULL`
      : sql`last_activity = held.at`
  const rows = await sql<(Row & { key: string })[]>`
    WITH calls AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(unique)}::jsonb) AS c(id uuid,
        lease_id uuid, candidate_id uuid, assessment_id uuid, invitation_id uuid, at timestamptz)
    ), held AS (
      SELECT s.id, c.at FROM test_sessions s JOIN calls c ON s.id = c.id
      -- By the primary key whatever the table's size (tick-statements.ts: BY_ID).
      WHERE s.id = ANY(ARRAY(SELECT id FROM calls))
        AND s.candidate_id = c.candidate_id AND s.assessment_id = c.assessment_id
        AND s.invitation_id = c.invitation_id AND s.status = 'active' AND s.lease_id = c.lease_id
        AND (s.next_deadline_at IS NULL OR s.next_deadline_at > c.at)
      FOR UPDATE OF s SKIP LOCKED
    )
    UPDATE test_sessions s SET ${set}
    FROM held WHERE s.id = held.id
    RETURNING concat_ws(' ', s.id, s.lease_id, s.candidate_id, s.assessment_id, s.invitation_id) AS key,
      status, started_at, expires_at, extra_time_percent, current_question_index,
      current_question_served_at, question_served_at, last_heartbeat, last_activity`
  return rowsOfCalls(calls, livenessKey, rows, (row) => row.key)
}

const heartbeats = tickStatements<LivenessCall, Row>((sql, calls) =>
  touchLiveness(sql, 'heartbeat', calls),
)
const activityPings = tickStatements<LivenessCall, Row>((sql, calls) =>
  touchLiveness(sql, 'activity', calls),
)

/** The audit events of a progress save, on either path. */
export const progressEvents = (input: ProgressInput) => [
  ...(input.pending_answers
    ? [{ type: 'draft_saved', data: { question_ids: Object.keys(input.pending_answers) } }]
    : []),
  ...(input.flagged_question_ids
    ? [{ type: 'flagged', data: { question_ids: input.flagged_question_ids } }]
    : []),
]

/**
 * All of a session's drafts together, each as Postgres prints it (jsonb::text): 2 MiB holds
 * twenty full-size code drafts, far more than one attempt needs. The database holds the rule:
 * the trigger session_drafts_fit (migration 0018) refuses a statement that would pass it.
 */
export const MAX_DRAFT_BYTES = 2 * 1024 * 1024
/** The name the trigger's error carries. */
export const DRAFTS_FIT = 'session_drafts_fit'
