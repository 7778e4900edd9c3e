import { describe, expect, test } from 'bun:test'
import { NO_MODELS } from '../llm/models.ts'
import { mockModel } from '../testing/mock-model.ts'
import { digestAnswer } from './digest.ts'
import { clampRecommendation, recommendationFor } from './recommend.ts'
import { summarizeSession } from './summarize.ts'

const rows = [
  {
    index: 0,
    type: 'mcq',
    prompt: 'Pick the O(1) structure',
    score: 2,
    maxScore: 2,
    gradingStatus: 'graded',
    grader: { method: 'exact' },
    feedback: { total: 2 },
  },
  {
    index: 1,
    type: 'short_answer',
    prompt: 'Explain indexes',
    score: 1.5,
    maxScore: 4,
    gradingStatus: 'graded',
    grader: { method: 'keywords+heuristic' },
    feedback: { keyword: { found_count: 1, total: 3 } },
  },
  {
    index: 2,
    type: 'code',
    prompt: 'Write add(a, b)',
    score: 3,
    maxScore: 4,
    gradingStatus: 'needs_review',
    grader: { method: 'tests' },
    feedback: { tests: { passed: 3, total: 4, verdicts: { passed: 3, wrong_answer: 1 } } },
  },
]
const input = {
  assessmentTitle: 'Backend basics',
  completionMethod: 'auto',
  questions: rows.map(digestAnswer),
}

describe('session summary', () => {
  test('the recommendation bands', () => {
    expect([90, 85, 84.99, 70, 55, 49].map(recommendationFor)).toEqual([
      'strong_hire',
      'strong_hire',
      'hire',
      'hire',
      'maybe',
      'no_hire',
    ])
  })

  test('without a model: totals and a rule-based summary, labelled as such', async () => {
    const { totals, summary } = await summarizeSession({ models: NO_MODELS }, input)
    expect(totals).toEqual({ finalScore: 6.5, maxScore: 10, percentage: 65 })
    expect(summary).toMatchObject({ method: 'rules', model: null, recommendation: 'maybe' })
    expect(summary.summary).toContain('rule-based, no AI model')
    expect(summary.summary).toContain('65%')
    expect(summary.summary).toContain('Q3 (coding)') // awaiting review is named
    expect(summary.strengths.join(' ')).toContain('Q1')
    expect(summary.improvements.join(' ')).toContain('key points 1/3')
  })

  test('with a model: written from the digests, recommendation kept within one band', async () => {
    const mock = mockModel([
      {
        summary: 'Solid fundamentals.',
        strengths: ['MCQ'],
        improvements: ['Indexes'],
        recommendation: 'strong_hire',
      },
    ])
    const { summary } = await summarizeSession(
      { models: { ...NO_MODELS, summary: mock.model } },
      input,
    )
    expect(summary).toMatchObject({ method: 'llm', summary: 'Solid fundamentals.' })
    expect(summary.recommendation).toBe('hire') // 65% is "maybe": one band up at most
    // What the model said is kept, so a later change of the totals clamps from it, not from 'hire'.
    expect(summary.model_recommendation).toBe('strong_hire')
    expect(summary.prompt_version).toMatch(/^summary\//)
    expect(mock.prompts[0]).toContain('tests 3/4 passed (1 wrong_answer)')
  })

  test('an answer without a score is left out of the totals, not counted as 0', async () => {
    const unscored = [...rows.slice(0, 2), { ...rows[2], score: null, feedback: {} }].map((r) =>
      digestAnswer(r as (typeof rows)[number]),
    )
    const { totals, summary } = await summarizeSession(
      { models: NO_MODELS },
      { ...input, questions: unscored },
    )
    expect(totals).toEqual({ finalScore: 3.5, maxScore: 6, percentage: 58.33 })
    expect(summary.pending_review).toBe(1)
    expect(summary.summary).toContain('Q3 (coding)')
  })

  test('clamping never moves a recommendation more than one band from the score', () => {
    expect(clampRecommendation('strong_hire', 10)).toBe('maybe')
    expect(clampRecommendation('no_hire', 95)).toBe('hire')
    expect(clampRecommendation('hire', 60)).toBe('hire')
  })

  test('a score a person set is named in the digest and the rule-based summary', async () => {
    const human = rows.map((r, i) =>
      i === 1 ? { ...r, grader: { method: 'human', user_id: 'u', reason: 'checked' } } : r,
    )
    const digests = human.map(digestAnswer)
    expect(digests[1]?.notes).toContain('score set by a person (human override)')
    const { summary } = await summarizeSession(
      { models: NO_MODELS },
      { ...input, questions: digests },
    )
    expect(summary.summary).toContain('1 score(s) were adjusted by a person: Q2 (short answer).')
  })
})
