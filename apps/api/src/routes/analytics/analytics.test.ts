import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { QuestionInput } from '@assess/core'
import {
  createPublishedAssessment,
  createStaff,
  sampleQuestions,
  startCandidate,
} from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

type Staff = Awaited<ReturnType<typeof createStaff>>
type Status = 'active' | 'paused' | 'completed' | 'expired' | 'abandoned' | 'cancelled'
type Recommendation = 'strong_hire' | 'hire' | 'maybe' | 'no_hire'

const S = 1000
const analytics = (id: string, token: string) =>
  t.request('GET', `/api/assessments/${id}/analytics`, { token })
const emptyHistogram = () =>
  Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0 }))
/** The histogram with `counts` (bin index → count) filled in. */
const histogram = (counts: Record<number, number>) =>
  emptyHistogram().map((bin, i) => ({ ...bin, count: counts[i] ?? 0 }))

let seq = 0
/** A candidate of the organization, as accepting an invitation makes one. */
async function insertCandidate(orgId: string): Promise<string> {
  const email = `analytics-${++seq}-${Date.now().toString(36)}@example.test`
  const [row] = await t.sql`
    INSERT INTO users (org_id, email, name, role) VALUES (${orgId}, ${email}, ${`Candidate ${seq}`}, 'candidate')
    RETURNING id`
  return row?.id
}

interface AnswerPlan {
  question: number
  answer: unknown
  timeMs: number
  /** Null while grading is pending; 'review' for needs_review (no score). */
  score: number | null | 'review'
  by?: 'candidate' | 'server'
  expired?: boolean
}

interface SessionPlan {
  status: Status
  /** started_at → completed_at for an ended session. */
  durationS?: number
  finalScore?: number
  percentage?: number
  recommendation?: Recommendation
  answers: AnswerPlan[]
}

const COMPLETION: Record<Status, string | null> = {
  active: null,
  paused: null,
  completed: 'manual',
  expired: 'timer_expired',
  abandoned: 'tab_close',
  cancelled: 'cancelled',
}
const BASE = Date.UTC(2026, 0, 5, 9, 0, 0)

/** One session and its answers, written as the API and the grading worker would leave them. */
async function insertSession(
  staff: Staff,
  assessmentId: string,
  questions: { id: string; points: number }[],
  plan: SessionPlan,
) {
  const candidateId = await insertCandidate(staff.organization.id)
  const startedAt = new Date(BASE + ++seq * 3600 * S)
  const completedAt =
    plan.durationS === undefined ? null : new Date(startedAt.getTime() + plan.durationS * S)
  const graded = plan.percentage !== undefined
  const [session] = await t.sql`
    INSERT INTO test_sessions (org_id, assessment_id, candidate_id, attempt_number, status,
      completion_method, started_at, completed_at, paused_at, pause_reason, final_score,
      max_score, percentage, recommendation, evaluation_status)
    VALUES (${staff.organization.id}, ${assessmentId}, ${candidateId}, 1, ${plan.status},
      ${COMPLETION[plan.status]}, ${startedAt.toISOString()}, ${completedAt?.toISOString() ?? null},
      ${plan.status === 'paused' ? startedAt.toISOString() : null},
      ${plan.status === 'paused' ? 'Fire drill' : null}, ${plan.finalScore ?? null},
      ${graded ? 10 : null}, ${plan.percentage ?? null}, ${plan.recommendation ?? null},
      ${graded ? 'done' : 'pending'})
    RETURNING id`
  for (const a of plan.answers) {
    const question = questions[a.question]
    if (!question) throw new Error(`no question ${a.question}`)
    const status = a.score === null ? 'pending' : a.score === 'review' ? 'needs_review' : 'graded'
    await t.sql`
      INSERT INTO answers (session_id, question_id, answer, time_taken_ms, time_expired,
        submitted_by, grading_status, score, max_score)
      VALUES (${session?.id}, ${question.id}, ${JSON.stringify(a.answer)}::jsonb, ${a.timeMs},
        ${a.expired ?? false}, ${a.by ?? 'candidate'}, ${status},
        ${typeof a.score === 'number' ? a.score : null}, ${question.points})`
  }
  return session?.id as string
}

/** A staff member of `staff`'s organization with the recruiter role. */
async function recruiterOf(staff: Staff) {
  const email = `recruiter-${++seq}-${Date.now().toString(36)}@example.test`
  const [user] = await t.sql`
    INSERT INTO users (org_id, email, name, role) VALUES (${staff.organization.id}, ${email}, 'Rita Recruiter', 'recruiter')
    RETURNING id`
  return t.tokens.signStaff({ id: user?.id, orgId: staff.organization.id, role: 'recruiter' })
}

describe('GET /api/assessments/:id/analytics', () => {
  test('no sessions: zero counts, null rates and statistics, ten empty bins, every question listed', async () => {
    const staff = await createStaff(t)
    const { assessment, questions } = await createPublishedAssessment(t, staff.actor)
    const res = await analytics(assessment.id, staff.token)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      assessment_id: assessment.id,
      sessions: {
        total: 0,
        active: 0,
        paused: 0,
        completed: 0,
        expired: 0,
        abandoned: 0,
        cancelled: 0,
      },
      completion_rate: null,
      abandonment_rate: null,
      duration_seconds: { mean: null, median: null, p90: null },
      score: { mean: null, median: null, p25: null, p75: null, histogram: emptyHistogram() },
      recommendations: { strong_hire: 0, hire: 0, maybe: 0, no_hire: 0 },
      questions: questions.map((q, index) => ({
        question_id: q.id,
        index,
        type: q.type,
        answered: 0,
        timed_out: 0,
        average_time_seconds: null,
        p_value: null,
        discrimination: null,
        ...(q.type === 'mcq' ? { option_counts: { a: 0, b: 0, c: 0 } } : {}),
      })),
    })
  })

  test('one session taken through the API, then graded: its own numbers, no discrimination', async () => {
    const staff = await createStaff(t)
    const c = await startCandidate(t, staff.actor)
    const [mcq, short, code] = c.detail.questions
    if (!mcq || !short || !code) throw new Error('three questions expected')
    // Sequential: each question is served when the previous one is submitted, so the times
    // taken are 10 s, 20 s and 30 s, and the session lasts 60 s; the last submit completes it.
    t.clock.advance(10 * S)
    await c.call('POST', '/answers', { question_id: mcq.id, answer: { choice_ids: ['a', 'c'] } })
    t.clock.advance(20 * S)
    await c.call('POST', '/answers', { question_id: short.id, answer: { text: 'b-tree lookup' } })
    t.clock.advance(30 * S)
    const last = await c.call('POST', '/answers', {
      question_id: code.id,
      answer: { language: 'javascript', code: 'function add(a, b) { return a + b }' },
    })
    expect(last.body.session.status).toBe('completed')

    // Before grading: no score, so no score statistics and no p-value yet.
    const pending = await analytics(c.detail.assessment.id, staff.token)
    expect(pending.status).toBe(200)
    expect(pending.body.score).toEqual({
      mean: null,
      median: null,
      p25: null,
      p75: null,
      histogram: emptyHistogram(),
    })
    expect(pending.body.questions.map((q: { p_value: unknown }) => q.p_value)).toEqual([
      null,
      null,
      null,
    ])

    // What the worker writes: full marks, 100% (the last bin holds 100), a strong hire.
    await t.sql`UPDATE answers SET grading_status = 'graded', score = max_score
      WHERE session_id = ${c.sessionId}`
    await t.sql`UPDATE test_sessions SET final_score = 10, max_score = 10, percentage = 100,
      recommendation = 'strong_hire', evaluation_status = 'done' WHERE id = ${c.sessionId}`

    const res = await analytics(c.detail.assessment.id, staff.token)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      assessment_id: c.detail.assessment.id,
      sessions: {
        total: 1,
        active: 0,
        paused: 0,
        completed: 1,
        expired: 0,
        abandoned: 0,
        cancelled: 0,
      },
      completion_rate: 1,
      abandonment_rate: 0,
      duration_seconds: { mean: 60, median: 60, p90: 60 },
      score: { mean: 100, median: 100, p25: 100, p75: 100, histogram: histogram({ 9: 1 }) },
      recommendations: { strong_hire: 1, hire: 0, maybe: 0, no_hire: 0 },
      questions: [
        {
          question_id: mcq.id,
          index: 0,
          type: 'mcq',
          answered: 1,
          timed_out: 0,
          average_time_seconds: 10,
          p_value: 1,
          discrimination: null,
          option_counts: { a: 1, b: 0, c: 1 },
        },
        {
          question_id: short.id,
          index: 1,
          type: 'short_answer',
          answered: 1,
          timed_out: 0,
          average_time_seconds: 20,
          p_value: 1,
          discrimination: null,
        },
        {
          question_id: code.id,
          index: 2,
          type: 'code',
          answered: 1,
          timed_out: 0,
          average_time_seconds: 30,
          p_value: 1,
          discrimination: null,
        },
      ],
    })
  })

  test('a scenario of eight sessions, every number worked out by hand', async () => {
    const staff = await createStaff(t)
    const [, shortBase, codeBase] = sampleQuestions()
    const scenario: QuestionInput[] = [
      {
        type: 'mcq',
        prompt: 'Which of these are prime?',
        points: 2,
        time_limit_seconds: 60,
        section: null,
        difficulty: null,
        tags: [],
        options: [
          { id: 'a', text: '2' },
          { id: 'b', text: '4' },
          { id: 'c', text: '7' },
          { id: 'd', text: '9' },
        ],
        correct_option_ids: ['a', 'c'],
      },
      { ...(shortBase as QuestionInput & { type: 'short_answer' }), points: 5 },
      { ...(codeBase as QuestionInput & { type: 'code' }), points: 2 },
      {
        type: 'mcq',
        prompt: 'Is 2 even?',
        points: 1,
        time_limit_seconds: 60,
        section: null,
        difficulty: null,
        tags: [],
        options: [
          { id: 'x', text: 'Yes' },
          { id: 'y', text: 'No' },
        ],
        correct_option_ids: ['x'],
      },
    ]
    const { assessment, questions } = await createPublishedAssessment(t, staff.actor, {
      questions: scenario,
    })
    const qs = questions.map((q) => ({ id: q.id, points: q.points }))
    const text = { text: 'an index is a b-tree' }
    const code = { language: 'javascript', code: 'function add(a, b) { return a + b }' }
    const mcq = (...ids: string[]) => ({ choice_ids: ids })

    // Q0 mcq /2, Q1 short /5, Q2 code /2, Q3 mcq /1 (10 points). final_score is the sum of the
    // graded scores; percentage = final_score × 10. S5 and S6 have Q1 in review (no score).
    //        status     dur s  Q0  Q1  Q2  Q3 | total  %   recommendation
    //   S1 completed   1200    2   5   0   1 |   8   80   strong_hire
    //   S2 completed    900    2   4   0   1 |   7   70   hire
    //   S3 completed   1500    1   3   1   1 |   6   60   hire
    //   S4 expired     2400    1   2   1   1 |   5   50   maybe
    //   S5 abandoned    300    0   R   2   1 |   3   30   no_hire
    //   S6 cancelled    600    0   R   2   1 |   3   30   (none: cancelled)
    //   S7 active        -     2   pending   |   -    -   (Q0 graded at once, Q1 pending)
    //   S8 paused        -     no answers    |   -    -
    const plans: SessionPlan[] = [
      {
        status: 'completed',
        durationS: 1200,
        finalScore: 8,
        percentage: 80,
        recommendation: 'strong_hire',
        answers: [
          { question: 0, answer: mcq('a', 'c'), timeMs: 25 * S, score: 2 },
          { question: 1, answer: text, timeMs: 120 * S, score: 5 },
          { question: 2, answer: code, timeMs: 600 * S, score: 0 },
          { question: 3, answer: mcq('x'), timeMs: 5 * S, score: 1 },
        ],
      },
      {
        status: 'completed',
        durationS: 900,
        finalScore: 7,
        percentage: 70,
        recommendation: 'hire',
        answers: [
          { question: 0, answer: mcq('a', 'c'), timeMs: 20 * S, score: 2 },
          { question: 1, answer: text, timeMs: 90 * S, score: 4 },
          { question: 2, answer: code, timeMs: 300 * S, score: 0 },
          { question: 3, answer: mcq('x'), timeMs: 4 * S, score: 1 },
        ],
      },
      {
        status: 'completed',
        durationS: 1500,
        finalScore: 6,
        percentage: 60,
        recommendation: 'hire',
        answers: [
          { question: 0, answer: mcq('a'), timeMs: 35 * S, score: 1 },
          { question: 1, answer: text, timeMs: 150 * S, score: 3 },
          { question: 2, answer: code, timeMs: 450 * S, score: 1 },
          { question: 3, answer: mcq('x'), timeMs: 6 * S, score: 1 },
        ],
      },
      {
        status: 'expired',
        durationS: 2400,
        finalScore: 5,
        percentage: 50,
        recommendation: 'maybe',
        answers: [
          { question: 0, answer: mcq('c'), timeMs: 40 * S, score: 1 },
          { question: 1, answer: text, timeMs: 60 * S, score: 2 },
          { question: 2, answer: code, timeMs: 150 * S, score: 1 },
          // The clock ran out on Q3: the server submitted the draft.
          { question: 3, answer: mcq('x'), timeMs: 60 * S, score: 1, by: 'server', expired: true },
        ],
      },
      {
        status: 'abandoned',
        durationS: 300,
        finalScore: 3,
        percentage: 30,
        recommendation: 'no_hire',
        answers: [
          { question: 0, answer: mcq('b'), timeMs: 10 * S, score: 0 },
          // Finalized from the draft when the candidate left (server, but not timed out).
          { question: 1, answer: text, timeMs: 30 * S, score: 'review', by: 'server' },
          { question: 2, answer: code, timeMs: 30 * S, score: 2 },
          { question: 3, answer: mcq('x'), timeMs: 2 * S, score: 1 },
        ],
      },
      {
        status: 'cancelled',
        durationS: 600,
        finalScore: 3,
        percentage: 30,
        answers: [
          { question: 0, answer: mcq(), timeMs: 60 * S, score: 0, by: 'server', expired: true },
          { question: 1, answer: text, timeMs: 90 * S, score: 'review' },
          { question: 2, answer: code, timeMs: 270 * S, score: 2 },
          { question: 3, answer: mcq('x'), timeMs: 7 * S, score: 1 },
        ],
      },
      {
        status: 'active',
        answers: [
          { question: 0, answer: mcq('a', 'c'), timeMs: 20 * S, score: 2 },
          { question: 1, answer: text, timeMs: 90 * S, score: null },
        ],
      },
      { status: 'paused', answers: [] },
    ]
    for (const plan of plans) await insertSession(staff, assessment.id, qs, plan)

    // Noise that must not count: another assessment of the same organization.
    const other = await createPublishedAssessment(t, staff.actor)
    await insertSession(
      staff,
      other.assessment.id,
      other.questions.map((q) => ({ id: q.id, points: q.points })),
      {
        status: 'completed',
        durationS: 60,
        finalScore: 10,
        percentage: 100,
        recommendation: 'strong_hire',
        answers: [{ question: 0, answer: mcq('b'), timeMs: S, score: 0 }],
      },
    )

    const res = await analytics(assessment.id, staff.token)
    expect(res.status).toBe(200)
    const body = res.body
    expect(body.assessment_id).toBe(assessment.id)
    // 8 sessions; ended = completed 3 + expired 1 + abandoned 1 + cancelled 1 = 6.
    expect(body.sessions).toEqual({
      total: 8,
      active: 1,
      paused: 1,
      completed: 3,
      expired: 1,
      abandoned: 1,
      cancelled: 1,
    })
    expect(body.completion_rate).toBe(3 / 6) // 0.5
    expect(body.abandonment_rate).toBeCloseTo(1 / 6, 12)

    // Ended durations sorted: 300, 600, 900, 1200, 1500, 2400 (s).
    // mean = 6900 / 6 = 1150. percentile_cont(p) sits at 0-based position p × (n − 1):
    // median at 2.5 → (900 + 1200) / 2 = 1050; p90 at 4.5 → 1500 + 0.5 × (2400 − 1500) = 1950.
    expect(body.duration_seconds).toEqual({ mean: 1150, median: 1050, p90: 1950 })

    // Percentages of S1–S6 sorted: 30, 30, 50, 60, 70, 80 (S7, S8 have none).
    // mean = 320 / 6 = 53.33…; median at 2.5 → (50 + 60) / 2 = 55;
    // p25 at 1.25 → 30 + 0.25 × (50 − 30) = 35; p75 at 3.75 → 60 + 0.75 × (70 − 60) = 67.5.
    // Bins: [30,40) 2, [50,60) 1, [60,70) 1, [70,80) 1, [80,90) 1; each value on a lower bound.
    expect(body.score.mean).toBeCloseTo(320 / 6, 10)
    expect({ ...body.score, mean: null }).toEqual({
      mean: null,
      median: 55,
      p25: 35,
      p75: 67.5,
      histogram: histogram({ 3: 2, 5: 1, 6: 1, 7: 1, 8: 1 }),
    })
    expect(body.recommendations).toEqual({ strong_hire: 1, hire: 2, maybe: 1, no_hire: 1 })

    const [q0, q1, q2, q3] = body.questions
    expect(body.questions.map((q: { question_id: string }) => q.question_id)).toEqual(
      questions.map((q) => q.id),
    )

    // Q0: 7 answers (S1–S7); S6's was submitted by the server when its window closed.
    // Times: 25 + 20 + 35 + 40 + 10 + 60 + 20 = 210 s / 7 = 30 s.
    // p: graded answers S1–S7 (S7's MCQ is graded though the session is not):
    //   (1 + 1 + 0.5 + 0.5 + 0 + 0 + 1) / 7 = 4 / 7.
    // Discrimination over the 6 graded sessions (S7 has no percentage):
    //   x = Q0 / 2 = 1, 1, 0.5, 0.5, 0, 0 (mean 0.5; deviations ±0.5, 0; Sxx = 4 × 0.25 = 1)
    //   y = total − Q0 = 6, 5, 5, 4, 3, 3 (sum 26; Σy² = 120; Syy = 120 − 26² / 6 = 22 / 3)
    //   Sxy = Σ(x − x̄)·y = 0.5·6 + 0.5·5 + 0 + 0 − 0.5·3 − 0.5·3 = 2.5
    //   r = 2.5 / √(1 × 22/3) ≈ 0.92319
    // Options: a (S1, S2, S3, S7) 4, b (S5) 1, c (S1, S2, S4, S7) 4, d never 0.
    expect(q0).toMatchObject({
      index: 0,
      type: 'mcq',
      answered: 6,
      timed_out: 1,
      average_time_seconds: 30,
      option_counts: { a: 4, b: 1, c: 4, d: 0 },
    })
    expect(q0.p_value).toBeCloseTo(4 / 7, 12)
    expect(q0.discrimination).toBeCloseTo(2.5 / Math.sqrt(22 / 3), 9)

    // Q1: 7 answers, S5's by the server: answered 6, none timed out.
    // Times: 120 + 90 + 150 + 60 + 30 + 90 + 90 = 630 s / 7 = 90 s.
    // p: graded only in S1–S4 (S5, S6 in review, S7 pending): (5 + 4 + 3 + 2) / 5 / 4 = 0.7.
    // Discrimination: 4 graded sessions < 5 → null.
    expect(q1).toEqual({
      question_id: questions[1]?.id,
      index: 1,
      type: 'short_answer',
      answered: 6,
      timed_out: 0,
      average_time_seconds: 90,
      p_value: expect.any(Number),
      discrimination: null,
    })
    expect(q1.p_value).toBeCloseTo(0.7, 12)

    // Q2: 6 answers, all by the candidates. Times: 600 + 300 + 450 + 150 + 30 + 270 = 1800 s / 6
    // = 300 s. p = (0 + 0 + 0.5 + 0.5 + 1 + 1) / 6 = 0.5.
    //   x = Q2 / 2 = 0, 0, 0.5, 0.5, 1, 1 (mean 0.5; Sxx = 1)
    //   y = total − Q2 = 8, 7, 5, 4, 1, 1 (sum 26; Σy² = 156; Syy = 156 − 26² / 6 = 130 / 3)
    //   Sxy = −0.5·8 − 0.5·7 + 0 + 0 + 0.5·1 + 0.5·1 = −6.5
    //   r = −6.5 / √(130/3) ≈ −0.98742: the strong candidates fail it, the weak ones pass.
    expect(q2).toMatchObject({
      index: 2,
      type: 'code',
      answered: 6,
      timed_out: 0,
      average_time_seconds: 300,
      p_value: 0.5,
    })
    expect(q2).not.toHaveProperty('option_counts')
    expect(q2.discrimination).toBeCloseTo(-6.5 / Math.sqrt(130 / 3), 9)

    // Q3: 6 answers, S4's by the server at the deadline: answered 5, timed out 1.
    // Times: 5 + 4 + 6 + 60 + 2 + 7 = 84 s / 6 = 14 s. Everyone scores 1: p = 1, and x has no
    // variance, so the correlation is undefined → null. Options: x 6, y 0.
    expect(q3).toEqual({
      question_id: questions[3]?.id,
      index: 3,
      type: 'mcq',
      answered: 5,
      timed_out: 1,
      average_time_seconds: 14,
      p_value: 1,
      discrimination: null,
      option_counts: { x: 6, y: 0 },
    })
  })

  test('security: staff only, a recruiter of the organization too; another organization 404', async () => {
    const staff = await createStaff(t)
    const rival = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const path = `/api/assessments/${assessment.id}/analytics`
    await expectStaffOnly(t, { method: 'GET', path }, rival.token)
    const theirs = await analytics(assessment.id, rival.token)
    expect([theirs.status, theirs.body.error.code]).toEqual([404, 'assessment_not_found'])

    const recruiter = await analytics(assessment.id, await recruiterOf(staff))
    expect(recruiter.status).toBe(200)
    expect(recruiter.body.assessment_id).toBe(assessment.id)

    const unknown = await analytics(crypto.randomUUID(), staff.token)
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'assessment_not_found'])
    const bad = await analytics('not-a-uuid', staff.token)
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.fields).toHaveProperty('id')
  })

  test('a draft with no questions yet: an empty question list', async () => {
    const staff = await createStaff(t)
    const res = await t.request('POST', '/api/assessments', {
      token: staff.token,
      body: { title: 'Empty draft', questions: [] },
    })
    expect(res.status).toBe(201)
    const empty = await analytics(res.body.assessment.id, staff.token)
    expect(empty.status).toBe(200)
    expect(empty.body.questions).toEqual([])
    expect(empty.body.sessions.total).toBe(0)
  })
})

test('the route is in the OpenAPI document, with its definitions', async () => {
  const doc = await t.request('GET', '/api/openapi.json')
  const route = doc.body.paths['/api/assessments/{id}/analytics'].get
  expect(Object.keys(route.responses)).toEqual(
    expect.arrayContaining(['200', '400', '401', '403', '404']),
  )
  const schema = JSON.stringify(route.responses['200'])
  expect(schema).toContain('completed / ended')
  expect(schema).toContain('Corrected item–total correlation')
})
