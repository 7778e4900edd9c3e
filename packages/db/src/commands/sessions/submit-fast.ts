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
 * advances the session and writes the audit events + commit. Anything uncommon (a deadline due,
 * another lease, a question already answered or not current, a session not active) writes
 * nothing and returns null: the caller takes the full path, which catches up and answers with
 * the precise error or the replay.
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
    const events = [
      {
        type: 'answer_submitted',
        client_at: call.clientSubmittedAt?.toISOString() ?? null,
        data: {
          question_id: call.question.id,
          answer_id: answerId,
          time_expired: next.late || call.timeExpired,
        },
      },
      ...(ended
        ? [{ type: 'completed', client_at: null, data: { completion_method: 'auto' } }]
        : []),
    ]
    const written = sql<{ answer: Record<string, unknown>; session: Record<string, unknown> }[]>`
      WITH inserted AS (
        INSERT INTO answers (id, session_id, question_id, answer, submitted_at, time_taken_ms,
          time_expired, client_submitted_at, submitted_by, max_score)
        VALUES (${answerId}, ${call.sessionId}, ${call.question.id}, ${JSON.stringify(call.answer)}::jsonb,
          ${at}, ${next.timeTakenMs}, ${next.late || call.timeExpired},
          ${call.clientSubmittedAt?.toISOString() ?? null}::timestamptz, 'candidate', ${call.question.points})
        RETURNING *
      ), updated AS (
        UPDATE test_sessions SET
          current_question_index = ${next.currentQuestionIndex},
          current_question_served_at = ${next.currentQuestionServedAt?.toISOString() ?? null}::timestamptz,
          pending_answers = pending_answers - ${call.question.id}::text,
          progress_percent = ${progressPercent(next.answeredCount, definition.questions.length)},
          last_activity = ${at},
          next_deadline_at = ${next.nextDeadlineAt?.toISOString() ?? null}::timestamptz,
          status = COALESCE(${ended?.status ?? null}::session_status, status),
          completion_method = COALESCE(${ended?.completionMethod ?? null}::completion_method, completion_method),
          completed_at = COALESCE(${ended ? at : null}::timestamptz, completed_at),
          lease_id = CASE WHEN ${ended !== null} THEN NULL ELSE lease_id END
        WHERE id = ${call.sessionId}
        RETURNING *
      ), logged AS (
        INSERT INTO session_events (org_id, session_id, type, at, client_at, data)
        SELECT u.org_id, u.id, e.type, ${at}, e.client_at, e.data
        FROM updated u, jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
          AS e(type text, client_at timestamptz, data jsonb)
      )
      SELECT to_jsonb(i) AS answer, to_jsonb(u) AS session FROM inserted i, updated u`
    const [row] = await commitWith(written)
    if (!row) throw new Error('the submit statement returned nothing')
    answered.add(call.question.id)
    return {
      session: fromRaw(testSessions, row.session),
      definition,
      answeredQuestionIds: answered,
      now,
      answer: fromRaw(answers, row.answer),
      endedByCall: ended !== null,
    }
  })
}
