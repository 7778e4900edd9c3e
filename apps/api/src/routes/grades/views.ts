import type { GradeHistoryEntry, GradeOverrideResult, RegradeResult } from '@assess/core'
import type { AnswerRow, GradeHistoryRecord, OverriddenGrade, Regraded } from '@assess/db'

const iso = (d: Date | null) => (d ? d.toISOString() : null)
const stored = (value: unknown) => (value ?? null) as Record<string, unknown> | null

/** One replaced grade, with the score that replaced it. */
function entryView(h: GradeHistoryRecord, toScore: number | null): GradeHistoryEntry {
  return {
    id: h.id,
    action: h.action === 'regrade' ? 'regrade' : 'override',
    reason: h.reason,
    at: h.replacedAt.toISOString(),
    by: h.by,
    from_score: h.score,
    to_score: toScore,
    max_score: h.maxScore,
    from_status: h.gradingStatus,
    from_grader: stored(h.grader),
    graded_at: iso(h.gradedAt),
  }
}

/**
 * An answer's history (given oldest first), newest first: each grade was replaced by the next
 * one's, and the newest by the answer's current score (null while a regrade runs).
 */
export function gradeHistoryView(
  history: GradeHistoryRecord[],
  answer: Pick<AnswerRow, 'score'> | null,
): GradeHistoryEntry[] {
  return history
    .map((h, i) =>
      entryView(
        h,
        i + 1 < history.length ? (history[i + 1]?.score ?? null) : (answer?.score ?? null),
      ),
    )
    .reverse()
}

export function gradeOverrideView({
  answer: a,
  session: s,
  history,
}: OverriddenGrade): GradeOverrideResult {
  return {
    answer: {
      answer_id: a.id,
      session_id: a.sessionId,
      question_id: a.questionId,
      score: a.score,
      max_score: a.maxScore,
      grading_status: a.gradingStatus,
      grader: stored(a.grader) ?? {},
      feedback: stored(a.feedback),
      graded_at: a.gradedAt.toISOString(),
    },
    session: {
      id: s.id,
      final_score: s.finalScore,
      max_score: s.maxScore,
      percentage: s.percentage,
      recommendation: s.recommendation,
      evaluation_status: s.evaluationStatus,
    },
    history: entryView(history, a.score),
  }
}

export function regradeView(result: Regraded): RegradeResult {
  return {
    session_id: result.session.id,
    revision: result.revision,
    evaluation_status: result.session.evaluationStatus,
    answers: result.answers.map((a) => ({
      answer_id: a.id,
      question_id: a.questionId,
      grading_status: a.gradingStatus,
    })),
  }
}
