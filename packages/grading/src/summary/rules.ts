import type { GradedQuestionDigest } from '../prompts/summary.ts'
import { recommendationFor } from './recommend.ts'

const LABEL: Record<string, string> = {
  mcq: 'multiple choice',
  short_answer: 'short answer',
  code: 'coding',
}

/**
 * The summary without a model, labelled `rules`: the total and recommendation band, questions at
 * 80% or more as strengths, under 50% as improvements, scores a person set and answers awaiting
 * review named.
 */
export function rulesSummary(
  questions: GradedQuestionDigest[],
  totals: { finalScore: number; maxScore: number; percentage: number },
) {
  const share = (q: GradedQuestionDigest) =>
    q.score !== null && q.max_score > 0 ? q.score / q.max_score : 0
  const name = (q: GradedQuestionDigest) => `Q${q.index + 1} (${LABEL[q.type] ?? q.type})`
  const describe = (q: GradedQuestionDigest) =>
    `${name(q)}: ${q.score ?? 'unscored'}/${q.max_score}${q.notes.length ? ` (${q.notes.join('; ')})` : ''}`
  const strengths = questions.filter((q) => share(q) >= 0.8).map(describe)
  const improvements = questions.filter((q) => q.score !== null && share(q) < 0.5).map(describe)
  const review = questions.filter((q) => q.grading_status !== 'graded')
  const band = recommendationFor(totals.percentage).replace('_', ' ')
  const sentences = [
    `Automatic summary (rule-based, no AI model): scored ${totals.finalScore} of ${totals.maxScore} points (${totals.percentage}%), which falls in the "${band}" band.`,
    strengths.length
      ? `Strongest: ${strengths.map((s) => s.split(':')[0]).join(', ')}.`
      : 'No question reached 80%.',
    improvements.length
      ? `Weakest: ${improvements.map((s) => s.split(':')[0]).join(', ')}.`
      : 'No question fell below 50%.',
  ]
  const adjusted = questions.filter((q) => q.method === 'human')
  if (adjusted.length)
    sentences.push(
      `${adjusted.length} score(s) were adjusted by a person: ${adjusted.map(name).join(', ')}.`,
    )
  if (review.length)
    sentences.push(
      `${review.length} answer(s) need a person’s review before this result is final: ${review.map(name).join(', ')}.`,
    )
  return { summary: sentences.join(' '), strengths, improvements }
}
