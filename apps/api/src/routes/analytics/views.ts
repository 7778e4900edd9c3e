import type { AssessmentAnalytics, QuestionAnalytics } from '@assess/core'
import type { AssessmentAnalyticsData, QuestionAnalyticsData } from '@assess/db'

const questionView = (q: QuestionAnalyticsData): QuestionAnalytics => ({
  question_id: q.questionId,
  index: q.index,
  type: q.type,
  answered: q.answered,
  timed_out: q.timedOut,
  average_time_seconds: q.averageTimeSeconds,
  p_value: q.pValue,
  discrimination: q.discrimination,
  // Present for multiple choice only, as the contract says; other types omit the key.
  ...(q.optionCounts ? { option_counts: q.optionCounts } : {}),
})

export const assessmentAnalyticsView = (a: AssessmentAnalyticsData): AssessmentAnalytics => ({
  assessment_id: a.assessmentId,
  sessions: a.sessions,
  completion_rate: a.completionRate,
  abandonment_rate: a.abandonmentRate,
  duration_seconds: a.durationSeconds,
  score: a.score,
  recommendations: {
    strong_hire: a.recommendations.strongHire,
    hire: a.recommendations.hire,
    maybe: a.recommendations.maybe,
    no_hire: a.recommendations.noHire,
  },
  questions: a.questions.map(questionView),
})
