import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { GradeAnswerJob } from '@assess/core'
import { waitUntil } from '@assess/db/testing'
import { streamKey, toEntry } from '@assess/live'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'

// The Redis-down case waits out the producer's 1 s enqueue timeout on a busy machine.
setDefaultTimeout(30_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

type Staff = Awaited<ReturnType<typeof createStaff>>
const S = 1000
// The harness's client is shared with drizzle: raw SQL sends JSON text and ISO strings.
const json = (value: unknown) => JSON.stringify(value)
const machineGrader = { method: 'rules', model: null, prompt_version: 'v1', latency_ms: 3 }

/**
 * A finished session of the sample assessment (2 + 3 + 5 points), graded as the worker would
 * leave it: each answer's score as given, then the totals and summary (evaluation `done`).
 */
async function gradedSession(
  staff: Staff,
  scores: [number, number, number],
  summary: { method: 'rules' | 'llm'; recommendation: string } = {
    method: 'rules',
    recommendation: 'maybe',
  },
) {
  const c = await startCandidate(t, staff.actor)
  const done = await c.call('PUT', '/complete', {})
  if (done.status !== 200) throw new Error(`complete failed: ${done.text}`)
  const rows = await t.sql`
    SELECT a.id, a.question_id, a.max_score FROM answers a
    JOIN questions q ON q.id = a.question_id
    WHERE a.session_id = ${c.sessionId} ORDER BY q.position`
  if (rows.length !== 3) throw new Error('three answers expected')
  for (const [i, row] of rows.entries())
    await t.sql`
      UPDATE answers SET grading_status = 'graded', score = ${scores[i] ?? 0},
        feedback = ${json({ note: `machine ${i}` })}::jsonb,
        grader = ${json(machineGrader)}::jsonb, graded_at = ${t.clock.now().toISOString()}
      WHERE id = ${row.id}`
  const total = scores.reduce((a, b) => a + b, 0)
  await t.sql`
    UPDATE test_sessions SET evaluation_status = 'done', final_score = ${total}, max_score = 10,
      percentage = ${total * 10}, recommendation = ${summary.recommendation},
      ai_summary = ${json({ summary: 'Written by the grader.', ...summary })}::jsonb,
      evaluated_at = ${t.clock.now().toISOString()}
    WHERE id = ${c.sessionId}`
  const ids = rows.map((r) => String(r.id))
  return { ...c, answerIds: ids as [string, string, string] }
}

const override = (staff: Staff, answerId: string, body: unknown) =>
  t.request('PUT', `/api/answers/${answerId}/grade`, { token: staff.token, body })
const report = async (staff: Staff, sessionId: string) =>
  (await t.request('GET', `/api/sessions/${sessionId}/report`, { token: staff.token })).body
const sessionRow = async (id: string) =>
  (await t.sql`SELECT * FROM test_sessions WHERE id = ${id}`)[0]
const eventsOf = (sessionId: string, type: string) =>
  t.sql`SELECT data, at FROM session_events WHERE session_id = ${sessionId} AND type = ${type}
        ORDER BY id`

describe('PUT /api/answers/:id/grade', () => {
  test('a human grade: history kept, totals, percentage and recommendation recomputed, audited, in the report', async () => {
    const staff = await createStaff(t)
    // 2 + 1 + 2 = 5 of 10: 50%, "maybe".
    const c = await gradedSession(staff, [2, 1, 2])
    const [, , code] = c.answerIds
    t.clock.advance(60 * S)
    const res = await override(staff, code, {
      score: 5,
      reason: 'The hidden test was wrong; the solution is correct',
      feedback: 'Checked by hand.',
    })
    expect(res.status).toBe(200)
    expect(res.body.answer).toMatchObject({
      answer_id: code,
      session_id: c.sessionId,
      score: 5,
      max_score: 5,
      grading_status: 'graded',
      grader: {
        method: 'human',
        user_id: staff.user.id,
        reason: 'The hidden test was wrong; the solution is correct',
      },
      // The grader's feedback is kept; the recruiter's note sits beside it.
      feedback: {
        note: 'machine 2',
        human: { comment: 'Checked by hand.', user_id: staff.user.id },
      },
      graded_at: t.clock.now().toISOString(),
    })
    // 2 + 1 + 5 = 8 of 10: 80%, "hire", by the summary's own rule.
    expect(res.body.session).toEqual({
      id: c.sessionId,
      final_score: 8,
      max_score: 10,
      percentage: 80,
      recommendation: 'hire',
      evaluation_status: 'done',
    })
    expect(res.body.history).toMatchObject({
      action: 'override',
      from_score: 2,
      to_score: 5,
      from_status: 'graded',
      from_grader: machineGrader,
      by: { id: staff.user.id, email: staff.user.email, name: staff.user.name },
    })

    const [stored] = await t.sql`SELECT * FROM grade_history WHERE answer_id = ${code}`
    expect(stored).toMatchObject({
      org_id: staff.organization.id,
      session_id: c.sessionId,
      grading_status: 'graded',
      score: 2,
      max_score: 5,
      feedback: { note: 'machine 2' },
      grader: machineGrader,
      replaced_by: staff.user.id,
      action: 'override',
      reason: 'The hidden test was wrong; the solution is correct',
    })
    const session = await sessionRow(c.sessionId)
    expect([session?.final_score, session?.percentage, session?.recommendation]).toEqual([
      8,
      80,
      'hire',
    ])
    const events = await eventsOf(c.sessionId, 'grade_overridden')
    expect(events.map((e) => e.data)).toEqual([
      {
        answer_id: code,
        question_id: res.body.answer.question_id,
        from: 2,
        to: 5,
        reason: 'The hidden test was wrong; the solution is correct',
        by_user_id: staff.user.id,
      },
    ])

    const body = await report(staff, c.sessionId)
    expect(body.session).toMatchObject({ final_score: 8, percentage: 80, recommendation: 'hire' })
    // The summary's text stays as written; the report says a person changed the result since.
    expect(body.session.ai_summary.summary).toBe('Written by the grader.')
    expect(body.session.ai_summary.human_adjustments).toEqual([
      {
        at: t.clock.now().toISOString(),
        by: { id: staff.user.id, name: staff.user.name, email: staff.user.email },
        answer_id: code,
        question_index: 2,
        from: 2,
        to: 5,
        reason: 'The hidden test was wrong; the solution is correct',
        percentage: { from: 50, to: 80 },
        recommendation: { from: 'maybe', to: 'hire' },
      },
    ])
    const answer = body.answers[2]
    expect(answer.grader.method).toBe('human')
    expect(answer.grade_history).toEqual([
      {
        id: stored?.id,
        action: 'override',
        reason: 'The hidden test was wrong; the solution is correct',
        at: t.clock.now().toISOString(),
        by: { id: staff.user.id, name: staff.user.name, email: staff.user.email },
        from_score: 2,
        to_score: 5,
        max_score: 5,
        from_status: 'graded',
        from_grader: machineGrader,
        graded_at: expect.any(String),
      },
    ])
    expect(body.answers[0].grade_history).toEqual([])
    expect(body.events.map((e: { type: string }) => e.type)).toContain('grade_overridden')
  })

  test('a human grade reaches live monitoring as answer.graded', async () => {
    const staff = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    const [, short] = c.answerIds
    expect((await override(staff, short, { score: 3, reason: 'live' })).status).toBe(200)
    const key = streamKey(t.redisPrefix, staff.user.orgId)
    const graded = await waitUntil('the answer.graded entry', async () => {
      const entries = (await t.redis.xrange(key, '-', '+')).map(toEntry)
      return entries.find((e) => e.type === 'answer.graded')
    })
    expect(JSON.parse(graded.data)).toMatchObject({
      session_id: c.sessionId,
      data: { answer_id: short, score: 3, grading_status: 'graded' },
    })
  })

  test('overridden twice: the history lists both, newest first, each with the score that replaced it', async () => {
    const staff = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    const [, short] = c.answerIds
    t.clock.advance(S)
    expect((await override(staff, short, { score: 3, reason: 'first look' })).status).toBe(200)
    t.clock.advance(S)
    const second = await override(staff, short, { score: 2.5, reason: 'second look' })
    expect(second.status).toBe(200)
    // No note this time: the first note goes (the history keeps it), the grader's feedback stays.
    expect(second.body.answer.feedback).toEqual({ note: 'machine 1' })
    expect(second.body.session).toMatchObject({ final_score: 6.5, percentage: 65 })
    const body = await report(staff, c.sessionId)
    expect(
      body.answers[1].grade_history.map(
        (h: { reason: string; from_score: number; to_score: number }) => [
          h.reason,
          h.from_score,
          h.to_score,
        ],
      ),
    ).toEqual([
      ['second look', 3, 2.5],
      ['first look', 1, 3],
    ])
    expect(body.answers[1].grade_history[0].from_grader.method).toBe('human')
    expect(body.session.ai_summary.human_adjustments).toHaveLength(2)
  })

  test("a model's recommendation is re-clamped to the new score, as the summary does", async () => {
    const staff = await createStaff(t)
    // 65% is the "maybe" band; the model said "hire" (one band up is allowed).
    const c = await gradedSession(staff, [2, 1.5, 3], { method: 'llm', recommendation: 'hire' })
    await t.sql`UPDATE test_sessions SET final_score = 6.5, percentage = 65 WHERE id = ${c.sessionId}`
    const [, , code] = c.answerIds
    // 2 + 1.5 + 0 = 3.5: 35%, "no_hire" band; "hire" is clamped to one band above: "maybe".
    const res = await override(staff, code, { score: 0, reason: 'Copied from the internet' })
    expect(res.body.session).toMatchObject({ percentage: 35, recommendation: 'maybe' })
  })

  test("an override undone gives the recommendation back: the rule clamps the model's own suggestion", async () => {
    const staff = await createStaff(t)
    // 2 + 1 + 3 = 6 of 10: 60%, "maybe"; the model said "strong_hire", stored clamped: "hire".
    const c = await gradedSession(staff, [2, 1, 3], { method: 'llm', recommendation: 'hire' })
    await t.sql`UPDATE test_sessions
      SET ai_summary = ai_summary || '{"model_recommendation": "strong_hire"}'::jsonb
      WHERE id = ${c.sessionId}`
    const [, , code] = c.answerIds
    // 30%, "no_hire": strong_hire is clamped to one band above, "maybe".
    const down = await override(staff, code, { score: 0, reason: 'Copied' })
    expect(down.body.session).toMatchObject({ percentage: 30, recommendation: 'maybe' })
    // Undone: 60% again, and "hire" again (not "maybe" clamped a second time).
    const undone = await override(staff, code, { score: 3, reason: 'Not copied after all' })
    expect(undone.body.session).toMatchObject({ percentage: 60, recommendation: 'hire' })
    expect((await sessionRow(c.sessionId))?.ai_summary).toMatchObject({
      recommendation: 'hire',
      model_recommendation: 'strong_hire',
    })
  })

  test('a session whose evaluation failed gets its totals recomputed too', async () => {
    const staff = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    // The summary job gave up: no totals, the failure on the summary.
    await t.sql`UPDATE test_sessions SET evaluation_status = 'failed', final_score = NULL,
      max_score = NULL, percentage = NULL, recommendation = NULL,
      ai_summary = ${json({ error: 'summary model down' })}::jsonb WHERE id = ${c.sessionId}`
    const res = await override(staff, c.answerIds[2], { score: 5, reason: 'ran it myself' })
    expect(res.status).toBe(200)
    // 2 + 1 + 5 = 8 of 10: 80%, "hire" by the score band (no model said anything).
    expect(res.body.session).toEqual({
      id: c.sessionId,
      final_score: 8,
      max_score: 10,
      percentage: 80,
      recommendation: 'hire',
      evaluation_status: 'failed',
    })
    const stored = await sessionRow(c.sessionId)
    expect(stored?.ai_summary).toMatchObject({
      error: 'summary model down',
      human_adjustments: [
        {
          from: 2,
          to: 5,
          percentage: { from: null, to: 80 },
          recommendation: { from: null, to: 'hire' },
        },
      ],
    })
  })

  test('before the summary ran, the totals are left to it', async () => {
    const staff = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    await t.sql`UPDATE test_sessions SET evaluation_status = 'grading', final_score = NULL,
      percentage = NULL, recommendation = NULL, ai_summary = NULL WHERE id = ${c.sessionId}`
    const res = await override(staff, c.answerIds[0], { score: 1, reason: 'partial' })
    expect(res.status).toBe(200)
    expect(res.body.session).toMatchObject({
      final_score: null,
      recommendation: null,
      evaluation_status: 'grading',
    })
    expect(await eventsOf(c.sessionId, 'grade_overridden')).toHaveLength(1)
  })

  test('a needs_review or failed answer can be graded by a person', async () => {
    const staff = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    const [, short, code] = c.answerIds
    await t.sql`UPDATE answers SET grading_status = 'needs_review', score = NULL WHERE id = ${short}`
    await t.sql`UPDATE answers SET grading_status = 'failed', score = NULL, feedback = NULL
      WHERE id = ${code}`
    const reviewed = await override(staff, short, { score: 3, reason: 'reviewed' })
    expect(reviewed.status).toBe(200)
    expect(reviewed.body.history).toMatchObject({ from_status: 'needs_review', from_score: null })
    const failed = await override(staff, code, { score: 4, reason: 'ran it myself' })
    expect(failed.status).toBe(200)
    expect(failed.body.answer.feedback).toBeNull()
    expect(failed.body.session).toMatchObject({ final_score: 9, max_score: 10, percentage: 90 })
  })

  test('bad input is a 400 naming the field', async () => {
    const staff = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    const [mcq] = c.answerIds
    const cases: [unknown, string][] = [
      [{ score: 2.5, reason: 'above the maximum of 2' }, 'score'],
      [{ score: -1, reason: 'negative' }, 'score'],
      [{ score: '1', reason: 'a string' }, 'score'],
      [{ reason: 'no score' }, 'score'],
      [{ score: 1 }, 'reason'],
      [{ score: 1, reason: '   ' }, 'reason'],
      [{ score: 1, reason: 'x'.repeat(501) }, 'reason'],
      [{ score: 1, reason: 'ok', feedback: 'x'.repeat(5001) }, 'feedback'],
    ]
    for (const [body, field] of cases) {
      const res = await override(staff, mcq, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(Object.keys(res.body.error.details.fields), JSON.stringify(body)).toEqual([field])
    }
    const noBody = await t.request('PUT', `/api/answers/${mcq}/grade`, { token: staff.token })
    expect(noBody.status).toBe(400)
    const badId = await override(staff, 'nope', { score: 1, reason: 'x' })
    expect(badId.status).toBe(400)
    expect(badId.body.error.details.fields).toHaveProperty('id')
    // At the limits: the maximum itself, 500 characters, 5,000 characters of feedback.
    const edge = await override(staff, mcq, {
      score: 2,
      reason: 'x'.repeat(500),
      feedback: 'y'.repeat(5000),
    })
    expect(edge.status).toBe(200)
    // Nothing was written by the refused calls.
    expect(await t.sql`SELECT 1 FROM grade_history WHERE answer_id = ${mcq}`).toHaveLength(1)
  })

  test('an answer still being graded, or a session not finished, is a 409', async () => {
    const staff = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    for (const status of ['pending', 'grading']) {
      await t.sql`UPDATE answers SET grading_status = ${status}, score = NULL
        WHERE id = ${c.answerIds[1]}`
      const res = await override(staff, c.answerIds[1], { score: 1, reason: 'too early' })
      expect([res.status, res.body.error.code]).toEqual([409, 'answer_not_graded'])
    }
    const active = await startCandidate(t, staff.actor)
    const submitted = await active.call('POST', '/answers', {
      question_id: active.state.question.id,
      answer: { choice_ids: ['a'] },
    })
    expect(submitted.status).toBe(201)
    const [pending] = await t.sql`SELECT id FROM answers WHERE session_id = ${active.sessionId}`
    await t.sql`UPDATE answers SET grading_status = 'graded', score = 1 WHERE id = ${pending?.id}`
    const res = await override(staff, String(pending?.id), { score: 2, reason: 'still running' })
    expect([res.status, res.body.error.code]).toEqual([409, 'session_not_finished'])
    expect(
      await t.sql`SELECT 1 FROM grade_history WHERE session_id = ${active.sessionId}`,
    ).toHaveLength(0)
  })

  test('staff only; another organization’s answer, or an unknown one, is a 404', async () => {
    const staff = await createStaff(t)
    const rival = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    const body = { score: 1, reason: 'not yours' }
    await expectStaffOnly(
      t,
      { method: 'PUT', path: `/api/answers/${c.answerIds[0]}/grade`, body },
      rival.token,
    )
    const own = await t.request('PUT', `/api/answers/${c.answerIds[0]}/grade`, {
      token: c.token,
      body,
    })
    expect(own.status).toBe(403)
    const unknown = await override(staff, crypto.randomUUID(), body)
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'answer_not_found'])
    const [answer] = await t.sql`SELECT score, grader FROM answers WHERE id = ${c.answerIds[0]}`
    expect(answer).toEqual({ score: 2, grader: machineGrader })
  })
})

describe('POST /api/answers/:id/regrade and /api/sessions/:id/regrade', () => {
  test('one answer: its grade kept in the history, reset to pending, queued under the revision', async () => {
    const staff = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    const [, short] = c.answerIds
    t.clock.advance(S)
    const res = await t.request('POST', `/api/answers/${short}/regrade`, {
      token: staff.token,
      body: { reason: 'The model was down' },
    })
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({
      session_id: c.sessionId,
      revision: 1,
      evaluation_status: 'grading',
      answers: [{ answer_id: short, grading_status: 'pending' }],
    })
    const [answer] = await t.sql`SELECT * FROM answers WHERE id = ${short}`
    expect(answer).toMatchObject({ grading_status: 'pending', score: null, grader: null })
    const history = await t.sql`SELECT * FROM grade_history WHERE answer_id = ${short}`
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ action: 'regrade', score: 1, replaced_by: staff.user.id })
    // A job id of its own: the first grade's finished job (kept for the dashboard) is not it.
    const job = await t.gradingQueue.getJob(GradeAnswerJob.jobId(short, 1))
    expect(job?.data).toEqual({ answer_id: short, revision: 1 })
    const events = await eventsOf(c.sessionId, 'regrade_requested')
    expect(events.map((e) => e.data)).toEqual([
      {
        scope: 'answer',
        answer_ids: [short],
        reason: 'The model was down',
        by_user_id: staff.user.id,
        revision: 1,
      },
    ])
    // Until the regrade's summary replaces them, the totals stay; the report shows the history.
    expect(await sessionRow(c.sessionId)).toMatchObject({
      evaluation_status: 'grading',
      final_score: 5,
    })
    const body = await report(staff, c.sessionId)
    expect(body.answers[1].grade_history).toMatchObject([
      { action: 'regrade', from_score: 1, to_score: null, reason: 'The model was down' },
    ])
  })

  test('a whole session: every answer queued, each regrade a new revision', async () => {
    const staff = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    const regrade = () =>
      t.request('POST', `/api/sessions/${c.sessionId}/regrade`, {
        token: staff.token,
        body: { reason: 'Grader fixed' },
      })
    const first = await regrade()
    expect(first.status).toBe(202)
    expect(first.body.revision).toBe(1)
    expect(first.body.answers.map((a: { answer_id: string }) => a.answer_id).sort()).toEqual(
      [...c.answerIds].sort(),
    )
    for (const id of c.answerIds)
      expect(await t.gradingQueue.getJob(GradeAnswerJob.jobId(id, 1))).toBeDefined()
    expect(await t.sql`SELECT 1 FROM grade_history WHERE session_id = ${c.sessionId}`).toHaveLength(
      3,
    )
    // Asked again before any grade came back: the open answers have no grade to keep.
    t.clock.advance(S)
    const second = await regrade()
    expect(second.status).toBe(202)
    expect(second.body.revision).toBe(2)
    expect(await t.sql`SELECT 1 FROM grade_history WHERE session_id = ${c.sessionId}`).toHaveLength(
      3,
    )
    for (const id of c.answerIds)
      expect(await t.gradingQueue.getJob(GradeAnswerJob.jobId(id, 2))).toBeDefined()
    const events = await eventsOf(c.sessionId, 'regrade_requested')
    expect(events.map((e) => [e.data.scope, e.data.revision])).toEqual([
      ['session', 1],
      ['session', 2],
    ])
  })

  test('a session not finished is a 409; one without answers too', async () => {
    const staff = await createStaff(t)
    const active = await startCandidate(t, staff.actor)
    const res = await t.request('POST', `/api/sessions/${active.sessionId}/regrade`, {
      token: staff.token,
      body: { reason: 'too early' },
    })
    expect([res.status, res.body.error.code]).toEqual([409, 'session_not_finished'])
    const c = await gradedSession(staff, [2, 1, 2])
    await t.sql`DELETE FROM answers WHERE session_id = ${c.sessionId}`
    const empty = await t.request('POST', `/api/sessions/${c.sessionId}/regrade`, {
      token: staff.token,
      body: { reason: 'nothing there' },
    })
    expect([empty.status, empty.body.error.code]).toEqual([409, 'nothing_to_regrade'])
  })

  test('bad input is a 400; staff only; another organization’s ids are 404s', async () => {
    const staff = await createStaff(t)
    const rival = await createStaff(t)
    const c = await gradedSession(staff, [2, 1, 2])
    const body = { reason: 'not yours' }
    for (const path of [
      `/api/answers/${c.answerIds[0]}/regrade`,
      `/api/sessions/${c.sessionId}/regrade`,
    ]) {
      await expectStaffOnly(t, { method: 'POST', path, body }, rival.token)
      for (const bad of [{}, { reason: '' }, { reason: 'x'.repeat(501) }]) {
        const res = await t.request('POST', path, { token: staff.token, body: bad })
        expect(res.status, `${path} ${JSON.stringify(bad)}`).toBe(400)
        expect(res.body.error.details.fields).toHaveProperty('reason')
      }
    }
    for (const path of [
      `/api/answers/${crypto.randomUUID()}/regrade`,
      `/api/sessions/${crypto.randomUUID()}/regrade`,
    ]) {
      const res = await t.request('POST', path, { token: staff.token, body })
      expect(res.status, path).toBe(404)
    }
    // The refused calls changed nothing.
    const rows = await t.sql`SELECT grading_status FROM answers WHERE session_id = ${c.sessionId}`
    expect(rows.map((r) => r.grading_status)).toEqual(['graded', 'graded', 'graded'])
  })

  test('with Redis down the answers stay pending for the reconciler, and the API answers 202', async () => {
    const down = await createTestApp({}, { queueRedisUrl: 'redis://127.0.0.1:1' })
    try {
      const staff = await createStaff(down)
      const c = await startCandidate(down, staff.actor)
      expect((await c.call('PUT', '/complete', {})).status).toBe(200)
      await down.sql`UPDATE answers SET grading_status = 'graded', score = 0
        WHERE session_id = ${c.sessionId}`
      const res = await down.request('POST', `/api/sessions/${c.sessionId}/regrade`, {
        token: staff.token,
        body: { reason: 'outage' },
      })
      expect(res.status).toBe(202)
      const rows =
        await down.sql`SELECT grading_status FROM answers WHERE session_id = ${c.sessionId}`
      expect(rows.map((r) => r.grading_status)).toEqual(['pending', 'pending', 'pending'])
    } finally {
      await down.close()
    }
  })
})

test('the routes are in the OpenAPI document', async () => {
  const doc = await t.request('GET', '/api/openapi.json')
  expect(doc.body.paths['/api/answers/{id}/grade'].put.responses).toHaveProperty('200')
  expect(doc.body.paths['/api/answers/{id}/regrade'].post.responses).toHaveProperty('202')
  expect(doc.body.paths['/api/sessions/{id}/regrade'].post.responses).toHaveProperty('202')
})
