import { describe, expect, test } from 'bun:test'
import { AssessmentCreateInput } from '@assess/core'
import {
  emptyAssessment,
  newQuestion,
  type QuestionDraft,
  restyledBoilerplates,
  toPayload,
} from './model.ts'

const SIGNATURE =
  '{"params": [{"name": "nums", "type": "int[]"}, {"name": "target", "type": "int"}], "returns": "int[]"}'

function javaQuestion(patch: Partial<QuestionDraft> = {}): QuestionDraft {
  const q = {
    ...newQuestion('code'),
    prompt: 'Two sum',
    languages: ['java' as const],
    entry_point: 'twoSum',
  }
  const withSignature = { ...q, signature: SIGNATURE }
  return {
    ...withSignature,
    boilerplates: restyledBoilerplates({ ...q, boilerplates: {} }, { signature: SIGNATURE }),
    hidden_tests: '[{"input": [[3, 2, 4], 6], "expected": [1, 2]}]',
    ...patch,
  }
}

describe('a function-style question in a typed language, as the editor sends it', () => {
  test('the signature goes out as JSON and the starter code follows it', () => {
    const q = javaQuestion()
    expect(q.boilerplates.java).toContain('static int[] twoSum(int[] nums, int target)')
    const out = toPayload({ ...emptyAssessment(), title: 'T', questions: [q] })
    if (!('body' in out)) throw new Error(JSON.stringify(out.errors))
    const [question] = out.body.questions
    expect(question).toMatchObject({
      style: 'function',
      languages: ['java'],
      signature: {
        params: [
          { name: 'nums', type: 'int[]' },
          { name: 'target', type: 'int' },
        ],
        returns: 'int[]',
      },
    })
    // What the API will accept, as the API parses it.
    expect(AssessmentCreateInput.safeParse(out.body).success).toBe(true)
  })

  test('a half-typed signature is a field error, not a lost edit', () => {
    const out = toPayload({
      ...emptyAssessment(),
      title: 'T',
      questions: [javaQuestion({ signature: '{"params": [' })],
    })
    expect('errors' in out && Object.keys(out.errors)).toEqual(['questions.0.signature'])
  })

  test('starter code the recruiter wrote is kept when the signature changes', () => {
    const q = javaQuestion({ boilerplates: { java: 'class Solution { /* mine */ }' } })
    expect(restyledBoilerplates(q, { signature: '{"params": [], "returns": "long"}' })).toEqual({
      java: 'class Solution { /* mine */ }',
    })
  })
})

test('a signature left behind by unticking the typed languages does not block saving', () => {
  const q = javaQuestion({ signature: '{"params": [', languages: ['javascript'] })
  const out = toPayload({ ...emptyAssessment(), title: 'T', questions: [q] })
  if (!('body' in out)) throw new Error(JSON.stringify(out.errors))
  expect(out.body.questions[0]).toMatchObject({ signature: null })
})
