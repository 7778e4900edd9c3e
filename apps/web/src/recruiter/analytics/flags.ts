import type { QuestionAnalytics } from '@assess/core'
import type { Tone } from '../format.ts'

/** p below this: (almost) nobody answers it correctly. */
export const HARD_BELOW = 0.2
/** p above this: (almost) everybody does, so it tells candidates apart very little. */
export const EASY_ABOVE = 0.95

export type QuestionFlag = 'nobody_correct' | 'everybody_correct' | 'negative_discrimination'

export const FLAG_INFO: Record<QuestionFlag, { label: string; meaning: string; tone: Tone }> = {
  nobody_correct: {
    label: 'Too hard',
    meaning: `p below ${HARD_BELOW}: almost nobody answers it correctly. Check the key or the wording.`,
    tone: 'danger',
  },
  everybody_correct: {
    label: 'Too easy',
    meaning: `p above ${EASY_ABOVE}: almost everybody answers it correctly, so it tells candidates apart very little.`,
    tone: 'warn',
  },
  negative_discrimination: {
    label: 'Misleading',
    meaning:
      'Discrimination below 0: candidates who do well on the rest of the test do worse on this question. Check the key.',
    tone: 'danger',
  },
}

/** What is worth a recruiter's second look about a question; nothing while the figures are null. */
export function questionFlags(
  q: Pick<QuestionAnalytics, 'p_value' | 'discrimination'>,
): QuestionFlag[] {
  const flags: QuestionFlag[] = []
  if (q.p_value !== null && q.p_value < HARD_BELOW) flags.push('nobody_correct')
  if (q.p_value !== null && q.p_value > EASY_ABOVE) flags.push('everybody_correct')
  if (q.discrimination !== null && q.discrimination < 0) flags.push('negative_discrimination')
  return flags
}

/** A share of a whole, as a bar's width in percent (0 when the whole is empty). */
export function shareOf(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0
}
