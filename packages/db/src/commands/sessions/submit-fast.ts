import { endSession, planAnswer, withheld } from '@assess/core'
import { fromRaw } from '../../raw-rows.ts'
import { pipelinedTransaction } from '../../reserved-transaction.ts'
import { answers, testSessions } from '../../schema/index.ts'
import type { QuestionRow } from '../assessments/types.ts'
import { clockOf, progressPercent } from './clock-state.ts'
import type { AssessmentDefinition } from './definition.ts'
import type { CandidateScope, SessionContext, SessionSnapshot } from './types.ts'

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

/**
 * The common case of a submit in two round trips on one connection, all statements prepared:
 * begin + lock the session + read its answered ids, then one statement that inserts the answer,
 * advances the session, drops the question's draft and writes the audit events + commit. Only
 * the answer is read back: the session is the locked row with what the UPDATE wrote (no row
 * serialized as JSON either way).
 * Anything uncommon (a deadline due, another lease, a question already answered or not current,
 * a session not active) writes nothing and returns null: the caller takes the full path, which
 * catches up and answers with the precise error or the replay.
 */
export async function fastSubmit(
  ctx: SessionContext,
  call: SubmitCall,
  definition: AssessmentDefinition,
): Promise<(SessionSnapshot & { answer: AnswerRow }) | null> {
  const now = ctx.now()
  const at = now.toISOString()
  return pipelinedTransaction(ctx.db.$client, async ({ sql, commitWith }) => {
    // Pipelined with BEGIN: the lock, then the answered ids. The read is a statement of its own,
    // run after the lock is held, so it sees every answer committed before it.
    const [[raw], rows] = await Promise.all([
      sql`SELECT * FROM test_sessions
        WHERE id = ${call.sessionId} AND candidate_id = ${call.candidateId}
          AND assessment_id = ${call.assessmentId} AND invitation_id = ${call.invitationId}
        FOR UPDATE`,
      sql<{ question_id: string }[]>`SELECT question_id FROM answers
        WHERE session_id = ${call.sessionId}`,
    ])
    const session = raw ? fromRaw(testSessions, raw) : null
    const answered = new Set(rows.map((r) => r.question_id))
    const due = session?.nextDeadlineAt != null && session.nextDeadlineAt.getTime() <= now.getTime()
    const sequential = definition.assessment.navigation === 'sequential'
    if (
      session?.status !== 'active' ||
      session.leaseId !== call.leaseId ||
      due ||
      answered.has(call.question.id) ||
      (sequential && call.index !== session.currentQuestionIndex)
    )
      return null
    const clock = clockOf(session, definition, answered)
    if (withheld(clock, call.question, call.index)) return null
    const next = planAnswer(clock, definition.clockQuestions, call.index, now)
    const answerId = crypto.randomUUID()
    const ended = next.done ? endSession('completed', 'auto', now) : null
    const timeExpired = next.late || call.timeExpired
    const clientAt = call.clientSubmittedAt?.toISOString() ?? null
    // What the statement's UPDATE writes, so the session is returned without reading it back:
    // the row held under the lock, with these and the trigger's updated_at.
    const patch = {
      currentQuestionIndex: next.currentQuestionIndex,
      currentQuestionServedAt: next.currentQuestionServedAt,
      progressPercent: progressPercent(next.answeredCount, definition.questions.length),
      lastActivity: now,
      nextDeadlineAt: next.nextDeadlineAt,
      ...ended,
    }
    const written = sql<Record<string, unknown>[]>`
      WITH inserted AS (
        INSERT INTO answers (id, session_id, question_id, answer, submitted_at, time_taken_ms,
          time_expired, client_submitted_at, submitted_by, max_score)
        VALUES (${answerId}, ${call.sessionId}, ${call.question.id}, ${JSON.stringify(call.answer)}::jsonb,
          ${at}, ${next.timeTakenMs}, ${timeExpired}, ${clientAt}::timestamptz, 'candidate',
          ${call.question.points})
        RETURNING *
      ), updated AS (
        UPDATE test_sessions SET
          current_question_index = ${patch.currentQuestionIndex},
          current_question_served_at = ${patch.currentQuestionServedAt?.toISOString() ?? null}::timestamptz,
          progress_percent = ${patch.progressPercent},
          last_activity = ${at},
          next_deadline_at = ${patch.nextDeadlineAt?.toISOString() ?? null}::timestamptz,
          status = COALESCE(${ended?.status ?? null}::session_status, status),
          completion_method = COALESCE(${ended?.completionMethod ?? null}::completion_method, completion_method),
          completed_at = COALESCE(${ended ? at : null}::timestamptz, completed_at),
          lease_id = CASE WHEN ${ended !== null} THEN NULL ELSE lease_id END
        WHERE id = ${call.sessionId}
        RETURNING org_id, id, updated_at
      ), dropped AS (
        DELETE FROM session_drafts WHERE session_id = ${call.sessionId}
          AND question_id = ${call.question.id}
      ), logged AS (
        INSERT INTO session_events (org_id, session_id, type, at, client_at, data)
        SELECT org_id, id, 'answer_submitted', ${at}::timestamptz, ${clientAt}::timestamptz,
          jsonb_build_object('question_id', ${call.question.id}::text, 'answer_id', ${answerId}::text,
            'time_expired', ${timeExpired}::boolean)
        FROM updated
        UNION ALL
        SELECT org_id, id, 'completed', ${at}::timestamptz, NULL, '{"completion_method":"auto"}'::jsonb
        FROM updated WHERE ${ended !== null}
      )
      SELECT i.*, u.updated_at AS session_updated_at FROM inserted i, updated u`
    const [row] = await commitWith(written)
    if (!row) throw new Error('the submit statement returned nothing')
    answered.add(call.question.id)
    return {
      session: {
        ...session,
        ...patch,
        updatedAt: testSessions.updatedAt.mapFromDriverValue(
          row.session_updated_at as string,
        ) as Date,
      },
      definition,
      answeredQuestionIds: answered,
      now,
      answer: fromRaw(answers, row),
      endedByCall: ended !== null,
    }
  })
}
