import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { saveGrade } from '@assess/db'
import { createTestDatabase, holdTransaction, waitUntil } from '@assess/db/testing'
import { finishedSession, goodAnswers, questionSet } from './test/fixtures.ts'

let database: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const grade = (answerId: string) => ({
  answerId,
  status: 'graded' as const,
  score: 1,
  feedback: null,
  grader: null,
  gradingError: null,
  now: new Date(),
})

describe('the last two grades of a session, saved at once', () => {
  test('the one that waited for the session lock sees the other and enqueues the summary', async () => {
    const { session, answerIds } = await finishedSession(database.db, goodAnswers.slice(0, 2), {
      questions: questionSet().slice(0, 2),
    })
    const [first = '', second = ''] = answerIds
    // Another worker saving the first grade, stopped while it holds the session's lock (what
    // saveGrade does before its commit).
    const other = await holdTransaction(database.sql, async (tx) => {
      await tx`UPDATE answers SET grading_status = 'graded', score = 1 WHERE id = ${first}`
      await tx`SELECT 1 FROM test_sessions WHERE id = ${session.id} FOR UPDATE`
    })
    const saving = saveGrade(database.db, grade(second))
    await waitUntil('the second save to wait for the session lock', async () => {
      const [row] = await database.sql`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`
      return (row?.n ?? 0) > 0
    })
    await other.release()
    // Judged on what was committed when it got the lock, not when its statement began.
    expect(await saving).toMatchObject({
      saved: 1,
      sessionId: session.id,
      summaryDue: true,
      revision: 0,
    })
  })
})
