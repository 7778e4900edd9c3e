import { z } from 'zod'

export const SUMMARY_PROMPT_VERSION = 'summary/2026-11-24.1'

export const Recommendation = z.enum(['strong_hire', 'hire', 'maybe', 'no_hire'])
export type Recommendation = z.infer<typeof Recommendation>

export const SummaryOutput = z.object({
  summary: z.string().min(1).max(3000),
  strengths: z.array(z.string().max(300)).max(6),
  improvements: z.array(z.string().max(300)).max(6),
  recommendation: Recommendation,
})
export type SummaryOutput = z.infer<typeof SummaryOutput>

/** The structured grades only: the summary never sees a candidate's raw answer. */
export interface GradedQuestionDigest {
  index: number
  type: string
  prompt: string
  /** Null when no score could be given (waiting for a person's review). */
  score: number | null
  max_score: number
  grading_status: string
  method: string | null
  notes: string[]
}

export function summaryPrompt(input: {
  assessmentTitle: string
  finalScore: number
  maxScore: number
  percentage: number
  completionMethod: string | null
  questions: GradedQuestionDigest[]
}) {
  const system = [
    'You write the hiring summary of one candidate’s technical assessment for a recruiter,',
    'from structured grades produced by the platform (you do not see the answers themselves).',
    'Be specific and fair, cite question numbers, 2 to 5 sentences. Recommendation scale:',
    'strong_hire, hire, maybe, no_hire; it must be consistent with the scores.',
  ].join(' ')
  const prompt = [
    `Assessment: ${input.assessmentTitle}`,
    `Total: ${input.finalScore} / ${input.maxScore} (${input.percentage}%), finished by: ${input.completionMethod ?? 'unknown'}`,
    `Per question (JSON):\n${JSON.stringify(input.questions, null, 1)}`,
  ].join('\n\n')
  return { system, prompt }
}
