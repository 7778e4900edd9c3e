import { endSession, planAnswer, withheld } from '@assess/core'
import type postgres from 'postgres'
import { fromRaw } from '../../raw-rows.ts'
import { pipelinedTransaction } from '../../reserved-transaction.ts'
import { answers, testSessions } from '../../schema/index.ts'
import type { QuestionRow } from '../assessments/types.ts'
import { clockOf, progressPercent } from './clock-state.ts'
import type { AssessmentDefinition } from './definition.ts'
import { firstOfEach, tickStatements } from './tick-statements.ts'
import type { CandidateScope, SessionContext, SessionRow, SessionSnapshot } from './types.ts'

export type AnswerRow = typeof answers.$inferSelect

export interface SubmitCall extends CandidateScope {
  leaseId: string
  question: QuestionRow
  index: number
  /** The answer as checked against the question. */
  answer: unknown
  clientSubmittedAt: Date | null
  timeExpired: boolean
}

type Submitted = SessionSnapshot & { answer: AnswerRow }
interface QueuedSubmit extends SubmitCall {
  definition: AssessmentDefinition
  now: Date
}

/**
 * The common case of a submit in two round trips on one connection, all statements prepared,
 * and shared by the submits of one tick (tick-statements.ts): begin + lock the
 * sessions + read their answered ids, then one statement that inserts the answers, advances the
 * sessions, drops the questions' drafts and writes the audit events + commit. Only the answers
 * are read back: each session is the locked row with what the UPDATE wrote.
 * Anything uncommon (a deadline due, another lease, a question already answered or not current,
 * a session not active, or held by another transaction) writes nothing for that submit and
 * returns null: the caller takes the full path, which waits for the lock, catches up and answers
 * with the precise error or the replay. A session's second submit of the tick takes it too.
 */
export function fastSubmit(
  ctx: SessionContext,
  call: SubmitCall,
  definition: AssessmentDefinition,
): Promise<Submitted | null> {
  return submits(ctx.db.$client, { ...call, definition, now: ctx.now() })
}

/** What a submit writes, planned under the session's lock. */
interface Planned {
  call: QueuedSubmit
  session: SessionRow
  answered: Set<string>
  answerId: string
  timeTakenMs: number
  timeExpired: boolean
  /** What the UPDATE writes: the session is returned as the locked row with these. */
  patch: Partial<SessionRow>
  ended: ReturnType<typeof endSession> | null
}

async function submitAll(
  pool: postgres.Sql,
  calls: QueuedSubmit[],
): Promise<Map<QueuedSubmit, Submitted>> {
  const first = firstOfEach(calls, (call) => call.sessionId.toLowerCase())
  const scopes = JSON.stringify(
    [...first.values()].map((c) => ({
      id: c.sessionId,
      candidate_id: c.candidateId,
      assessment_id: c.assessmentId,
      invitation_id: c.invitationId,
    })),
  )
  const ids = [...first.values()].map((c) => c.sessionId)
  return pipelinedTransaction(pool, async ({ sql, commitWith }) => {
    // Pipelined with BEGIN: the locks, then the answered ids. The read is a statement of its
    // own, run after the locks are held, so it sees every answer committed before it.
    const [locked, answeredRows] = await Promise.all([
      sql`SELECT s.* FROM test_sessions s
        JOIN jsonb_to_recordset(${scopes}::jsonb) AS c(id uuid, candidate_id uuid,
          assessment_id uuid, invitation_id uuid)
        ON s.id = c.id AND s.candidate_id = c.candidate_id AND s.assessment_id = c.assessment_id
          AND s.invitation_id = c.invitation_id
        WHERE s.id = ANY(${ids}::uuid[]) -- by the primary key (tick-statements.ts: BY_ID)
        FOR UPDATE OF s SKIP LOCKED`,
      sql<{ session_id: string; question_id: string }[]>`SELECT session_id, question_id
        FROM answers WHERE session_id = ANY(${ids}::uuid[])`,
    ])
    const answeredBy = new Map<string, Set<string>>()
    for (const { session_id, question_id } of answeredRows)
      answeredBy.set(session_id, (answeredBy.get(session_id) ?? new Set()).add(question_id))
    const planned: Planned[] = []
    for (const raw of locked) {
      const session = fromRaw(testSessions, raw)
      const call = first.get(session.id)
      const plan = call && planSubmit(call, session, answeredBy.get(session.id) ?? new Set())
      if (plan) planned.push(plan)
    }
    if (planned.length === 0) return new Map() // rolled back: nothing was written
    const rows = await commitWith(writeSubmits(sql, planned))
    const byAnswer = new Map(rows.map((row) => [row.id as string, row]))
    const submitted = new Map<QueuedSubmit, Submitted>()
    for (const p of planned) {
      const row = byAnswer.get(p.answerId)
      if (!row) throw new Error('the submit statement left out an answer')
      p.answered.add(p.call.question.id)
      submitted.set(p.call, {
        session: {
          ...p.session,
          ...p.patch,
          updatedAt: testSessions.updatedAt.mapFromDriverValue(
            row.session_updated_at as string,
          ) as Date,
        },
        definition: p.call.definition,
        answeredQuestionIds: p.answered,
        now: p.call.now,
        answer: fromRaw(answers, row),
        endedByCall: p.ended !== null,
      })
    }
    return submitted
  })
}

/** The submit's plan on its locked session, or null when it is not the common case. */
function planSubmit(
  call: QueuedSubmit,
  session: SessionRow,
  answered: Set<string>,
): Planned | null {
  const { definition, now } = call
  const due = session.nextDeadlineAt != null && session.nextDeadlineAt.getTime() <= now.getTime()
  const sequential = definition.assessment.navigation === 'sequential'
  if (
    session.status !== 'active' ||
    session.leaseId !== call.leaseId ||
    due ||
    answered.has(call.question.id) ||
    (sequential && call.index !== session.currentQuestionIndex)
  )
    return null
  const clock = clockOf(session, definition, answered)
  if (withheld(clock, call.question, call.index)) return null
  const next = planAnswer(clock, definition.clockQuestions, call.index, now)
  const ended = next.done ? endSession('completed', 'auto', now) : null
  return {
    call,
    session,
    answered,
    answerId: crypto.randomUUID(),
    timeTakenMs: next.timeTakenMs,
    timeExpired: next.late || call.timeExpired,
    patch: {
      currentQuestionIndex: next.currentQuestionIndex,
      currentQuestionServedAt: next.currentQuestionServedAt,
      progressPercent: progressPercent(next.answeredCount, definition.questions.length),
      lastActivity: now,
      nextDeadlineAt: next.nextDeadlineAt,
      ...ended,
    },
    ended,
  }
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null

/**
 * One statement for the planned submits, each with its own values: the answers inserted
 * (`pending`, the grading outbox), the sessions advanced (and ended, after the last answer),
 * the questions' drafts dropped, and the audit events.
 */
function writeSubmits(sql: postgres.Sql, planned: Planned[]) {
  const entries = planned.map(({ call, patch, ended, ...p }) => ({
    answer_id: p.answerId,
    session_id: call.sessionId,
    question_id: call.question.id,
    answer: call.answer,
    at: call.now.toISOString(),
    time_taken_ms: p.timeTakenMs,
    time_expired: p.timeExpired,
    client_at: iso(call.clientSubmittedAt),
    max_score: call.question.points,
    question_index: patch.currentQuestionIndex,
    served_at: iso(patch.currentQuestionServedAt),
    progress_percent: patch.progressPercent,
    next_deadline_at: iso(patch.nextDeadlineAt),
    status: ended?.status ?? null,
    completion_method: ended?.completionMethod ?? null,
    completed_at: iso(ended?.completedAt),
  }))
  return sql<Record<string, unknown>[]>`
    WITH e AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) AS e(answer_id uuid,
        session_id uuid, question_id uuid, answer jsonb, at timestamptz, time_taken_ms integer,
        time_expired boolean, client_at timestamptz, max_score double precision,
        question_index integer, served_at timestamptz, progress_percent double precision,
        next_deadline_at timestamptz, status session_status, completion_method completion_method,
        completed_at timestamptz)
    ), inserted AS (
      INSERT INTO answers (id, session_id, question_id, answer, submitted_at, time_taken_ms,
        time_expired, client_submitted_at, submitted_by, max_score)
      SELECT answer_id, session_id, question_id, answer, at, time_taken_ms, time_expired,
        client_at, 'candidate', max_score FROM e
      RETURNING *
    ), updated AS (
      UPDATE test_sessions s SET
        current_question_index = e.question_index,
        current_question_served_at = e.served_at,
        progress_percent = e.progress_percent,
        last_activity = e.at,
        next_deadline_at = e.next_deadline_at,
        status = COALESCE(e.status, s.status),
        completion_method = COALESCE(e.completion_method, s.completion_method),
        completed_at = COALESCE(e.completed_at, s.completed_at),
        lease_id = CASE WHEN e.status IS NOT NULL THEN NULL ELSE s.lease_id END
      FROM e WHERE s.id = e.session_id AND s.id = ANY(ARRAY(SELECT session_id FROM e)) -- BY_ID
      RETURNING s.org_id, s.id, s.updated_at
    ), dropped AS (
      DELETE FROM session_drafts d USING e
      WHERE d.session_id = e.session_id AND d.question_id = e.question_id
        AND d.session_id = ANY(ARRAY(SELECT session_id FROM e)) -- BY_ID
    ), logged AS (
      INSERT INTO session_events (org_id, session_id, type, at, client_at, data)
      SELECT u.org_id, u.id, 'answer_submitted', e.at, e.client_at,
        jsonb_build_object('question_id', e.question_id::text, 'answer_id', e.answer_id::text,
          'time_expired', e.time_expired)
      FROM e JOIN updated u ON u.id = e.session_id
      UNION ALL
      SELECT u.org_id, u.id, 'completed', e.at, NULL, '{"completion_method":"auto"}'::jsonb
      FROM e JOIN updated u ON u.id = e.session_id WHERE e.status IS NOT NULL
    )
    SELECT i.*, u.updated_at AS session_updated_at FROM inserted i JOIN updated u
      ON u.id = i.session_id`
}

const submits = tickStatements(submitAll)
