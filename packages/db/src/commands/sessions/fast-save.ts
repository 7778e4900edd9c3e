import {
  DRAFT_EVENT_EVERY_MS,
  type DraftVersions,
  PROGRESS_SAVES_PER_WINDOW,
  PROGRESS_WINDOW_MS,
  type ProgressInput,
} from '@assess/core'
import type postgres from 'postgres'
import { isCheckViolation } from '../../pg-errors.ts'
import type { AssessmentDefinition } from './definition.ts'
import { loadDrafts } from './drafts.ts'
import {
  DRAFTS_FIT,
  draftOutcome,
  type FastTouch,
  progressEvents,
  type Row,
  type Touched,
  touched,
} from './fast-touch.ts'
import { firstOfEach, rowsOfCalls, tickStatements } from './tick-statements.ts'
import type { SessionContext } from './types.ts'

/** A save as the batch statement takes it: the session's call and what it writes. */
interface SaveCall {
  id: string
  candidate_id: string
  assessment_id: string
  invitation_id: string
  lease: string
  write: string
  at: string
  /** The drafts to write, by question id; `removed`, the ones to clear. */
  drafts: Record<string, unknown>
  removed: string[]
  bases: Record<string, number>
  sections: unknown[] | null
  flagged: string[] | null
  events: { type: string; data: unknown }[]
  /** The save sent drafts (written or cleared): its minute's draft event may be due. */
  has_drafts: boolean
}
/** A save's row: the touched session, the revisions written, the sent drafts answered. */
type SavedRow = Row & { id: string; written: Record<string, number>; answered: string[] }

/**
 * Drafts written (null clears one; answered questions get none), flags and sections replaced,
 * and the audit events written by the same statement. The caller has checked the drafts against
 * their questions. The saves of one tick share the statement (as heartbeats do): a typing
 * candidate saves a draft a second. Null means "take the full path", which says why: the
 * session was not active, not this lease's, due, held by another transaction, over its save
 * rate, or the save would pass MAX_DRAFT_BYTES (the trigger refuses it).
 */
export async function fastSaveProgress(
  ctx: SessionContext,
  p: FastTouch & { input: ProgressInput; definition: AssessmentDefinition },
): Promise<Touched | null> {
  const { input, definition } = p
  const now = ctx.now()
  const drafts = Object.entries(input.pending_answers ?? {})
  const set = Object.fromEntries(drafts.filter(([, draft]) => draft !== null))
  const sent = Object.keys(set)
  const write = crypto.randomUUID()
  const call: SaveCall = {
    id: p.sessionId.toLowerCase(),
    candidate_id: p.candidateId,
    assessment_id: p.assessmentId,
    invitation_id: p.invitationId,
    lease: p.leaseId,
    write,
    at: now.toISOString(),
    drafts: set,
    removed: drafts.filter(([, draft]) => draft === null).map(([id]) => id),
    bases: input.draft_bases ?? {},
    sections: input.sections_completed ?? null,
    flagged: input.flagged_question_ids ? [...new Set(input.flagged_question_ids)] : null,
    events: progressEvents(input),
    has_drafts: drafts.length > 0,
  }
  let row: SavedRow | null
  try {
    row = await saves(ctx.db.$client, call)
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

/**
 * One statement for the saves of a tick, a session's first save of the tick each (a second one
 * takes the full path).
 */
async function saveStatement(
  sql: postgres.Sql,
  calls: SaveCall[],
): Promise<Map<SaveCall, SavedRow>> {
  const unique = [...firstOfEach(calls, (call) => call.id).values()]
  // The save window and the draft event's minute (core/session/progress-saves.ts), in SQL.
  const windowOpen = sql`s.progress_window_at > c.at - ${`${PROGRESS_WINDOW_MS} milliseconds`}::interval`
  const draftEventEvery = sql`${`${DRAFT_EVENT_EVERY_MS} milliseconds`}::interval`
  // Only with drafts to clear: an UPDATE of session_drafts costs even when it matches nothing.
  const clear = unique.some((c) => c.removed.length > 0)
    ? sql`, cleared AS (
        UPDATE session_drafts d SET draft = NULL, saved_at = t.at
        FROM touched t WHERE d.session_id = t.id AND d.question_id = ANY (t.removed)
      )`
    : sql``
  const rows = await sql<SavedRow[]>`
    WITH calls AS (
      -- Each save's values, sent and parsed once (a code draft may be tens of KB).
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(unique)}::jsonb) AS c(id uuid,
        candidate_id uuid, assessment_id uuid, invitation_id uuid, lease uuid, write uuid,
        at timestamptz, drafts jsonb, removed uuid[], bases jsonb, sections jsonb, flagged jsonb,
        events jsonb, has_drafts boolean)
    ), held AS (
      -- Each session's row, if the save may write it, as it was (RETURNING sees the new row).
      SELECT s.id, s.draft_event_at AS draft_event_before FROM test_sessions s
      JOIN calls c ON s.id = c.id
      -- By the primary key whatever the table's size (tick-statements.ts: BY_ID).
      WHERE s.id = ANY(ARRAY(SELECT id FROM calls))
        AND s.candidate_id = c.candidate_id AND s.assessment_id = c.assessment_id
        AND s.invitation_id = c.invitation_id AND s.status = 'active' AND s.lease_id = c.lease
        AND (s.next_deadline_at IS NULL OR s.next_deadline_at > c.at)
        AND NOT (${windowOpen} AND s.progress_window_saves >= ${PROGRESS_SAVES_PER_WINDOW})
      FOR UPDATE OF s SKIP LOCKED
    ), touched AS (
      UPDATE test_sessions s SET
        sections_completed = COALESCE(c.sections, s.sections_completed),
        flagged_question_ids = COALESCE(c.flagged, s.flagged_question_ids),
        last_activity = c.at,
        progress_window_saves = CASE WHEN ${windowOpen} THEN s.progress_window_saves + 1 ELSE 1 END,
        progress_window_at = CASE WHEN ${windowOpen} THEN s.progress_window_at ELSE c.at END,
        draft_event_at = CASE WHEN c.has_drafts AND (s.draft_event_at IS NULL
          OR s.draft_event_at <= c.at - ${draftEventEvery}) THEN c.at ELSE s.draft_event_at END
      FROM held h JOIN calls c ON c.id = h.id
      WHERE s.id = h.id
      RETURNING s.org_id, s.id, s.status, s.started_at, s.expires_at, s.extra_time_percent,
        s.current_question_index, s.current_question_served_at, s.question_served_at,
        s.last_heartbeat, s.last_activity, s.sections_completed, s.flagged_question_ids,
        c.lease, c.write, c.at, c.drafts, c.removed, c.bases, c.events,
        (c.has_drafts AND (h.draft_event_before IS NULL
          OR h.draft_event_before <= c.at - ${draftEventEvery})) AS log_draft
    ), saved AS (
      -- core/session/draft-versions.ts mayReplaceDraft, in SQL: a stored draft is replaced
      -- only by a save edited from its revision or a later one (or sent without a base).
      INSERT INTO session_drafts AS d (session_id, question_id, draft, rev, lease_id, write_id,
        saved_at)
      SELECT t.id, i.key::uuid, i.value, 1, t.lease, t.write, t.at
      FROM touched t, jsonb_each(t.drafts) i
      -- Asked once the session's row is locked, with a fresh snapshot (migration 0018): an
      -- answer committed before the lock was taken gets no draft.
      WHERE NOT session_question_answered(t.id, i.key::uuid)
      ON CONFLICT (session_id, question_id) DO UPDATE SET draft = excluded.draft,
        rev = d.rev + 1, lease_id = excluded.lease_id, write_id = excluded.write_id,
        saved_at = excluded.saved_at
      WHERE (SELECT c.bases -> d.question_id::text FROM calls c WHERE c.id = d.session_id) IS NULL
        OR (SELECT c.bases ->> d.question_id::text FROM calls c WHERE c.id = d.session_id)::bigint
          >= d.rev
      RETURNING session_id, question_id, rev
    )${clear}, logged AS (
      INSERT INTO session_events (org_id, session_id, type, at, data)
      SELECT t.org_id, t.id, e.type, t.at, e.data
      FROM touched t, jsonb_to_recordset(t.events) AS e(type text, data jsonb)
      WHERE e.type <> 'draft_saved' OR t.log_draft
    )
    SELECT t.id, t.status, t.started_at, t.expires_at, t.extra_time_percent,
      t.current_question_index, t.current_question_served_at, t.question_served_at,
      t.last_heartbeat, t.last_activity, t.sections_completed, t.flagged_question_ids,
      (SELECT coalesce(jsonb_object_agg(v.question_id, v.rev), '{}'::jsonb) FROM saved v
        WHERE v.session_id = t.id) AS written,
      ARRAY(SELECT a.question_id::text FROM answers a WHERE a.session_id = t.id
        AND a.question_id IN (SELECT k::uuid FROM jsonb_object_keys(t.drafts) k)) AS answered
    FROM touched t`
  return rowsOfCalls(
    unique,
    (call) => call.id,
    rows,
    (row) => row.id,
  )
}

const saves = tickStatements(saveStatement)
