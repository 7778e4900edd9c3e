import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import postgres from 'postgres'
import { testRunId } from '../testing/database.ts'

// Real processes on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(60_000)

const adminUrl = new URL(
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
)
const url = Object.assign(new URL(adminUrl), {
  pathname: `/assess_test_${testRunId}_seed`,
}).toString()
const seed = () =>
  Bun.spawnSync(['bun', 'run', 'seed'], {
    cwd: `${import.meta.dir}/../../../..`,
    env: { PATH: process.env.PATH, DATABASE_URL: url, PUBLIC_URL: 'http://demo.example' },
  })

afterAll(async () => {
  const sql = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} })
  await sql.unsafe(`DROP DATABASE IF EXISTS "assess_test_${testRunId}_seed" WITH (FORCE)`)
  await sql.end()
})

describe('bun run seed', () => {
  test('creates the demo data on an empty database, and can run again', async () => {
    const first = seed()
    expect(first.exitCode, first.stderr.toString()).toBe(0)
    const out = first.stdout.toString()
    expect(out).toContain('recruiter@demo.assess.test')
    expect(out).toMatch(/http:\/\/demo\.example\/invite\/[A-Za-z0-9_-]{43}/)
    const second = seed()
    expect(second.exitCode, second.stderr.toString()).toBe(0)

    const sql = postgres(url, { max: 1, onnotice: () => {} })
    try {
      const [counts] = await sql`
        SELECT (SELECT count(*)::int FROM organizations) AS orgs,
               (SELECT count(*)::int FROM assessments WHERE status = 'published') AS published,
               (SELECT count(DISTINCT type)::int FROM questions) AS question_types,
               (SELECT count(*)::int FROM invitations WHERE status = 'pending') AS live_links`
      expect(counts).toEqual({ orgs: 1, published: 1, question_types: 3, live_links: 1 })
    } finally {
      await sql.end()
    }
  })
})
