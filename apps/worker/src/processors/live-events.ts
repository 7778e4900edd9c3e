import type { GradedAnswer, SavedGrades } from '@assess/db'
import type { ProcessorDeps } from './context.ts'

/**
 * `answer.graded` for each grade just saved (a replayed job saves none, so says nothing).
 * Published without waiting: live monitoring never holds up grading.
 */
export function publishGraded(
  deps: Pick<ProcessorDeps, 'live' | 'now'>,
  saved: Pick<SavedGrades, 'graded'> | null,
) {
  const at = deps.now().toISOString()
  // Publishes of one tick share one round trip (the publisher batches them).
  for (const g of saved?.graded ?? []) void deps.live.publish(g, gradedEvent(g, at))
}

const gradedEvent = (g: GradedAnswer, at: string) => ({
  type: 'answer.graded' as const,
  at,
  session_id: g.sessionId,
  assessment_id: g.assessmentId,
  data: {
    answer_id: g.answerId,
    question_id: g.questionId,
    grading_status: g.gradingStatus,
    score: g.score,
    max_score: g.maxScore,
  },
})

/** `session.summarized`, once the summary is written. */
export function publishSummarized(
  deps: Pick<ProcessorDeps, 'live' | 'now'>,
  session: { id: string; orgId: string; assessmentId: string; preview: boolean },
  result: {
    finalScore: number
    maxScore: number
    percentage: number
    recommendation: 'strong_hire' | 'hire' | 'maybe' | 'no_hire'
  },
) {
  void deps.live.publish(session, {
    type: 'session.summarized',
    at: deps.now().toISOString(),
    session_id: session.id,
    assessment_id: session.assessmentId,
    data: {
      final_score: result.finalScore,
      max_score: result.maxScore,
      percentage: result.percentage,
      recommendation: result.recommendation,
    },
  })
}
