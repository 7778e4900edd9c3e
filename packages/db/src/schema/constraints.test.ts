import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'drizzle-orm'
import type { DbHandle } from '../client.ts'
import { migrateDatabase } from '../migrate.ts'
import { isUniqueViolation } from '../pg-errors.ts'
import { createTestDatabase } from '../testing/database.ts'
import { assessments, organizations, testSessions, users } from './index.ts'

let h: DbHandle & { url: string }
beforeAll(async () => {
  h = await createTestDatabase()
})
afterAll(() => h.close())

async function fixture() {
  const [org] = await h.db.insert(organizations).values({ name: 'Org' }).returning()
  if (!org) throw new Error('no org')
  const [candidate] = await h.db
    .insert(users)
    .values({
      orgId: org.id,
      email: `c${crypto.randomUUID()}@x.test`,
      name: 'C',
      role: 'candidate',
    })
    .returning()
  const [assessment] = await h.db
    .insert(assessments)
    .values({ orgId: org.id, title: 'A', status: 'published', publishedAt: new Date() })
    .returning()
  if (!candidate || !assessment) throw new Error('no fixture')
  return { org, candidate, assessment }
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: unknown) => err,
  )

const journal: { entries: unknown[] } = await Bun.file(
  new URL('../../migrations/meta/_journal.json', import.meta.url),
).json()

describe('migrations', () => {
  test('applying them again to an up-to-date database changes nothing', async () => {
    await migrateDatabase(h.url)
    const rows = await h.sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`
    expect(rows[0]?.n).toBe(journal.entries.length)
  })
})

describe('constraints live in the database', () => {
  test('two concurrent starts yield exactly one active session per (assessment, candidate)', async () => {
    const { org, candidate, assessment } = await fixture()
    const start = (attemptNumber: number) =>
      h.db.insert(testSessions).values({
        orgId: org.id,
        assessmentId: assessment.id,
        candidateId: candidate.id,
        attemptNumber,
      })
    const results = await Promise.allSettled([start(1), start(2)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(isUniqueViolation(rejected.reason, 'test_sessions_one_active_key')).toBe(true)
    // Once that session ends, the next attempt may start.
    await h.db.execute(
      sql`UPDATE test_sessions SET status = 'completed', completion_method = 'manual', completed_at = now()`,
    )
    await start(3)
  })

  test('a finished session must say how and when it finished', async () => {
    const { org, candidate, assessment } = await fixture()
    const err = await failure(
      h.db.insert(testSessions).values({
        orgId: org.id,
        assessmentId: assessment.id,
        candidateId: candidate.id,
        attemptNumber: 1,
        status: 'completed',
      }),
    )
    expect(String((err as { cause?: unknown }).cause ?? err)).toContain(
      'test_sessions_finished_has_method',
    )
  })

  test('enums, checks and lower-case emails are enforced', async () => {
    const { org } = await fixture()
    const badRole = await failure(
      h.sql`INSERT INTO users (org_id, email, name, role) VALUES (${org.id}, 'a@x.test', 'A', 'owner')`,
    )
    expect(badRole).toBeDefined()
    const upper = await failure(
      h.db.insert(users).values({
        orgId: org.id,
        email: 'Upper@X.test',
        name: 'U',
        role: 'recruiter',
        passwordHash: 'h',
      }),
    )
    expect(upper).toBeDefined()
    const candidateWithPassword = await failure(
      h.db.insert(users).values({
        orgId: org.id,
        email: 'p@x.test',
        name: 'P',
        role: 'candidate',
        passwordHash: 'h',
      }),
    )
    expect(candidateWithPassword).toBeDefined()
    const zeroAttempts = await failure(
      h.db.insert(assessments).values({ orgId: org.id, title: 'A', maxAttempts: 0 }),
    )
    expect(zeroAttempts).toBeDefined()
  })

  test('updated_at is kept by a trigger, whoever writes the row', async () => {
    const [org] = await h.db.insert(organizations).values({ name: 'Before' }).returning()
    if (!org) throw new Error('no org')
    await h.sql`SELECT pg_sleep(0.01)`
    const [after] =
      await h.sql`UPDATE organizations SET name = 'After' WHERE id = ${org.id} RETURNING updated_at`
    expect(new Date(after?.updated_at).getTime()).toBeGreaterThan(org.updatedAt.getTime())
  })

  test('the indexes the sweeper and dashboards rely on exist', async () => {
    const rows = await h.sql<{ indexname: string }[]>`
      SELECT indexname FROM pg_indexes WHERE tablename IN ('test_sessions', 'answers')`
    const names = rows.map((r) => r.indexname)
    for (const expected of [
      'test_sessions_status_idx',
      'test_sessions_next_deadline_idx',
      'test_sessions_started_at_idx',
      'test_sessions_one_active_key',
      'answers_session_question_key',
    ])
      expect(names).toContain(expected)
  })
})
