import { answerFromDraft } from '@assess/core'
import { gradeCode } from './code/grade-code.ts'
import type { GradingContext } from './context.ts'
import { gradeMcq } from './mcq.ts'
import { gradeShortAnswer } from './short-answer.ts'
import type { Grade, GradeQuestion } from './types.ts'

/** Grades one stored answer against its question, by type. Pure apart from model and sandbox. */
export async function gradeAnswer(
  ctx: GradingContext,
  question: GradeQuestion,
  storedAnswer: unknown,
): Promise<Grade> {
  // Stored answers were validated at submit; a shape that no longer fits grades as empty.
  const answer = answerFromDraft(question.spec, storedAnswer)
  const spec = question.spec
  if (spec.type === 'mcq' && 'choice_ids' in answer)
    return gradeMcq(spec, question.points, answer.choice_ids)
  if (spec.type === 'short_answer' && 'text' in answer)
    return gradeShortAnswer(ctx, { ...question, spec }, answer.text)
  if (spec.type === 'code' && 'code' in answer)
    return gradeCode(ctx, { ...question, spec }, { language: answer.language, code: answer.code })
  throw new Error(`answer shape does not match question type ${spec.type}`)
}
