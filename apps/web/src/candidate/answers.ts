import {
  type AnswerPayload,
  type CandidateQuestionView,
  CODE_LANGUAGE_LABELS,
  type CodeLanguage,
  type PerLanguageText,
} from '@assess/core'

export type McqDraft = { choice_ids: string[] }
export type TextDraft = { text: string }
/** The code in the chosen language, and what was written in the others (kept while switching). */
export type CodeDraft = { language: CodeLanguage; code: string; drafts?: PerLanguageText }

/** The languages a code question may be answered in, its first being the default. */
export const languagesOf = (q: CandidateQuestionView): CodeLanguage[] =>
  q.languages?.length ? q.languages : [q.language ?? 'javascript']

/** Starter code of a language: the author's, else what the server filled in. */
export const boilerplateOf = (q: CandidateQuestionView, language: CodeLanguage) =>
  q.boilerplates?.[language] ?? (language === q.language ? (q.boilerplate ?? '') : '')

/** Switches the draft to another language: the current code is kept under its own. */
export function switchLanguage(
  q: CandidateQuestionView,
  draft: CodeDraft,
  next: CodeLanguage,
): CodeDraft {
  const drafts = { ...draft.drafts, [draft.language]: draft.code }
  const { [next]: code = boilerplateOf(q, next), ...others } = drafts
  return { language: next, code, drafts: others }
}

/** What an untouched question submits: nothing chosen, no text, the boilerplate. */
export function initialAnswer(q: CandidateQuestionView): AnswerPayload {
  switch (q.type) {
    case 'mcq':
      return { choice_ids: [] }
    case 'short_answer':
      return { text: '' }
    case 'code': {
      const [language = 'javascript'] = languagesOf(q)
      return { language, code: boilerplateOf(q, language) }
    }
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
    case 'code': {
      if (typeof r.code !== 'string') return null
      const allowed = languagesOf(q)
      // Code in a language the question does not allow (any more) is not this draft's.
      const language = r.language === undefined ? allowed[0] : allowed.find((l) => l === r.language)
      if (!language) return null
      const drafts: PerLanguageText = {}
      if (typeof r.drafts === 'object' && r.drafts !== null)
        for (const [key, text] of Object.entries(r.drafts))
          if (allowed.some((l) => l === key) && typeof text === 'string' && key !== language)
            drafts[key as CodeLanguage] = text
      return Object.keys(drafts).length > 0
        ? { language, code: r.code, drafts }
        : { language, code: r.code }
    }
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

export const LANGUAGE_NAMES: Record<CodeLanguage, string> = CODE_LANGUAGE_LABELS

/** Nothing chosen, no text, or the starter code untouched: worth a second thought to submit. */
export function isEmptyAnswer(q: CandidateQuestionView, answer: AnswerPayload): boolean {
  if ('choice_ids' in answer) return answer.choice_ids.length === 0
  if ('text' in answer) return answer.text.trim() === ''
  const code = answer.code.trim()
  return code === '' || code === boilerplateOf(q, answer.language).trim()
}
