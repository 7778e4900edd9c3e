import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { clampRecommendation } from '@assess/core'
import {
  type AnswerQueue,
  claimAnswerForGrading,
  type Db,
  gradeMcqBatch,
  markEvaluationFailed,
  noteGradingAttemptError,
  overrideGrade,
  regradeAnswers,
  saveGrade,
  saveSessionSummary,
  schema,
} from '@assess/db'
import { createTestDatabase, waitUntil } from '@assess/db/testing'
import { NO_MODELS } from '@assess/grading'
import { mockModel } from '@assess/grading/testing'
import { finishedSession, goodAnswers } from './test/fixtures.ts'
import { startTestWorkers } from './test/workers.ts'

// The last test grades for real (sandbox children, queues) on a busy machine.
setDefaultTimeout(120_000)

let seq = 0
/** A recruiter of the organization: who overrides or asks for a regrade. */
async function recruiterOf(db: Db, orgId: string) {
  const [user] = await db
    .insert(schema.users)
    .values({ orgId, email: `race-${++seq}@worker.test`, name: 'Rita', role: 'recruiter' })
    .returning()
  if (!user) throw new Error('no user')
  return { userId: user.id, orgId }
}
/** A regrade whose enqueue is lost (Redis down): its answers wait, pending. */
const lost: AnswerQueue = { enqueueGrading: async () => {} }

describe('grading and summary writes racing a regrade or an override', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(() => database.close())

  const sessionRow = async (id: string) =>
    (await database.sql`SELECT * FROM test_sessions WHERE id = ${id}`)[0]
  const answerRow = async (id: string) =>
    (await database.sql`SELECT * FROM answers WHERE id = ${id}`)[0]
  const regrade = async (sessionId: string, orgId: string) =>
    regradeAnswers(
      { db: database.db, now: () => new Date(), queue: lost },
      await recruiterOf(database.db, orgId),
      { target: { sessionId }, reason: 'again' },
    )
  /** The answers graded 2, 3 and 4 (of 2, 4 and 4), the evaluation as given. */
  async function graded(evaluation: 'grading' | 'done') {
    const made = await finishedSession(database.db, goodAnswers)
    for (const [i, id] of made.answerIds.entries())
      await database.sql`UPDATE answers SET grading_status = 'graded', score = ${i + 2},
        grader = '{"method": "rules"}'::jsonb, graded_at = now() WHERE id = ${id}`
    if (evaluation === 'done')
      await database.sql`UPDATE test_sessions SET evaluation_status = 'done', final_score = 9,
        max_score = 10, percentage = 90, recommendation = 'strong_hire',
        ai_summary = '{"summary": "x", "method": "rules"}'::jsonb, evaluated_at = now()
        WHERE id = ${made.session.id}`
    else
      await database.sql`UPDATE test_sessions SET evaluation_status = 'grading'
        WHERE id = ${made.session.id}`
    return made
  }
  const grade = (answerId: string, revision: number, status: 'graded' | 'failed' = 'graded') => ({
    answerId,
    revision,
    status,
    score: status === 'graded' ? 1 : null,
    feedback: null,
    grader: status === 'graded' ? { method: 'tests' } : null,
    gradingError: status === 'failed' ? { message: 'out of retries' } : null,
    now: new Date(),
  })

  test('a job from before a regrade (still retrying) saves nothing, fails nothing, claims nothing', async () => {
    const { session, answerIds } = await finishedSession(database.db, goodAnswers)
    const [, , code = ''] = answerIds
    // The first grading's job claimed the answer; its model call is slow (or retrying).
    expect(await claimAnswerForGrading(database.db, code, 0)).not.toBeNull()
    const regraded = await regrade(session.id, session.orgId)
    expect(regraded.revision).toBe(1)
    expect((await answerRow(code))?.grading_status).toBe('pending')

    // Its grade, then (out of retries) its final-failure mark: neither lands on the reset answer.
    expect(await saveGrade(database.db, grade(code, 0))).toMatchObject({
      saved: 0,
      summaryDue: false,
    })
    expect(await saveGrade(database.db, grade(code, 0, 'failed'))).toMatchObject({ saved: 0 })
    // Its next attempt does not claim it either.
    expect(await claimAnswerForGrading(database.db, code, 0)).toBeNull()
    expect(await answerRow(code)).toMatchObject({
      grading_status: 'pending',
      score: null,
      grading_error: null,
    })

    // The regrade's own job (or the reconciler's, under the session's revision) does.
    expect(await claimAnswerForGrading(database.db, code, 1)).not.toBeNull()
    await noteGradingAttemptError(database.db, {
      answerId: code,
      revision: 0,
      error: { message: 'the old job timed out', attempt: 3, at: new Date().toISOString() },
    })
    expect((await answerRow(code))?.grading_error).toBeNull()
    expect(await saveGrade(database.db, grade(code, 1))).toMatchObject({ saved: 1 })
    expect(await answerRow(code)).toMatchObject({ grading_status: 'graded', score: 1 })

    // An MCQ job of the first grading does not start a batch either; the regrade's does.
    const [mcq = ''] = answerIds
    // As the worker grades a batch: under the session lock it read them, no revision to check.
    const instant = async (open: { answer: { id: string } }[]) =>
      open.map(({ answer }) => {
        const { revision: _, ...unchecked } = grade(answer.id, 0)
        return unchecked
      })
    expect(await gradeMcqBatch(database.db, mcq, instant, 0)).toEqual({
      kind: 'mcq',
      batch: 0,
      saved: null,
    })
    expect((await answerRow(mcq))?.grading_status).toBe('pending')
    expect(await gradeMcqBatch(database.db, mcq, instant, 1)).toMatchObject({
      kind: 'mcq',
      batch: 1,
      saved: { saved: 1 },
    })
  })

  test('a regrade of one answer leaves the older jobs of its other answers valid', async () => {
    const { session, answerIds } = await finishedSession(database.db, goodAnswers)
    const [mcq = '', short = '', code = ''] = answerIds
    await regradeAnswers(
      { db: database.db, now: () => new Date(), queue: lost },
      await recruiterOf(database.db, session.orgId),
      { target: { answerId: mcq }, reason: 'the key was wrong' },
    )
    // The first grading's jobs of the two others (revision 0) still grade them.
    expect(await claimAnswerForGrading(database.db, short, 0)).not.toBeNull()
    expect(await saveGrade(database.db, grade(short, 0))).toMatchObject({ saved: 1 })
    expect(await saveGrade(database.db, grade(code, 0))).toMatchObject({ saved: 1 })
    expect(await saveGrade(database.db, grade(mcq, 0))).toMatchObject({ saved: 0 })
    expect(await saveGrade(database.db, grade(mcq, 1))).toMatchObject({
      saved: 1,
      summaryDue: true,
      revision: 1,
    })
  })

  test('a summary job from before a regrade, failing for good, leaves the regraded session alone', async () => {
    const { session } = await graded('done')
    const { revision } = await regrade(session.id, session.orgId)
    expect((await sessionRow(session.id))?.evaluation_status).toBe('grading')
    const failed = { sessionId: session.id, reason: 'summary model down', now: new Date() }
    const stale = await markEvaluationFailed(database.db, { ...failed, revision: revision - 1 })
    expect((await sessionRow(session.id))?.evaluation_status).toBe('grading')
    expect(stale).toBe(false)
    // The regrade's own summary job failing for good does mark it.
    expect(await markEvaluationFailed(database.db, { ...failed, revision })).toBe(true)
    expect(await sessionRow(session.id)).toMatchObject({
      evaluation_status: 'failed',
      ai_summary: { error: 'summary model down' },
    })
  })

  test('an override made while the summary was being written is in the totals it saves', async () => {
    const { session, answerIds } = await graded('grading')
    const [, , code = ''] = answerIds
    // The summary job loaded the answers (2 + 3 + 4 = 9 of 10) and its model is writing; a
    // recruiter sets the code answer to 0 meanwhile (the totals are left to the summary).
    const actor = await recruiterOf(database.db, session.orgId)
    const overridden = await overrideGrade(database.db, actor, {
      answerId: code,
      score: 0,
      reason: 'copied',
      now: new Date(),
    })
    expect(overridden.session.finalScore).toBeNull()
    // The model, given 90%, said strong_hire; the save counts the override: 5 of 10.
    const saved = await saveSessionSummary(database.db, {
      sessionId: session.id,
      aiSummary: {
        summary: 'Strong.',
        method: 'llm',
        recommendation: 'strong_hire',
        model_recommendation: 'strong_hire',
      },
      revision: 0,
      now: new Date(),
    })
    expect(saved).toEqual({ finalScore: 5, maxScore: 10, percentage: 50, recommendation: 'hire' })
    expect(await sessionRow(session.id)).toMatchObject({
      evaluation_status: 'done',
      final_score: 5,
      max_score: 10,
      percentage: 50,
      recommendation: 'hire',
      ai_summary: { recommendation: 'hire', model_recommendation: 'strong_hire' },
    })
  })

  test('the claim locks the session before the answer, as a regrade does: the two never deadlock', async () => {
    const { session, answerIds } = await finishedSession(database.db, goodAnswers)
    const [, , code = ''] = answerIds
    // A regrade: the session locked, then (once the claim waits) its answers.
    let sessionLocked = () => {}
    const locked = new Promise<void>((resolve) => {
      sessionLocked = resolve
    })
    let goOn = () => {}
    const proceed = new Promise<void>((resolve) => {
      goOn = resolve
    })
    const regrading = database.sql.begin(async (tx) => {
      await tx`SELECT 1 FROM test_sessions WHERE id = ${session.id} FOR UPDATE`
      sessionLocked()
      await proceed
      // NOWAIT: an answer the claim had locked before waiting for the session is an error now,
      // where the real regrade would deadlock with it.
      return tx`SELECT id FROM answers WHERE session_id = ${session.id} ORDER BY id
        FOR UPDATE NOWAIT`
    })
    await locked
    const claiming = claimAnswerForGrading(database.db, code, 0)
    await waitUntil('the claim to wait for the session lock', async () => {
      const [row] = await database.sql`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`
      return (row?.n ?? 0) > 0
    })
    goOn()
    expect(await regrading).toHaveLength(3)
    expect((await claiming)?.answer.id).toBe(code)
    expect((await sessionRow(session.id))?.evaluation_status).toBe('grading')
  })
})

describe('an override while the summary model is writing, with the real workers', () => {
  // The summary model holds its answer until the test lets it go.
  let letGo = () => {}
  const gate = new Promise<void>((resolve) => {
    letGo = resolve
  })
  const writer = mockModel(
    [
      async () => {
        await gate
        return {
          summary: 'Strong on every question.',
          strengths: ['Q3'],
          improvements: [],
          recommendation: 'strong_hire',
        }
      },
    ],
    'mock-writer',
  )
  let t: Awaited<ReturnType<typeof startTestWorkers>>
  beforeAll(async () => {
    t = await startTestWorkers({ models: { ...NO_MODELS, summary: writer.model } })
  })
  afterAll(async () => {
    letGo()
    await t.close()
  })

  test('the summary saves totals with the override, not the grades it loaded', async () => {
    const { session, answerIds } = await finishedSession(t.db, goodAnswers)
    const [, , code = ''] = answerIds
    await t.producers.enqueueGrading(answerIds)
    await waitUntil('the summary model to be writing', () => writer.calls() > 0)
    const loaded = await t.sql`SELECT score FROM answers WHERE session_id = ${session.id}`
    const [before] = await t.sql`SELECT score FROM answers WHERE id = ${code}`
    expect(before?.score).toBeGreaterThan(0)

    const actor = await recruiterOf(t.db, session.orgId)
    await overrideGrade(t.db, actor, {
      answerId: code,
      score: 0,
      reason: 'copied',
      now: new Date(),
    })
    letGo()
    const done = await waitUntil('the session evaluated', async () => {
      const [s] = await t.sql`SELECT * FROM test_sessions WHERE id = ${session.id}`
      return s?.evaluation_status === 'done' ? s : undefined
    })

    const total = loaded.reduce((sum, a) => sum + a.score, 0) - (before?.score ?? 0)
    expect(done.final_score).toBeCloseTo(total, 2)
    expect(done.max_score).toBe(10)
    expect(done.percentage).toBeCloseTo(total * 10, 2)
    const recommendation = clampRecommendation('strong_hire', done.percentage)
    expect(done.recommendation).toBe(recommendation)
    expect(done.ai_summary).toMatchObject({
      method: 'llm',
      recommendation,
      model_recommendation: 'strong_hire',
    })
  })
})
