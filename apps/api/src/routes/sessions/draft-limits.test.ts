import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { holdTransaction, waitUntil } from '@assess/db/testing'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function lockWaiters() {
  const [row] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`
  return row?.n ?? 0
}

/** A candidate on the sample set (MCQ, short answer, code) in free navigation. */
async function candidate() {
  const c = await startCandidate(t, (await createStaff(t)).actor, {
    assessment: { navigation: 'free' },
  })
  const ids = Object.fromEntries(
    c.detail.questions.map((q: { type: string; id: string }) => [q.type, q.id]),
  ) as Record<'mcq' | 'short_answer' | 'code', string>
  const save = (pending_answers: Record<string, unknown>) =>
    c.call('PUT', '/progress', { pending_answers })
  return { c, ids, save }
}

describe('drafts are checked against their questions', () => {
  test('a draft of the wrong shape, size, option or language is a 400 naming it', async () => {
    const { ids, save } = await candidate()
    const cases: [Record<string, unknown>, string][] = [
      [
        { [ids.short_answer]: { language: 'javascript', code: 'x' } },
        `pending_answers.${ids.short_answer}`,
      ],
      [
        { [ids.short_answer]: { text: 'x'.repeat(100_000) } },
        `pending_answers.${ids.short_answer}.text`,
      ],
      [{ [ids.mcq]: { choice_ids: ['zz'] } }, `pending_answers.${ids.mcq}.choice_ids`],
      [{ [ids.code]: { language: 'python', code: 'x' } }, `pending_answers.${ids.code}.language`],
    ]
    for (const [drafts, field] of cases) {
      const res = await save(drafts)
      expect([res.status, Object.keys(res.body.error.details.fields)]).toEqual([400, [field]])
    }
    const ok = await save({ [ids.short_answer]: { text: 'an index speeds up lookups' } })
    expect(ok.status).toBe(200)
  })

  test("past the session's total the save is a 413 and nothing changes", async () => {
    const { c, ids, save } = await candidate()
    // Held: one draft 5 bytes short of 2 MiB as Postgres prints it ({"code": "…", "language":
    // "javascript"} is 38 bytes around the code).
    const big = { language: 'javascript', code: 'x'.repeat(2 * 1_024 * 1_024 - 38 - 5) }
    await t.sql`INSERT INTO session_drafts (session_id, question_id, draft, rev, saved_at)
      VALUES (${c.sessionId}, ${ids.code}, ${JSON.stringify(big)}::jsonb, 1, now())`
    const [held] = await t.sql`SELECT bytes FROM session_drafts WHERE session_id = ${c.sessionId}`
    expect(held?.bytes).toBe(2 * 1_024 * 1_024 - 5)
    const res = await save({ [ids.short_answer]: { text: 'one more' } })
    expect([res.status, res.body.error.code]).toEqual([413, 'drafts_too_large'])
    const drafts = await t.sql`SELECT question_id FROM session_drafts
      WHERE session_id = ${c.sessionId} ORDER BY question_id`
    expect(drafts.map((d) => d.question_id)).toEqual([ids.code])
  })

  test('two saves racing for the last room: the database lets one in', async () => {
    const { c, ids, save } = await candidate()
    // Held: 2 MiB less 70,000 bytes. A short answer of 20,000 characters fits beside it, a
    // code draft of 60,000 too, both together do not.
    const big = { language: 'javascript', code: 'x'.repeat(2 * 1_024 * 1_024 - 70_000 - 40) }
    await t.sql`INSERT INTO session_drafts (session_id, question_id, draft, rev, saved_at)
      VALUES (${c.sessionId}, ${ids.mcq}, ${JSON.stringify(big)}::jsonb, 1, now())`
    // Both saves queue on the session's row, their statements begun: each would see the other's
    // draft only if the check runs after that lock is held.
    const held = await holdTransaction(
      t.sql,
      (tx) => tx`SELECT id FROM test_sessions WHERE id = ${c.sessionId} FOR UPDATE`,
    )
    const both = Promise.all([
      save({ [ids.short_answer]: { text: 'y'.repeat(20_000) } }),
      save({ [ids.code]: { language: 'javascript', code: 'z'.repeat(60_000) } }),
    ])
    await waitUntil('both saves to wait on the session', async () => (await lockWaiters()) >= 2)
    await held.release()
    const results = await both
    expect(results.map((r) => r.status).sort()).toEqual([200, 413])
    const [row] = await t.sql`SELECT sum(bytes)::int AS bytes, count(*)::int AS drafts
      FROM session_drafts WHERE session_id = ${c.sessionId}`
    expect(row?.drafts).toBe(2)
    expect(row?.bytes).toBeLessThanOrEqual(2 * 1_024 * 1_024)
  })
})

describe('draft saves', () => {
  test('are rate-limited per session (generous for a 1 s debounce)', async () => {
    const { ids, save } = await candidate()
    const saves = Array.from({ length: 120 }, (_, i) =>
      save({ [ids.short_answer]: { text: `v${i}` } }),
    )
    expect((await Promise.all(saves)).every((r) => r.status === 200)).toBe(true)
    const limited = await save({ [ids.short_answer]: { text: 'one too many' } })
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited'])
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    // The window is a minute long: then saves go through again.
    t.clock.advance(60_000)
    expect((await save({ [ids.short_answer]: { text: 'a minute later' } })).status).toBe(200)
  })

  test('go on the timeline once a minute, on either path, not once per save', async () => {
    const { c, ids, save } = await candidate()
    for (let i = 0; i < 5; i++) await save({ [ids.short_answer]: { text: `v${i}` } })
    const rows = () => t.sql`SELECT data FROM session_events
      WHERE session_id = ${c.sessionId} AND type = 'draft_saved' ORDER BY id`
    expect((await rows()).map((r) => r.data.question_ids)).toEqual([[ids.short_answer]])
    t.clock.advance(61_000)
    await save({ [ids.code]: { language: 'javascript', code: 'function add() {}' } })
    // The locked path (a save without the lease header) follows the same minute.
    const locked = await c.call('PUT', '/progress', { pending_answers: { [ids.code]: null } }, null)
    expect(locked.status).toBe(409) // no lease: refused, nothing logged
    expect((await rows()).map((r) => r.data.question_ids)).toEqual([[ids.short_answer], [ids.code]])
  })

  test('a save queued behind an answer to its question leaves no draft of it', async () => {
    const { c, ids, save } = await candidate()
    // The answer is stored (as a submit or the clock would) while the save waits on the row.
    const held = await holdTransaction(t.sql, async (tx) => {
      await tx`SELECT id FROM test_sessions WHERE id = ${c.sessionId} FOR UPDATE`
      await tx`INSERT INTO answers (session_id, question_id, answer, time_taken_ms, max_score)
        VALUES (${c.sessionId}, ${ids.short_answer}, '{"text":"final"}', 1000, 3)`
    })
    const saving = save({ [ids.short_answer]: { text: 'typed after' } })
    await waitUntil('the save to wait on the session', async () => (await lockWaiters()) >= 1)
    await held.release()
    const saved = await saving
    expect(saved.status).toBe(200)
    expect(saved.body.draft_conflicts).toEqual({})
    const drafts = await t.sql`SELECT question_id FROM session_drafts
      WHERE session_id = ${c.sessionId}`
    expect(drafts).toHaveLength(0)
  })

  test('are sent back only where a device (re)loads the test: start and resume', async () => {
    const { c, ids, save } = await candidate()
    expect(c.state.progress.pending_answers).toEqual({})
    const saved = await save({ [ids.short_answer]: { text: 'kept on the server' } })
    expect(saved.body).toEqual({
      sections_completed: [],
      flagged_question_ids: [],
      saved_question_ids: [ids.short_answer],
      draft_revisions: { [ids.short_answer]: 1 },
      draft_conflicts: {},
    })
    for (const res of [
      await c.call('GET', ''),
      await c.call('POST', '/answers', { question_id: ids.mcq, answer: { choice_ids: ['a'] } }),
    ])
      expect(res.body.progress).not.toHaveProperty('pending_answers')
    const resumed = await t.request('GET', '/api/sessions/active', {
      token: c.token,
      headers: { 'x-session-lease': c.lease },
    })
    expect(resumed.body.active_session.progress.pending_answers).toEqual({
      [ids.short_answer]: { text: 'kept on the server' },
    })
    expect(resumed.body.active_session.progress.draft_revisions).toEqual({ [ids.short_answer]: 1 })
  })
})
