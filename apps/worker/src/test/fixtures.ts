import { CodeQuestionInput, type QuestionInput, splitQuestion } from '@assess/core'
import { type Db, schema } from '@assess/db'

let seq = 0

/** One question of each type: MCQ with partial credit, a short answer, JavaScript code. */
export function questionSet(): QuestionInput[] {
  return [
    {
      type: 'mcq',
      prompt: 'Which of these are prime?',
      points: 2,
      time_limit_seconds: null,
      section: null,
      difficulty: null,
      tags: [],
      options: [
        { id: 'a', text: '2' },
        { id: 'b', text: '4' },
        { id: 'c', text: '7' },
      ],
      correct_option_ids: ['a', 'c'],
    },
    {
      type: 'short_answer',
      prompt: 'What does an index do in Postgres?',
      points: 4,
      time_limit_seconds: null,
      section: null,
      difficulty: null,
      tags: [],
      expected_keywords: ['lookup', 'b-tree'],
      reference_answer: 'It speeds up lookups, usually with a b-tree.',
      rubric: null,
    },
    CodeQuestionInput.parse({
      type: 'code',
      prompt: 'Return the sum of two numbers.',
      points: 4,
      time_limit_seconds: null,
      section: null,
      difficulty: null,
      tags: [],
      language: 'javascript',
      boilerplate: 'function add(a, b) {\n}',
      entry_point: 'add',
      sample_test_cases: [{ input: [1, 2], expected: 3 }],
      test_cases: [
        { input: [2, 2], expected: 4 },
        { input: [-1, 1], expected: 0 },
        { input: [0.1, 0.2], expected: 0.3 },
      ],
      sample_solution: null,
      evaluation_criteria: null,
    }),
  ]
}

/**
 * A finished session with one stored (pending) answer per question, written straight to the
 * tables as the API's submit would leave them: what the grading worker starts from.
 */
export async function finishedSession(
  db: Db,
  answersByIndex: unknown[],
  options: { status?: 'completed' | 'active'; questions?: QuestionInput[] } = {},
) {
  const n = ++seq
  const [org] = await db
    .insert(schema.organizations)
    .values({ name: `Org ${n}` })
    .returning()
  if (!org) throw new Error('no org')
  const [candidate] = await db
    .insert(schema.users)
    .values({ orgId: org.id, email: `c${n}@worker.test`, name: `Cand ${n}`, role: 'candidate' })
    .returning()
  const [assessment] = await db
    .insert(schema.assessments)
    .values({
      orgId: org.id,
      title: `Assessment ${n}`,
      status: 'published',
      publishedAt: new Date(),
    })
    .returning()
  if (!candidate || !assessment) throw new Error('no fixture')
  const questions = await db
    .insert(schema.questions)
    .values(
      (options.questions ?? questionSet()).map((q, position) => {
        const { common, spec } = splitQuestion(q)
        return {
          assessmentId: assessment.id,
          position,
          type: q.type,
          prompt: common.prompt,
          points: common.points,
          spec,
        }
      }),
    )
    .returning()
  questions.sort((a, b) => a.position - b.position)
  const status = options.status ?? 'completed'
  const now = new Date()
  const [session] = await db
    .insert(schema.testSessions)
    .values({
      orgId: org.id,
      assessmentId: assessment.id,
      candidateId: candidate.id,
      attemptNumber: 1,
      status,
      ...(status === 'active' ? {} : { completionMethod: 'auto' as const, completedAt: now }),
    })
    .returning()
  if (!session) throw new Error('no session')
  const answers = await db
    .insert(schema.answers)
    .values(
      answersByIndex.map((answer, i) => ({
        sessionId: session.id,
        questionId: questions[i]?.id ?? '',
        answer,
        timeTakenMs: 1000,
        maxScore: questions[i]?.points ?? 0,
      })),
    )
    .returning()
  return { session, questions, answerIds: answers.map((a) => a.id) }
}

export const goodAnswers = [
  { choice_ids: ['a', 'c'] },
  { text: 'An index speeds up lookups; Postgres uses a b-tree by default.' },
  { language: 'javascript', code: 'function add(a, b) { return a + b }' },
]
