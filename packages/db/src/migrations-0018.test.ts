import { afterAll, beforeAll, expect, test } from 'bun:test'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { migrateDatabase, migrationsFolder } from './migrate.ts'
import { testRunId, urlFor } from './testing/database.ts'

/**
 * Migration 0018 moves a live database's drafts out of test_sessions: a database migrated up to
 * 0017 with drafts in the old columns, then the rest. Nothing a candidate typed is lost.
 */
const name = `assess_test_${testRunId}_m0018`
const admin = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} })
let sql: postgres.Sql
let before: string

beforeAll(async () => {
  await admin.unsafe(`CREATE DATABASE "${name}"`)
  sql = postgres(urlFor(name), { max: 1, onnotice: () => {} })
  // The migrations up to 0017: the folder without the later ones, and its journal cut to match.
  before = await mkdtemp(join(tmpdir(), 'assess-m0017-'))
  await cp(migrationsFolder, before, { recursive: true })
  const journalPath = join(before, 'meta', '_journal.json')
  const journal = JSON.parse(await readFile(journalPath, 'utf8'))
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= 17)
  await writeFile(journalPath, JSON.stringify(journal))
  await migrate(drizzle(sql), { migrationsFolder: before })
})
afterAll(async () => {
  await sql?.end({ timeout: 5 })
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.end({ timeout: 5 })
  if (before) await rm(before, { recursive: true, force: true })
})

test('0018 moves the drafts and versions of attempts under way, and nothing else', async () => {
  const [org] = await sql`INSERT INTO organizations (name) VALUES ('Org') RETURNING id`
  const [candidate] = await sql`INSERT INTO users (org_id, email, name, role)
    VALUES (${org?.id}, 'c@x.test', 'C', 'candidate') RETURNING id`
  const [other] = await sql`INSERT INTO users (org_id, email, name, role)
    VALUES (${org?.id}, 'd@x.test', 'D', 'candidate') RETURNING id`
  const [assessment] = await sql`INSERT INTO assessments (org_id, title, status, published_at)
    VALUES (${org?.id}, 'A', 'published', now()) RETURNING id`
  const q = [] as string[]
  for (let i = 0; i < 5; i++) {
    const [row] =
      await sql`INSERT INTO questions (assessment_id, position, type, prompt, points, spec)
      VALUES (${assessment?.id}, ${i}, 'short_answer', ${`Q${i}`}, 1,
        '{"type":"short_answer","expected_keywords":[],"reference_answer":null,"rubric":null}')
      RETURNING id`
    q.push(row?.id)
  }
  const lease = crypto.randomUUID()
  const write = crypto.randomUUID()
  const gone = crypto.randomUUID() // a question since deleted
  const session = async (candidateId: string, status: string) => {
    const finished = status !== 'active'
    const [row] = await sql`INSERT INTO test_sessions (org_id, assessment_id, candidate_id,
        attempt_number, status, completion_method, completed_at, pending_answers, draft_versions)
      VALUES (${org?.id}, ${assessment?.id}, ${candidateId}, 1, ${status}::session_status,
        ${finished ? 'manual' : null}::completion_method,
        ${finished ? new Date().toISOString() : null}::timestamptz,
        ${JSON.stringify({
          [q[0] as string]: { text: 'versioned' },
          [q[1] as string]: { text: 'written before versions' },
          [q[3] as string]: { text: 'answered since' },
          [gone]: { text: 'of a deleted question' },
          'not-a-uuid': { text: 'junk' },
        })}::jsonb,
        ${JSON.stringify({
          [q[0] as string]: { rev: 3, lease, write },
          [q[2] as string]: { rev: 2, lease: null }, // cleared: the version outlives the draft
          [q[3] as string]: { rev: 1, lease, write },
        })}::jsonb)
      RETURNING id`
    return row?.id as string
  }
  const active = await session(candidate?.id, 'active')
  const done = await session(other?.id, 'completed')
  await sql`INSERT INTO answers (session_id, question_id, answer, time_taken_ms, max_score)
    VALUES (${active}, ${q[3] as string}, '{"text":"final"}', 1000, 1)`

  await migrateDatabase(urlFor(name))

  const rows = await sql`SELECT session_id, question_id, draft, rev, lease_id, write_id, bytes
    FROM session_drafts ORDER BY rev DESC`
  expect(rows.map((r) => ({ ...r }))).toEqual([
    {
      session_id: active,
      question_id: q[0],
      draft: { text: 'versioned' },
      rev: 3,
      lease_id: lease,
      write_id: write,
      bytes: '{"text": "versioned"}'.length,
    },
    {
      session_id: active,
      question_id: q[2],
      draft: null,
      rev: 2,
      lease_id: null,
      write_id: null,
      bytes: 0,
    },
    {
      session_id: active,
      question_id: q[1],
      draft: { text: 'written before versions' },
      rev: 0,
      lease_id: null,
      write_id: null,
      bytes: '{"text": "written before versions"}'.length,
    },
  ])
  // A finished attempt's drafts were answers already: none of them moved.
  expect(rows.filter((r) => r.session_id === done)).toHaveLength(0)
  const [columns] = await sql`SELECT count(*)::int AS n FROM information_schema.columns
    WHERE table_name = 'test_sessions' AND column_name IN ('pending_answers', 'draft_versions')`
  expect(columns?.n).toBe(0)
})
