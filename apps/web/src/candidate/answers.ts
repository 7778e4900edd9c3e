import type { AnswerPayload, CandidateQuestionView, CodeLanguage } from '@assess/core'

export type McqDraft = { choice_ids: string[] }
export type TextDraft = { text: string }
export type CodeDraft = { language: CodeLanguage; code: string }

/** What an untouched question submits: nothing chosen, no text, the boilerplate. */
export function initialAnswer(q: CandidateQuestionView): AnswerPayload {
  switch (q.type) {
    case 'mcq':
      return { choice_ids: [] }
    case 'short_answer':
      return { text: '' }
    case 'code':
      return { language: q.language ?? 'javascript', code: q.boilerplate ?? '' }
  }
}

/** A stored draft when it fits the question (the server may hold anything), else null. */
export function fitDraft(q: CandidateQuestionView, raw: unknown): AnswerPayload | null {
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  switch (q.type) {
    case 'mcq': {
      if (!Array.isArray(r.choice_ids)) return null
      const known = new Set((q.options ?? []).map((o) => o.id))
      const ids = r.choice_ids.filter((id): id is string => typeof id === 'string' && known.has(id))
      return { choice_ids: q.multiple ? [...new Set(ids)] : ids.slice(0, 1) }
    }
    case 'short_answer':
      return typeof r.text === 'string' ? { text: r.text } : null
    case 'code':
      return typeof r.code === 'string'
        ? { language: q.language ?? 'javascript', code: r.code }
        : null
  }
}

/** The draft to show: the newest unsent local one, else the server's, else the initial answer. */
export function startingAnswer(
  q: CandidateQuestionView,
  local: unknown,
  server: unknown,
): AnswerPayload {
  return fitDraft(q, local) ?? fitDraft(q, server) ?? initialAnswer(q)
}

export const LANGUAGE_NAMES: Record<CodeLanguage, string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  python: 'Python',
}
