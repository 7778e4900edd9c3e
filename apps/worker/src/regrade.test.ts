import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { GradeAnswerJob, SummarizeSessionJob } from '@assess/core'
import {
  type AnswerQueue,
  RECONCILE_AFTER_MS,
  reconcileAnswers,
  regradeAnswers,
  saveSessionSummary,
  schema,
} from '@assess/db'
import { waitUntil } from '@assess/db/testing'
import { finishedSession, goodAnswers } from './test/fixtures.ts'
import { startTestWorkers } from './test/workers.ts'

// Real grading (sandbox children, queues) on a busy machine: waits end when their condition holds.
setDefaultTimeout(120_000)

type Workers = Awaited<ReturnType<typeof startTestWorkers>>
let t: Workers
beforeAll(async () => {
  t = await startTestWorkers()
})
afterAll(() => t.close())

let seq = 0
/** A recruiter of the session's organization: who asks for the regrade. */
async function recruiterOf(orgId: string) {
  const [user] = await t.db
    .insert(schema.users)
    .values({ orgId, email: `recruiter-${++seq}@worker.test`, name: 'Rita', role: 'recruiter' })
    .returning()
  if (!user) throw new Error('no user')
  return { userId: user.id, orgId }
}

const sessionRow = async (id: string) =>
  (await t.sql`SELECT * FROM test_sessions WHERE id = ${id}`)[0]
const answersOf = (sessionId: string) =>
  t.sql`SELECT a.* FROM answers a JOIN questions q ON q.id = a.question_id
        WHERE a.session_id = ${sessionId} ORDER BY q.position`
const doneAgain = (sessionId: string) =>
  waitUntil(`session ${sessionId} evaluated`, async () => {
    const s = await sessionRow(sessionId)
    return s?.evaluation_status === 'done' ? s : undefined
  })
/** The summary jobs that ran for a session and wrote it (a skipped run returns no `saved`). */
async function summariesWritten(sessionId: string) {
  const jobs = await t.summaryQueue.getJobs(['completed'])
  return jobs
    .filter((j) => j.data.session_id === sessionId && j.returnvalue?.saved === true)
    .map((j) => j.id)
    .sort()
}
const revisionsQueued = (sessionId: string) =>
  t.summaryRevisions.filter((d) => d.sessionId === sessionId).map((d) => d.revision)
const noSummaryWaiting = async () => {
  const counts = await t.summaryQueue.getJobCounts('active', 'waiting', 'delayed', 'prioritized')
  return Object.values(counts).every((n) => n === 0)
}

/** A finished session graded and summarized once, the way the worker does it. */
async function summarizedSession() {
  const made = await finishedSession(t.db, goodAnswers)
  await t.producers.enqueueGrading(made.answerIds)
  const first = await doneAgain(made.session.id)
  await waitUntil('the first summary job', async () =>
    (await summariesWritten(made.session.id)).length === 1 ? true : undefined,
  )
  return { ...made, first }
}

describe('regrading a summarized session with the real workers', () => {
  test('a session regrade of N answers re-grades them all, recomputes the totals and writes exactly one new summary', async () => {
    const { session, answerIds, first } = await summarizedSession()
    const sessionId = session.id
    // What a model outage leaves: the code answer unscored, flagged, out of the totals.
    const [, , code] = answerIds
    await t.sql`UPDATE answers SET grading_status = 'needs_review', score = NULL,
      grader = ${JSON.stringify({ method: 'fallback' })}::jsonb WHERE id = ${code ?? ''}`
    await t.sql`UPDATE test_sessions SET final_score = 6, max_score = 6, percentage = 100
      WHERE id = ${sessionId}`
    const before = await answersOf(sessionId)

    const actor = await recruiterOf(session.orgId)
    const regraded = await regradeAnswers(
      { db: t.db, now: () => new Date(), queue: t.producers },
      actor,
      { target: { sessionId }, reason: 'The model is back' },
    )
    expect(regraded.revision).toBe(1)
    expect(regraded.answers).toHaveLength(answerIds.length)

    const after = await doneAgain(sessionId)
    await waitUntil('every summary job to finish', noSummaryWaiting)
    const answers = await answersOf(sessionId)
    expect(answers.map((a) => a.grading_status)).toEqual(['graded', 'graded', 'graded'])
    expect(answers[2]?.score).toBe(4)
    const total = answers.reduce((sum, a) => sum + a.score, 0)
    expect(after.final_score).toBeCloseTo(total, 2)
    expect(after.max_score).toBe(10)
    expect(after.percentage).toBeCloseTo(total * 10, 2)
    expect(new Date(after.evaluated_at).getTime()).toBeGreaterThan(
      new Date(first.evaluated_at).getTime(),
    )
    // The old grades are kept, each under the regrade.
    const history = await t.sql`SELECT * FROM grade_history WHERE session_id = ${sessionId}
      ORDER BY score NULLS LAST`
    expect(history.map((h) => [h.action, h.replaced_by, h.reason])).toEqual(
      before.map(() => ['regrade', actor.userId, 'The model is back']),
    )
    expect(history.map((h) => h.score).sort()).toEqual(before.map((a) => a.score).sort())

    // One summary before, exactly one after: queued once under revision 1, written once.
    expect(revisionsQueued(sessionId)).toEqual([0, 1])
    expect(await summariesWritten(sessionId)).toEqual(
      [SummarizeSessionJob.jobId(sessionId), SummarizeSessionJob.jobId(sessionId, 1)].sort(),
    )
    for (const id of answerIds)
      expect(await t.gradingQueue.getJob(GradeAnswerJob.jobId(id, 1))).toBeDefined()
  })

  test('regrades that overlap, an answer still grading and a duplicate job: each answer counted once, one summary', async () => {
    const { session, answerIds } = await summarizedSession()
    const sessionId = session.id
    const actor = await recruiterOf(session.orgId)
    // The first regrade's enqueue is lost (Redis down): its answers wait, pending.
    const lost: AnswerQueue = { enqueueGrading: async () => {} }
    const ctx = { db: t.db, now: () => new Date() }
    const one = await regradeAnswers({ ...ctx, queue: lost }, actor, {
      target: { sessionId },
      reason: 'first try',
    })
    expect(one.revision).toBe(1)
    // A summary job of the revision before the regrade is superseded, not run.
    const stale = await t.summaryQueue.add(
      SummarizeSessionJob.name,
      { session_id: sessionId, revision: 0 },
      { jobId: `stale-${sessionId}` },
    )
    await waitUntil('the stale summary job', () => stale.isCompleted())
    expect((await t.summaryQueue.getJob(`stale-${sessionId}`))?.returnvalue).toEqual({
      skipped: 'superseded by revision 1',
    })
    // One answer as if a job had claimed it meanwhile.
    const [, short] = answerIds
    await t.sql`UPDATE answers SET grading_status = 'grading' WHERE id = ${short ?? ''}`

    const two = await regradeAnswers({ ...ctx, queue: t.producers }, actor, {
      target: { sessionId },
      reason: 'second try',
    })
    expect(two.revision).toBe(2)
    expect(two.answers.every((a) => a.gradingStatus === 'pending')).toBe(true)
    // The claimed answer's own job, still around: it grades too, but only one grade is written.
    const duplicate = await t.gradingQueue.add(
      GradeAnswerJob.name,
      { answer_id: short },
      { jobId: `duplicate-${short}` },
    )
    await waitUntil('the duplicate job', () => duplicate.isCompleted())
    await doneAgain(sessionId)
    for (const id of answerIds)
      await waitUntil(`the regrade job of ${id}`, async () =>
        (await t.gradingQueue.getJob(GradeAnswerJob.jobId(id, 2)))?.isCompleted(),
      )
    await waitUntil('every summary job to finish', noSummaryWaiting)

    const answers = await answersOf(sessionId)
    expect(answers.map((a) => a.grading_status)).toEqual(['graded', 'graded', 'graded'])
    const total = answers.reduce((sum, a) => sum + a.score, 0)
    expect((await sessionRow(sessionId))?.final_score).toBeCloseTo(total, 2)
    // Only the first regrade found grades to keep; the second found the answers open.
    const history = await t.sql`SELECT reason FROM grade_history WHERE session_id = ${sessionId}`
    expect(history.map((h) => h.reason)).toEqual(['first try', 'first try', 'first try'])
    const written = await summariesWritten(sessionId)
    expect(written).toEqual(
      [SummarizeSessionJob.jobId(sessionId), SummarizeSessionJob.jobId(sessionId, 2)].sort(),
    )
    expect(revisionsQueued(sessionId)).toEqual([0, 2])
  })

  test('a regrade whose enqueue was lost: the reconciler queues it under the revision, and it is graded', async () => {
    const { session, answerIds } = await summarizedSession()
    const sessionId = session.id
    const actor = await recruiterOf(session.orgId)
    const lost: AnswerQueue = { enqueueGrading: async () => {} }
    const regraded = await regradeAnswers({ db: t.db, now: () => new Date(), queue: lost }, actor, {
      target: { sessionId },
      reason: 'Redis was down',
    })
    expect(regraded.revision).toBe(1)
    // The worker's reconciler, once the answers have waited longer than it allows.
    const later = () => new Date(Date.now() + RECONCILE_AFTER_MS + 1000)
    await reconcileAnswers({ db: t.db, now: later, queue: t.producers })
    // Queued under the revision: the bare ids are the first grading's jobs (kept for a day, or
    // still retrying), which BullMQ would dedupe against or which would be stale.
    for (const id of answerIds)
      expect((await t.gradingQueue.getJob(GradeAnswerJob.jobId(id, 1)))?.data).toEqual({
        answer_id: id,
        revision: 1,
      })
    await doneAgain(sessionId)
    await waitUntil('every summary job to finish', noSummaryWaiting)
    const answers = await answersOf(sessionId)
    expect(answers.map((a) => a.grading_status)).toEqual(['graded', 'graded', 'graded'])
    expect(revisionsQueued(sessionId)).toEqual([0, 1])
    expect(await summariesWritten(sessionId)).toEqual(
      [SummarizeSessionJob.jobId(sessionId), SummarizeSessionJob.jobId(sessionId, 1)].sort(),
    )
  })

  test('a grading job from before a regrade, still retrying, writes nothing over the regraded answer', async () => {
    const { session, answerIds } = await summarizedSession()
    const sessionId = session.id
    const actor = await recruiterOf(session.orgId)
    const lost: AnswerQueue = { enqueueGrading: async () => {} }
    await regradeAnswers({ db: t.db, now: () => new Date(), queue: lost }, actor, {
      target: { sessionId },
      reason: 'Grader fixed',
    })
    // The first grading's job of the short answer, retrying when the regrade came (the data of
    // a revision-0 job carries no revision).
    const [, short = ''] = answerIds
    const old = await t.gradingQueue.add(
      GradeAnswerJob.name,
      { answer_id: short },
      { jobId: `before-regrade-${short}` },
    )
    await waitUntil('the old job', () => old.isCompleted())
    expect((await t.gradingQueue.getJob(`before-regrade-${short}`))?.returnvalue).toEqual({
      skipped: 'already graded, regraded since or gone',
    })
    expect((await answersOf(sessionId)).map((a) => a.grading_status)).toEqual([
      'pending',
      'pending',
      'pending',
    ])
    expect((await sessionRow(sessionId))?.evaluation_status).toBe('grading')
    // The regrade's jobs, queued by the reconciler, grade them and write the one new summary.
    const later = () => new Date(Date.now() + RECONCILE_AFTER_MS + 1000)
    await reconcileAnswers({ db: t.db, now: later, queue: t.producers })
    await doneAgain(sessionId)
    await waitUntil('every summary job to finish', noSummaryWaiting)
    expect(revisionsQueued(sessionId)).toEqual([0, 1])
  })

  test('a summary written for the revision before a regrade is refused; its own revision is not', async () => {
    const { session } = await summarizedSession()
    const actor = await recruiterOf(session.orgId)
    const lost: AnswerQueue = { enqueueGrading: async () => {} }
    await regradeAnswers({ db: t.db, now: () => new Date(), queue: lost }, actor, {
      target: { sessionId: session.id },
      reason: 'again',
    })
    // Graded again (as the jobs would), while a summary of revision 0 was still being written.
    await t.sql`UPDATE answers SET grading_status = 'graded', score = 0
      WHERE session_id = ${session.id}`
    const summary = {
      sessionId: session.id,
      aiSummary: { summary: 'x', method: 'rules' },
      now: new Date(),
    }
    expect(await saveSessionSummary(t.db, { ...summary, revision: 0 })).toBeNull()
    expect((await sessionRow(session.id))?.evaluation_status).toBe('grading')
    expect(await saveSessionSummary(t.db, { ...summary, revision: 1 })).toEqual({
      finalScore: 0,
      maxScore: 10,
      percentage: 0,
      recommendation: 'no_hire',
    })
    expect((await sessionRow(session.id))?.evaluation_status).toBe('done')
  })
})
