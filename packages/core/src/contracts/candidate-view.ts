import { codeSpecOf } from './code-questions.ts'
import type { QuestionSpec, QuestionType } from './questions.ts'
import type { CandidateQuestionView } from './sessions.ts'

/** A question as stored, in the fields the candidate's view is made of. */
export interface ViewableQuestion {
  id: string
  section: string | null
  type: QuestionType
  prompt: string
  points: number
  timeLimitSeconds: number | null
  spec: QuestionSpec
}

/**
 * What a candidate sees of a question: never the answer key, hidden tests, reference answers,
 * rubrics or sample solutions. One mapping for the API's test and the editor's preview.
 */
export function candidateQuestionView(q: ViewableQuestion, index: number): CandidateQuestionView {
  const base = { ...withheldQuestionView(q, index), prompt: q.prompt }
  const spec = q.spec
  switch (spec.type) {
    case 'mcq':
      return { ...base, options: spec.options, multiple: spec.correct_option_ids.length > 1 }
    case 'short_answer':
      return base
    case 'code': {
      const code = codeSpecOf(spec)
      return {
        ...base,
        style: code.style,
        language: code.language,
        languages: code.languages,
        boilerplate: code.boilerplate[code.language] ?? '',
        boilerplates: code.boilerplate,
        ...(code.entry_point ? { entry_point: code.entry_point } : {}),
        ...(code.signature && code.style === 'function' ? { signature: code.signature } : {}),
        comparison: code.comparison,
        sample_test_cases: code.sample_test_cases,
      }
    }
  }
}

/**
 * What a candidate sees of a timed question before opening it (free navigation): where it is,
 * its kind, points and limit, but not its content, so reading ahead costs the time it should.
 */
export function withheldQuestionView(q: ViewableQuestion, index: number): CandidateQuestionView {
  return {
    id: q.id,
    index,
    section: q.section,
    type: q.type,
    prompt: '',
    points: q.points,
    time_limit_seconds: q.timeLimitSeconds,
  }
}
