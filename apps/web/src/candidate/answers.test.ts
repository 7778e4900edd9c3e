import { describe, expect, test } from 'bun:test'
import type { CandidateQuestionView } from '@assess/core'
import { fitDraft, initialAnswer, switchLanguage } from './answers.ts'

const question: CandidateQuestionView = {
  id: '00000000-0000-4000-8000-000000000001',
  index: 0,
  section: null,
  type: 'code',
  prompt: 'Sum the input.',
  points: 5,
  time_limit_seconds: null,
  style: 'stdio',
  language: 'java',
  languages: ['java', 'python'],
  boilerplate: 'class Main {}',
  boilerplates: { java: 'class Main {}', python: 'import sys' },
}

describe('a code draft per language', () => {
  test('starts in the first language with its starter code', () => {
    expect(initialAnswer(question)).toEqual({ language: 'java', code: 'class Main {}' })
  })

  test('switching keeps what was written in each language', () => {
    const java = { language: 'java' as const, code: 'class Main { /* mine */ }' }
    const python = switchLanguage(question, java, 'python')
    expect(python).toEqual({
      language: 'python',
      code: 'import sys',
      drafts: { java: 'class Main { /* mine */ }' },
    })
    const back = switchLanguage(question, { ...python, code: 'print(1)' }, 'java')
    expect(back).toEqual({
      language: 'java',
      code: 'class Main { /* mine */ }',
      drafts: { python: 'print(1)' },
    })
  })

  test('a stored draft keeps only the languages the question allows', () => {
    expect(
      fitDraft(question, {
        language: 'python',
        code: 'print(2)',
        drafts: { java: 'class Main {}', rust: 'fn main() {}', python: 'stale' },
      }),
    ).toEqual({ language: 'python', code: 'print(2)', drafts: { java: 'class Main {}' } })
    // Code in a language the question does not allow is not a draft of it.
    expect(fitDraft(question, { language: 'go', code: 'package main' })).toBeNull()
    expect(fitDraft(question, { code: 'class Main {}' })).toEqual({
      language: 'java',
      code: 'class Main {}',
    })
  })
})
