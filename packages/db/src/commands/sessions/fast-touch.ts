import {
  DRAFT_EVENT_EVERY_MS,
  type DraftVersions,
  PROGRESS_SAVES_PER_WINDOW,
  PROGRESS_WINDOW_MS,
  type ProgressInput,
  tickBatcher,
} from '@assess/core'
import type postgres from 'postgres'
import { isCheckViolation } from '../../pg-errors.ts'
import type { AssessmentDefinition } from './definition.ts'
import { loadDefinition } from './definition.ts'
import { loadDrafts } from './drafts.ts'
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
interface Row {
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

const touched = (row: Row): TouchedSession => ({
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
 * The common case of a touch in one prepared statement (postgres.js prepares tagged queries;
 * drizzle's builder would not): the row changes only while it is active, held by this lease and
 * before its next deadline, when the clock's catch-up has nothing to do. Null means "take the
 * full path": it locks, catches up and throws the precise error.
 */

/** Heartbeat: liveness and the lease renewed, back from a tab close. Activity: last_activity. */
export async function fastLiveness(
  ctx: SessionContext,
  p: FastTouch,
  kind: LivenessKind,
): Promise<Touched | null> {
  const definition = await loadDefinition(ctx.db, p.assessmentId)
  const now = ctx.now()
  const call: LivenessCall = { ...p, at: now.toISOString() }
  const rows = await livenessBatch(ctx.db.$client, kind)(call)
  const row = rows.get(livenessKey(call))
  return row ? { session: touched(row), definition, now } : null
}

type LivenessKind = 'heartbeat' | 'activity'
type LivenessCall = FastTouch & { at: string }
/** A call's row is the one with its session, lease and scope (uuids as Postgres prints them). */
const livenessKey = (c: FastTouch) =>
  `${c.sessionId} ${c.leaseId} ${c.candidateId} ${c.assessmentId} ${c.invitationId}`.toLowerCase()

/**
 * A statement's calls, at most: a bound for bursts. Smaller bounds measured no faster under the
 * bench's 64 connections (all fit in one): they save no round trip, and cost Postgres more a row.
 */
const LIVENESS_BATCH = { maxItems: 256 }
const livenessBatches = new WeakMap<postgres.Sql, Record<LivenessKind, LivenessBatch>>()
type LivenessBatch = (call: LivenessCall) => Promise<Map<string, Row>>

/**
 * The heartbeats (or activity pings) of one tick go to Postgres as one statement: its cost per
 * statement and per commit is paid once for them all (under the bench's 64 connections, 15–20
 * calls a statement at the median). Each call keeps its own conditions and time. A row another transaction holds is skipped, not
 * waited for (its call takes the full path, which waits): a submit's lock never holds up the
 * other candidates, and two batches never wait on each other. Two calls of one lease in a tick
 * write once, at the later time.
 */
function livenessBatch(sql: postgres.Sql, kind: LivenessKind): LivenessBatch {
  let batches = livenessBatches.get(sql)
  if (!batches) {
    batches = {
      heartbeat: tickBatcher((calls) => touchLiveness(sql, 'heartbeat', calls), LIVENESS_BATCH),
      activity: tickBatcher((calls) => touchLiveness(sql, 'activity', calls), LIVENESS_BATCH),
    }
    livenessBatches.set(sql, batches)
  }
  return batches[kind]
}

async function touchLiveness(
  sql: postgres.Sql,
  kind: LivenessKind,
  calls: LivenessCall[],
): Promise<Map<string, Row>> {
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
      WHERE s.candidate_id = c.candidate_id AND s.assessment_id = c.assessment_id
        AND s.invitation_id = c.invitation_id AND s.status = 'active' AND s.lease_id = c.lease_id
        AND (s.next_deadline_at IS NULL OR s.next_deadline_at > c.at)
      FOR UPDATE OF s SKIP LOCKED
    )
    UPDATE test_sessions s SET ${set}
    FROM held WHERE s.id = held.id
    RETURNING concat_ws(' ', s.id, s.lease_id, s.candidate_id, s.assessment_id, s.invitation_id) AS key,
      status, started_at, expires_at, extra_time_percent, current_question_index,
      current_question_served_at, question_served_at, last_heartbeat, last_activity`
  return new Map(rows.map((row) => [row.key, row]))
}

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
/** A save's row: the touched session, the revisions written, the sent drafts answered. */
type SavedRow = Row & { written: Record<string, number>; answered: string[] }

/** The name the trigger's error carries. */
export const DRAFTS_FIT = 'session_drafts_fit'

/**
 * Drafts written (null clears one; answered questions get none), flags and sections replaced,
 * and the audit events written by the same statement. The caller has checked the drafts against
 * their questions. A save that would pass MAX_DRAFT_BYTES is refused by the trigger, which undoes
 * the whole statement, and takes the full path (which says why), as does one that matched no row.
 */
export async function fastSaveProgress(
  ctx: SessionContext,
  p: FastTouch & { input: ProgressInput; definition: AssessmentDefinition },
): Promise<Touched | null> {
  const { input, definition } = p
  const now = ctx.now()
  const at = now.toISOString()
  const sql = ctx.db.$client
  const drafts = Object.entries(input.pending_answers ?? {})
  const set = Object.fromEntries(drafts.filter(([, draft]) => draft !== null))
  const sent = Object.keys(set)
  const removed = drafts.filter(([, draft]) => draft === null).map(([id]) => id)
  const events = progressEvents(input)
  const flagged = input.flagged_question_ids ? [...new Set(input.flagged_question_ids)] : null
  const bases = JSON.stringify(input.draft_bases ?? {})
  const write = crypto.randomUUID()
  // The save window and the draft event's minute (core/session/progress-saves.ts), in SQL.
  const windowOpen = sql`progress_window_at > input.at - ${`${PROGRESS_WINDOW_MS} milliseconds`}::interval`
  const draftEventEvery = sql`${`${DRAFT_EVENT_EVERY_MS} milliseconds`}::interval`
  const draftEventDue = sql`${drafts.length > 0} AND (draft_event_at IS NULL
    OR draft_event_at <= input.at - ${draftEventEvery})`
  // Only with drafts to clear: an UPDATE of session_drafts costs even when it matches nothing.
  const clear =
    removed.length > 0
      ? sql`, cleared AS (
          UPDATE session_drafts d SET draft = NULL, saved_at = input.at
          FROM touched t, input
          WHERE d.session_id = t.id AND d.question_id = ANY (input.removed)
        )`
      : sql``
  let row: SavedRow | undefined
  try {
    ;[row] = await sql<SavedRow[]>`
      WITH input AS (
        -- The request's values, each sent and parsed once (a code draft may be tens of KB).
        SELECT ${JSON.stringify(set)}::jsonb AS drafts, ${removed}::uuid[] AS removed,
          ${at}::timestamptz AS at, ${p.leaseId}::uuid AS lease, ${write}::uuid AS write,
          -- The row's draft event as it was (RETURNING sees the new row).
          (SELECT draft_event_at FROM test_sessions WHERE id = ${p.sessionId}) AS draft_event_before
      ), touched AS (
        UPDATE test_sessions SET
          sections_completed = COALESCE(${input.sections_completed ? JSON.stringify(input.sections_completed) : null}::jsonb, sections_completed),
          flagged_question_ids = COALESCE(${flagged ? JSON.stringify(flagged) : null}::jsonb, flagged_question_ids),
          last_activity = input.at,
          progress_window_saves = CASE WHEN ${windowOpen} THEN progress_window_saves + 1 ELSE 1 END,
          progress_window_at = CASE WHEN ${windowOpen} THEN progress_window_at ELSE input.at END,
          draft_event_at = CASE WHEN ${draftEventDue} THEN input.at ELSE draft_event_at END
        FROM input
        WHERE id = ${p.sessionId} AND candidate_id = ${p.candidateId}
          AND assessment_id = ${p.assessmentId} AND invitation_id = ${p.invitationId}
          AND status = 'active' AND lease_id = ${p.leaseId}
          AND (next_deadline_at IS NULL OR next_deadline_at > input.at)
          AND NOT (${windowOpen} AND progress_window_saves >= ${PROGRESS_SAVES_PER_WINDOW})
        RETURNING org_id, id, status, started_at, expires_at, extra_time_percent,
          current_question_index, current_question_served_at, question_served_at,
          last_heartbeat, last_activity, sections_completed, flagged_question_ids,
          (${drafts.length > 0} AND (input.draft_event_before IS NULL
            OR input.draft_event_before <= input.at - ${draftEventEvery})) AS log_draft
      ), saved AS (
        -- core/session/draft-versions.ts mayReplaceDraft, in SQL: a stored draft is replaced
        -- only by a save edited from its revision or a later one (or sent without a base).
        INSERT INTO session_drafts AS d (session_id, question_id, draft, rev, lease_id,
          write_id, saved_at)
        SELECT t.id, i.key::uuid, i.value, 1, input.lease, input.write, input.at
        FROM touched t, input, jsonb_each(input.drafts) i
        -- Asked once the session's row is locked, with a fresh snapshot (migration 0018): an
        -- answer committed while this save waited (a submit, the clock's) gets no draft.
        WHERE NOT session_question_answered(t.id, i.key::uuid)
        ON CONFLICT (session_id, question_id) DO UPDATE SET draft = excluded.draft,
          rev = d.rev + 1, lease_id = excluded.lease_id, write_id = excluded.write_id,
          saved_at = excluded.saved_at
        WHERE (${bases}::jsonb -> d.question_id::text) IS NULL
          OR (${bases}::jsonb ->> d.question_id::text)::bigint >= d.rev
        RETURNING question_id, rev
      )${clear}, logged AS (
        INSERT INTO session_events (org_id, session_id, type, at, data)
        SELECT t.org_id, t.id, e.type, ${at}, e.data
        FROM touched t, jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(type text, data jsonb)
        WHERE e.type <> 'draft_saved' OR t.log_draft
      )
      SELECT status, started_at, expires_at, extra_time_percent, current_question_index,
        current_question_served_at, question_served_at, last_heartbeat, last_activity,
        sections_completed, flagged_question_ids,
        (SELECT coalesce(jsonb_object_agg(question_id, rev), '{}'::jsonb) FROM saved) AS written,
        ARRAY(SELECT a.question_id::text FROM answers a
          WHERE a.session_id = ${p.sessionId} AND a.question_id = ANY (${sent}::uuid[])) AS answered
      FROM touched`
  } catch (err) {
    if (isCheckViolation(err, DRAFTS_FIT)) return null
    throw err
  }
  if (!row) return null
  const versions: DraftVersions = {}
  for (const [id, rev] of Object.entries(row.written))
    versions[id] = { rev, lease: p.leaseId, write }
  // Drafts neither written nor answered were refused: another tab's newer text, sent back for
  // the candidate to choose. Rare, so read after the fact.
  const answered = new Set(row.answered)
  const refused = sent.filter((id) => row.written[id] === undefined && !answered.has(id))
  const stored = await loadDrafts(ctx.db, p.sessionId, refused)
  return {
    session: touched(row),
    definition,
    now,
    drafts: draftOutcome(sent, { ...stored.versions, ...versions }, stored.answers, write),
  }
}
