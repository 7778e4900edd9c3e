import { z } from 'zod'
import { CODE_LANGUAGE_LABELS, CodeLanguage, codeSpecOf } from './code-questions.ts'
import type { QuestionSpec } from './questions.ts'

/** What a candidate submits, by question type. Drafts have the same shapes. */
export const McqAnswer = z.object({ choice_ids: z.array(z.string().max(50)).max(20) }).strict()
export const ShortAnswer = z.object({ text: z.string().max(20_000) }).strict()
export const CodeAnswer = z
  .object({
    language: CodeLanguage,
    code: z.string().max(100_000),
    /** The candidate's code in the question's other languages, kept while they switch. */
    drafts: z.partialRecord(CodeLanguage, z.string().max(100_000)).optional(),
  })
  .strict()
export const AnswerPayload = z.union([McqAnswer, ShortAnswer, CodeAnswer])
export type AnswerPayload = z.infer<typeof AnswerPayload>

export type AnswerCheck =
  | { ok: true; answer: AnswerPayload }
  | { ok: false; fields: Record<string, string[]> }

/** Checks an answer against its question: the right shape, known options, the right language. */
export function checkAnswer(spec: QuestionSpec, raw: unknown): AnswerCheck {
  const fail = (field: string, message: string): AnswerCheck => ({
    ok: false,
    fields: { [field]: [message] },
  })
  switch (spec.type) {
    case 'mcq': {
      const parsed = McqAnswer.safeParse(raw)
      if (!parsed.success)
        return fail('answer', 'expected { choice_ids: [...] } for a multiple-choice question')
      const ids = new Set(spec.options.map((o) => o.id))
      const unknown = parsed.data.choice_ids.find((id) => !ids.has(id))
      if (unknown !== undefined) return fail('answer.choice_ids', `"${unknown}" is not an option`)
      if (new Set(parsed.data.choice_ids).size !== parsed.data.choice_ids.length)
        return fail('answer.choice_ids', 'an option is chosen twice')
      if (spec.correct_option_ids.length === 1 && parsed.data.choice_ids.length > 1)
        return fail('answer.choice_ids', 'this question takes a single choice')
      return { ok: true, answer: parsed.data }
    }
    case 'short_answer': {
      const parsed = ShortAnswer.safeParse(raw)
      if (!parsed.success) return fail('answer', 'expected { text } for a short-answer question')
      return { ok: true, answer: parsed.data }
    }
    case 'code': {
      const parsed = CodeAnswer.safeParse(raw)
      if (!parsed.success) return fail('answer', 'expected { language, code } for a code question')
      const { languages } = codeSpecOf(spec)
      if (!languages.includes(parsed.data.language))
        return fail(
          'answer.language',
          `this question is answered in ${languages.map((l) => CODE_LANGUAGE_LABELS[l]).join(', ')}`,
        )
      return { ok: true, answer: parsed.data }
    }
  }
}

/** What the server submits for a question left without a usable draft. */
export function emptyAnswer(spec: QuestionSpec): AnswerPayload {
  switch (spec.type) {
    case 'mcq':
      return { choice_ids: [] }
    case 'short_answer':
      return { text: '' }
    case 'code':
      return { language: codeSpecOf(spec).language, code: '' }
  }
}

/** The candidate's draft when it is a valid answer, else the empty answer. */
export function answerFromDraft(spec: QuestionSpec, draft: unknown): AnswerPayload {
  if (draft === undefined || draft === null) return emptyAnswer(spec)
  const checked = checkAnswer(spec, draft)
  return checked.ok ? checked.answer : emptyAnswer(spec)
}
