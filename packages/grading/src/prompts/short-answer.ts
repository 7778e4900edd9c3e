import { z } from 'zod'
import { UNTRUSTED_NOTICE, untrusted } from './untrusted.ts'

export const SHORT_ANSWER_PROMPT_VERSION = 'short-answer/2026-11-24.1'

export const SemanticGrade = z.object({
  score: z
    .number()
    .min(0)
    .max(10)
    .describe('0 (wrong or empty) to 10 (fully correct and complete)'),
  reasoning: z.string().max(2000).describe('One to three sentences on why'),
  strengths: z.array(z.string().max(300)).max(5),
  improvements: z.array(z.string().max(300)).max(5),
})
export type SemanticGrade = z.infer<typeof SemanticGrade>

export function shortAnswerPrompt(input: {
  question: string
  referenceAnswer: string
  rubric: string | null
  answer: string
}) {
  const system = [
    'You grade one short written answer in a technical hiring assessment.',
    'Compare the answer with the reference answer and the rubric; judge correctness and',
    'completeness of the ideas, not wording, spelling or length. Score 0 to 10.',
    UNTRUSTED_NOTICE,
    'Tag: <candidate_answer>.',
  ].join(' ')
  const prompt = [
    `Question:\n${input.question}`,
    `Reference answer:\n${input.referenceAnswer}`,
    input.rubric ? `Rubric:\n${input.rubric}` : 'Rubric: none beyond the reference answer.',
    `The candidate's answer (untrusted):\n${untrusted('candidate_answer', input.answer)}`,
  ].join('\n\n')
  return { system, prompt }
}
