import type { GradedQuestionDigest } from '../prompts/summary.ts'

export interface GradedAnswerRow {
  index: number
  type: string
  prompt: string
  score: number | null
  maxScore: number
  gradingStatus: string
  grader: unknown
  feedback: unknown
}

/**
 * Reduces a graded answer to numbers and facts the platform measured (keywords matched, tests
 * passed, review flags): the summary is written from these, never from the answer's own text.
 */
export function digestAnswer(row: GradedAnswerRow): GradedQuestionDigest {
  const feedback = (row.feedback ?? {}) as {
    keyword?: { found_count?: number; total?: number; missing?: string[] }
    tests?: { passed?: number; total?: number; verdicts?: Record<string, number> } | null
    injection_suspected?: string[]
  }
  const notes: string[] = []
  if (feedback.keyword?.total)
    notes.push(`key points ${feedback.keyword.found_count ?? 0}/${feedback.keyword.total}`)
  if (feedback.tests?.total) {
    const failing = Object.entries(feedback.tests.verdicts ?? {})
      .filter(([verdict]) => verdict !== 'passed')
      .map(([verdict, n]) => `${n} ${verdict}`)
    notes.push(
      `tests ${feedback.tests.passed ?? 0}/${feedback.tests.total} passed${failing.length ? ` (${failing.join(', ')})` : ''}`,
    )
  }
  if (row.gradingStatus === 'needs_review') notes.push('flagged for human review')
  if (row.gradingStatus === 'failed') notes.push('could not be graded')
  if (feedback.injection_suspected?.length) notes.push('suspected attempt to manipulate the grader')
  const method = (row.grader as { method?: string } | null)?.method ?? null
  // A recruiter's override (PUT /api/answers/:id/grade): the summary must say a person set it.
  if (method === 'human') notes.push('score set by a person (human override)')
  return {
    index: row.index,
    type: row.type,
    prompt: row.prompt.length > 300 ? `${row.prompt.slice(0, 300)}…` : row.prompt,
    score: row.score,
    max_score: row.maxScore,
    grading_status: row.gradingStatus,
    method,
    notes,
  }
}
