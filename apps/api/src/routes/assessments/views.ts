import type { AssessmentView, QuestionView } from '@assess/core'
import type { AssessmentDetail, AssessmentRow, QuestionRow } from '@assess/db'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** The flat question recruiters wrote, with its id and position (spec fields inlined). */
export const questionView = (q: QuestionRow): QuestionView => ({
  ...q.spec,
  id: q.id,
  position: q.position,
  type: q.type,
  prompt: q.prompt,
  points: q.points,
  time_limit_seconds: q.timeLimitSeconds,
  section: q.section,
  difficulty: q.difficulty,
  tags: q.tags,
})

export const assessmentView = (
  a: AssessmentRow,
  totals: { questionCount: number; totalPoints: number },
): AssessmentView => ({
  id: a.id,
  org_id: a.orgId,
  title: a.title,
  description: a.description,
  status: a.status,
  duration_minutes: a.durationMinutes,
  navigation: a.navigation,
  max_attempts: a.maxAttempts,
  grace_seconds: a.graceSeconds,
  heartbeat_timeout_seconds: a.heartbeatTimeoutSeconds,
  show_results_to_candidate: a.showResultsToCandidate,
  question_count: totals.questionCount,
  total_points: totals.totalPoints,
  published_at: iso(a.publishedAt),
  created_at: a.createdAt.toISOString(),
  updated_at: a.updatedAt.toISOString(),
})

export const assessmentDetailView = ({ assessment, questions }: AssessmentDetail) => ({
  ...assessmentView(assessment, {
    questionCount: questions.length,
    totalPoints: questions.reduce((sum, q) => sum + q.points, 0),
  }),
  questions: questions.map(questionView),
})
