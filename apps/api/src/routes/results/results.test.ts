import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { AssessmentCreateInput } from '@assess/core'
import { createInvitation } from '@assess/db'
import { holdTransaction } from '@assess/db/testing'
import { createPublishedAssessment, createStaff } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

type Staff = Awaited<ReturnType<typeof createStaff>>
type Recommendation = 'strong_hire' | 'hire' | 'maybe' | 'no_hire'

const S = 1000
const answers = {
  mcq: { choice_ids: ['a', 'c'] },
  short: { text: 'An index speeds up lookup with a b-tree.' },
  code: { language: 'javascript', code: 'function add(a, b) { return a + b }' },
}
let seq = 0
// The harness's client is shared with drizzle, which takes over timestamp and json conversion:
// raw SQL here sends JSON text and ISO strings and reads timestamps back as text.
const json = (value: unknown) => JSON.stringify(value)
const isoOf = (value: unknown) => new Date(String(value)).toISOString()

/** A candidate invited to `assessmentId` who accepted over HTTP and started: token and caller. */
async function startOn(staff: Staff, assessmentId: string) {
  const email = `results-${++seq}-${Date.now().toString(36)}@example.test`
  const { token: link } = await createInvitation(t.db, staff.actor, {
    assessmentId,
    input: { email, extra_time_percent: 0, expires_in_hours: 24 },
    now: t.clock.now(),
  })
  const accepted = await t.request('POST', `/api/invitations/${link}/accept`)
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.text}`)
  const token: string = accepted.body.token
  const started = await t.request('POST', `/api/assessments/${assessmentId}/sessions`, { token })
  if (started.status !== 201) throw new Error(`start failed: ${started.text}`)
  const sessionId: string = started.body.session.id
  const lease: string = started.body.lease_id
  const call = (method: string, path: string, body?: unknown) =>
    t.request(method, `/api/sessions/${sessionId}${path}`, {
      token,
      body,
      headers: { 'x-session-lease': lease },
    })
  return { email, token, sessionId, call }
}

/** A session that ends at once: completed (open questions finalized by the server) or quit. */
async function finishedOn(
  staff: Staff,
  assessmentId: string,
  how: 'complete' | 'quit' = 'complete',
) {
  const c = await startOn(staff, assessmentId)
  const res =
    how === 'complete'
      ? await c.call('PUT', '/complete', {})
      : await c.call('PUT', '/abandon', { completion_method: 'manual' })
  if (res.status !== 200) throw new Error(`finish failed: ${res.text}`)
  return c
}

/** What the grading worker writes: every answer graded, then the session's totals and summary. */
async function grade(
  sessionId: string,
  g: {
    percentage: number
    recommendation: Recommendation
    evaluatedAt: Date
    status?: 'done' | 'grading' | 'failed'
    summary?: string
  },
) {
  const ratio = g.percentage / 100
  await t.sql`
    UPDATE answers SET grading_status = 'graded', score = max_score * ${ratio},
      feedback = ${json({ note: 'graded' })}::jsonb,
      grader = ${json({ method: 'rules', model: null, prompt_version: 'v1', latency_ms: 3 })}::jsonb,
      graded_at = ${g.evaluatedAt.toISOString()}
    WHERE session_id = ${sessionId}`
  const aiSummary = {
    summary: g.summary ?? `Summary of ${sessionId}`,
    strengths: ['clear'],
    improvements: ['tests'],
    recommendation: g.recommendation,
    method: 'rules',
    model: null,
    prompt_version: 'summary-v1',
  }
  await t.sql`
    UPDATE test_sessions SET evaluation_status = ${g.status ?? 'done'},
      final_score = ${10 * ratio}, max_score = 10, percentage = ${g.percentage},
      recommendation = ${g.recommendation}, ai_summary = ${json(aiSummary)}::jsonb,
      evaluated_at = ${g.evaluatedAt.toISOString()}
    WHERE id = ${sessionId}`
}

const at = (minutesAgo: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, 0) - minutesAgo * 60 * S)
const ids = (body: { results: { session_id: string }[] }) => body.results.map((r) => r.session_id)

async function results(staff: Staff, query = '') {
  return t.request('GET', `/api/results${query ? `?${query}` : ''}`, { token: staff.token })
}

describe('GET /api/results', () => {
  test('finished, evaluated sessions only, newest evaluated first, with the summary text', async () => {
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const completed = await finishedOn(staff, assessment.id)
    const quit = await finishedOn(staff, assessment.id, 'quit')
    const notEvaluated = await finishedOn(staff, assessment.id)
    const stillGrading = await finishedOn(staff, assessment.id)
    const failed = await finishedOn(staff, assessment.id)
    const active = await startOn(staff, assessment.id)
    await grade(completed.sessionId, {
      percentage: 80,
      recommendation: 'hire',
      evaluatedAt: at(10),
      summary: 'Solid fundamentals.',
    })
    await grade(quit.sessionId, { percentage: 10, recommendation: 'no_hire', evaluatedAt: at(5) })
    await grade(stillGrading.sessionId, {
      percentage: 50,
      recommendation: 'maybe',
      evaluatedAt: at(1),
      status: 'grading',
    })
    await grade(failed.sessionId, {
      percentage: 50,
      recommendation: 'maybe',
      evaluatedAt: at(1),
      status: 'failed',
    })
    // An active session never appears, whatever its evaluation columns say.
    await grade(active.sessionId, { percentage: 90, recommendation: 'hire', evaluatedAt: at(1) })

    // What the integrity log recorded: counted per kind in the list.
    for (const [type, data] of [
      ['tab_hidden', {}],
      ['tab_hidden', {}],
      ['paste', { length: 40 }],
      ['resumed', { takeover: true }],
      ['resumed', { takeover: false }],
    ] as const)
      await t.sql`INSERT INTO session_events (org_id, session_id, type, at, data)
        VALUES (${staff.actor.orgId}, ${completed.sessionId}, ${type}, now(), ${JSON.stringify(data)}::jsonb)`

    const res = await results(staff)
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual([quit.sessionId, completed.sessionId])
    expect(ids(res.body)).not.toContain(notEvaluated.sessionId)
    expect(res.body.next_cursor).toBeNull()
    const [candidate] =
      await t.sql`SELECT u.id, u.name FROM users u JOIN test_sessions s ON s.candidate_id = u.id WHERE s.id = ${completed.sessionId}`
    const [row] =
      await t.sql`SELECT completed_at FROM test_sessions WHERE id = ${completed.sessionId}`
    expect(res.body.results[1]).toEqual({
      session_id: completed.sessionId,
      assessment: { id: assessment.id, title: assessment.title },
      candidate: { id: candidate?.id, email: completed.email, name: candidate?.name },
      status: 'completed',
      completion_method: 'manual',
      final_score: 8,
      max_score: 10,
      percentage: 80,
      recommendation: 'hire',
      summary: 'Solid fundamentals.',
      completed_at: isoOf(row?.completed_at),
      evaluated_at: at(10).toISOString(),
      integrity: { tab_switches: 2, pastes: 1, takeovers: 1 },
    })
    expect(res.body.results[0]).toMatchObject({
      integrity: { tab_switches: 0, pastes: 0, takeovers: 0 },
      status: 'abandoned',
      completion_method: 'manual',
      recommendation: 'no_hire',
    })
  })

  test('a summary that is missing or not text is null', async () => {
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const none = await finishedOn(staff, assessment.id)
    const odd = await finishedOn(staff, assessment.id)
    await grade(none.sessionId, { percentage: 40, recommendation: 'maybe', evaluatedAt: at(2) })
    await grade(odd.sessionId, { percentage: 40, recommendation: 'maybe', evaluatedAt: at(1) })
    await t.sql`UPDATE test_sessions SET ai_summary = NULL WHERE id = ${none.sessionId}`
    await t.sql`UPDATE test_sessions SET ai_summary = ${json({ summary: { x: 1 } })}::jsonb WHERE id = ${odd.sessionId}`
    const res = await results(staff)
    expect(res.body.results.map((r: { summary: unknown }) => r.summary)).toEqual([null, null])
  })

  test('filters: assessment, recommendation and min_percentage (inclusive), combined', async () => {
    const staff = await createStaff(t)
    const { assessment: first } = await createPublishedAssessment(t, staff.actor)
    const { assessment: second } = await createPublishedAssessment(t, staff.actor)
    const plan: [string, number, Recommendation][] = [
      [first.id, 95, 'strong_hire'],
      [first.id, 70, 'hire'],
      [first.id, 69.5, 'maybe'],
      [second.id, 75, 'hire'],
      [second.id, 20, 'no_hire'],
    ]
    const made: { id: string; assessmentId: string; pct: number; rec: Recommendation }[] = []
    for (const [i, [assessmentId, pct, rec]] of plan.entries()) {
      const c = await finishedOn(staff, assessmentId)
      await grade(c.sessionId, { percentage: pct, recommendation: rec, evaluatedAt: at(10 - i) })
      made.push({ id: c.sessionId, assessmentId, pct, rec })
    }
    const newestFirst = (keep: (m: (typeof made)[number]) => boolean) =>
      made
        .filter(keep)
        .reverse()
        .map((m) => m.id)

    const byAssessment = await results(staff, `assessment_id=${first.id}`)
    expect(ids(byAssessment.body)).toEqual(newestFirst((m) => m.assessmentId === first.id))
    const hires = await results(staff, 'recommendation=hire')
    expect(ids(hires.body)).toEqual(newestFirst((m) => m.rec === 'hire'))
    const atLeast70 = await results(staff, 'min_percentage=70')
    expect(ids(atLeast70.body)).toEqual(newestFirst((m) => m.pct >= 70))
    const combined = await results(
      staff,
      `assessment_id=${first.id}&recommendation=hire&min_percentage=70`,
    )
    expect(ids(combined.body)).toEqual([made[1]?.id ?? 'missing'])
    const zero = await results(staff, 'min_percentage=0&recommendation=no_hire')
    expect(ids(zero.body)).toEqual([made[4]?.id ?? 'missing'])
    const unknownAssessment = await results(staff, `assessment_id=${crypto.randomUUID()}`)
    expect(unknownAssessment.body).toEqual({ results: [], next_cursor: null })
  })

  test('pages follow each other without gaps or duplicates, ties broken by id', async () => {
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const made: string[] = []
    for (let i = 0; i < 7; i++) {
      const c = await finishedOn(staff, assessment.id)
      // Pairs share an evaluated_at, so the id has to break ties for the keyset to hold.
      await grade(c.sessionId, {
        percentage: 50,
        recommendation: 'maybe',
        evaluatedAt: at(Math.floor(i / 2)),
      })
      made.push(c.sessionId)
    }
    const expected = await t.sql`
      SELECT id FROM test_sessions WHERE id IN ${t.sql(made)}
      ORDER BY evaluated_at DESC, id DESC`

    const seen: string[] = []
    const sizes: number[] = []
    let cursor: string | null = null
    do {
      const query: string = `limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page = await results(staff, query)
      expect(page.status).toBe(200)
      seen.push(...ids(page.body))
      sizes.push(page.body.results.length)
      cursor = page.body.next_cursor
      if (seen.length === 3) {
        // A session evaluated after page one was read sorts before it: the next pages are unchanged.
        const late = await finishedOn(staff, assessment.id)
        await grade(late.sessionId, {
          percentage: 50,
          recommendation: 'maybe',
          evaluatedAt: at(-5),
        })
      }
    } while (cursor)
    expect(sizes).toEqual([3, 3, 1])
    expect(seen).toEqual(expected.map((r) => r.id))
    expect(new Set(seen).size).toBe(7)
  })

  test('another organization sees none of these results', async () => {
    const staff = await createStaff(t)
    const rival = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const c = await finishedOn(staff, assessment.id)
    await grade(c.sessionId, { percentage: 90, recommendation: 'hire', evaluatedAt: at(1) })
    expect(ids((await results(staff)).body)).toEqual([c.sessionId])
    expect((await results(rival)).body).toEqual({ results: [], next_cursor: null })
    const named = await results(rival, `assessment_id=${assessment.id}`)
    expect(named.body).toEqual({ results: [], next_cursor: null })
  })

  test('bad filters are a 400 naming each field; limit runs 1..200', async () => {
    const staff = await createStaff(t)
    const bad = await results(
      staff,
      'recommendation=great&min_percentage=101&assessment_id=nope&limit=0',
    )
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_failed')
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual([
      'assessment_id',
      'limit',
      'min_percentage',
      'recommendation',
    ])
    for (const query of ['min_percentage=-1', 'min_percentage=abc', 'limit=201', 'limit=2.5']) {
      const res = await results(staff, query)
      expect(res.status, query).toBe(400)
      expect(Object.keys(res.body.error.details.fields), query).toHaveLength(1)
    }
    expect((await results(staff, 'limit=200&min_percentage=100')).status).toBe(200)
  })

  test('a cursor this API did not return is a 400', async () => {
    const staff = await createStaff(t)
    const forged = Buffer.from('yesterday|not-an-id').toString('base64url')
    const id = crypto.randomUUID()
    // Well-formed, but no such instant: month 13, hour 99, February 30.
    const impossible = ['2024-13-45T99:99:99.000000Z', '2024-02-30T10:00:00.000000Z'].map((at) =>
      Buffer.from(`${at}|${id}`).toString('base64url'),
    )
    for (const cursor of ['garbage', forged, 'x'.repeat(201), ...impossible]) {
      const res = await results(staff, `cursor=${cursor}`)
      expect(res.status, cursor).toBe(400)
      expect(res.body.error.details.fields).toHaveProperty('cursor')
    }
    const res = await results(staff, 'cursor=garbage')
    expect(res.body.error.code).toBe('invalid_cursor')
  })

  test('staff only: no token 401, a candidate token 403', async () => {
    await expectStaffOnly(t, { method: 'GET', path: '/api/results' })
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const c = await finishedOn(staff, assessment.id)
    const own = await t.request('GET', '/api/results', { token: c.token })
    expect(own.status).toBe(403)
  })
})

describe('GET /api/sessions/:id/report', () => {
  const free: Partial<AssessmentCreateInput> = { navigation: 'free', duration_minutes: 30 }

  test('the whole session: scores, summary, answers in question order with feedback as stored, events oldest first', async () => {
    const staff = await createStaff(t)
    const { assessment, questions } = await createPublishedAssessment(t, staff.actor, free)
    const [mcq, short, code] = questions
    if (!mcq || !short || !code) throw new Error('three questions expected')
    const c = await startOn(staff, assessment.id)
    // Answered in reverse order: the report follows question position, not submission time.
    // Each question's time counts from its first opening (the first one opens at the start).
    await c.call('POST', `/questions/${code.id}/open`)
    await c.call('POST', `/questions/${short.id}/open`)
    t.clock.advance(7 * S)
    expect(
      (await c.call('POST', '/answers', { question_id: code.id, answer: answers.code })).status,
    ).toBe(201)
    t.clock.advance(3 * S)
    await c.call('POST', '/events', { events: [{ type: 'paste', data: { length: 42 } }] })
    t.clock.advance(2 * S)
    await c.call('POST', '/answers', { question_id: short.id, answer: answers.short })
    t.clock.advance(4 * S)
    const last = await c.call('POST', '/answers', { question_id: mcq.id, answer: answers.mcq })
    expect(last.body.session.status).toBe('completed')

    const codeFeedback = {
      tests: [
        { name: 'sample 1', hidden: false, input: [1, 2], verdict: 'passed' },
        { name: 'hidden 1', hidden: true, input: [2, 2], verdict: 'passed' },
        { name: 'hidden 2', hidden: true, input: [-1, 1], verdict: 'wrong_answer' },
      ],
      review: 'Fine.',
    }
    const grader = { method: 'llm', model: 'gpt-test', prompt_version: 'code-v2', latency_ms: 812 }
    await grade(c.sessionId, { percentage: 70, recommendation: 'hire', evaluatedAt: at(0) })
    await t.sql`
      UPDATE answers SET score = 3, feedback = ${json(codeFeedback)}::jsonb,
        grader = ${json(grader)}::jsonb
      WHERE session_id = ${c.sessionId} AND question_id = ${code.id}`
    await t.sql`
      UPDATE answers SET grading_status = 'needs_review', score = NULL,
        grading_error = ${json({ reason: 'suspected_prompt_injection' })}::jsonb
      WHERE session_id = ${c.sessionId} AND question_id = ${short.id}`

    // Stored last but one second after the start: the timeline goes by time, not by insertion.
    await t.sql`
      INSERT INTO session_events (org_id, session_id, type, at, data)
      SELECT org_id, id, 'tab_hidden', started_at + interval '1 second', '{}'::jsonb
      FROM test_sessions WHERE id = ${c.sessionId}`

    const res = await t.request('GET', `/api/sessions/${c.sessionId}/report`, {
      token: staff.token,
    })
    expect(res.status).toBe(200)
    const [session] = await t.sql`SELECT * FROM test_sessions WHERE id = ${c.sessionId}`
    expect(res.body.session).toEqual({
      id: c.sessionId,
      assessment: { id: assessment.id, title: assessment.title },
      candidate: { id: session?.candidate_id, email: c.email, name: expect.any(String) },
      status: 'completed',
      completion_method: 'auto',
      started_at: isoOf(session?.started_at),
      completed_at: isoOf(session?.completed_at),
      attempt_number: 1,
      preview: false,
      final_score: 7,
      max_score: 10,
      percentage: 70,
      recommendation: 'hire',
      ai_summary: session?.ai_summary,
      evaluation_status: 'done',
      evaluated_at: at(0).toISOString(),
      expires_at: session?.expires_at === null ? null : isoOf(session?.expires_at),
      paused_at: null,
      pause_reason: null,
      cancellation: null,
    })
    expect(res.body.session.ai_summary).toMatchObject({ strengths: ['clear'], method: 'rules' })

    const report = res.body.answers
    expect(report.map((a: { question_id: string }) => a.question_id)).toEqual([
      mcq.id,
      short.id,
      code.id,
    ])
    expect(report.map((a: { index: number }) => a.index)).toEqual([0, 1, 2])
    const stored = await t.sql`SELECT * FROM answers WHERE session_id = ${c.sessionId}`
    const storedCode = stored.find((a) => a.question_id === code.id)
    expect(report[2]).toEqual({
      answer_id: storedCode?.id,
      question_id: code.id,
      index: 2,
      type: 'code',
      prompt: code.prompt,
      section: 'Coding',
      answer: answers.code,
      score: 3,
      max_score: 5,
      grading_status: 'graded',
      feedback: codeFeedback,
      grader,
      grading_error: null,
      time_taken_ms: 7 * S,
      time_expired: false,
      submitted_by: 'candidate',
      submitted_at: isoOf(storedCode?.submitted_at),
      graded_at: at(0).toISOString(),
      grade_history: [],
      pastes: { count: 0, characters: 0 }, // this session's paste named no question
    })
    expect(report[1]).toMatchObject({
      type: 'short_answer',
      answer: answers.short,
      score: null,
      grading_status: 'needs_review',
      grading_error: { reason: 'suspected_prompt_injection' },
    })
    expect(report[0]).toMatchObject({ type: 'mcq', answer: answers.mcq, max_score: 2, score: 1.4 })

    const events = res.body.events
    const timeline =
      await t.sql`SELECT type, at, data FROM session_events WHERE session_id = ${c.sessionId} ORDER BY at, id`
    expect(events).toEqual(
      timeline.map((e) => ({ type: e.type, at: isoOf(e.at), data: e.data, actor: null })),
    )
    expect(events.slice(0, 4).map((e: { type: string }) => e.type)).toEqual([
      'started',
      'question_opened',
      'question_opened',
      'tab_hidden',
    ])
    expect(events.at(-1).type).toBe('completed')
    expect(events.map((e: { type: string }) => e.type)).toContain('paste')
    const times = events.map((e: { at: string }) => Date.parse(e.at))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(events.find((e: { type: string }) => e.type === 'paste').data).toEqual({ length: 42 })
  })

  test('an active session lists every question; the unanswered ones carry nulls', async () => {
    const staff = await createStaff(t)
    const { assessment, questions } = await createPublishedAssessment(t, staff.actor, free)
    const c = await startOn(staff, assessment.id)
    await c.call('POST', `/questions/${questions[1]?.id}/open`)
    // Two pastes while question 2 was on screen: marked on that answer.
    const pasted = await c.call('POST', '/events', {
      events: [
        { type: 'paste', data: { question_id: questions[1]?.id, length: 30 } },
        { type: 'paste', data: { question_id: questions[1]?.id, length: 12 } },
        { type: 'paste', data: { length: 5 } },
      ],
    })
    expect(pasted.status).toBe(202)
    await c.call('POST', '/answers', { question_id: questions[1]?.id, answer: answers.short })
    const res = await t.request('GET', `/api/sessions/${c.sessionId}/report`, {
      token: staff.token,
    })
    expect(res.status).toBe(200)
    expect(res.body.session).toMatchObject({
      status: 'active',
      completion_method: null,
      completed_at: null,
      final_score: null,
      percentage: null,
      recommendation: null,
      ai_summary: null,
      evaluation_status: 'pending',
      evaluated_at: null,
    })
    expect(res.body.answers).toHaveLength(3)
    const [first, second, third] = res.body.answers
    expect(second).toMatchObject({ answer: answers.short, grading_status: 'pending', score: null })
    expect(second.pastes).toEqual({ count: 2, characters: 42 })
    expect(first.pastes).toEqual({ count: 0, characters: 0 })
    for (const [open, points] of [
      [first, 2],
      [third, 5],
    ] as const)
      expect(open).toMatchObject({
        answer_id: null,
        answer: null,
        score: null,
        max_score: points,
        grading_status: null,
        feedback: null,
        grader: null,
        time_taken_ms: null,
        submitted_at: null,
      })
  })

  test('another organization’s session, or an unknown one, is a 404; a bad id a 400', async () => {
    const staff = await createStaff(t)
    const rival = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const c = await finishedOn(staff, assessment.id)
    await expectStaffOnly(
      t,
      { method: 'GET', path: `/api/sessions/${c.sessionId}/report` },
      rival.token,
    )
    const own = await t.request('GET', `/api/sessions/${c.sessionId}/report`, { token: c.token })
    expect(own.status).toBe(403)
    const unknown = await t.request('GET', `/api/sessions/${crypto.randomUUID()}/report`, {
      token: staff.token,
    })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('session_not_found')
    const bad = await t.request('GET', '/api/sessions/nope/report', { token: staff.token })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.fields).toHaveProperty('id')
  })
})

describe('the timeline, page by page', () => {
  test('the report carries the first page and a summary; the rest follows by cursor, in order', async () => {
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const c = await finishedOn(staff, assessment.id)
    // 450 more events, as a long session piles them up (30 minutes of a noisy client).
    await t.sql`INSERT INTO session_events (org_id, session_id, type, at, data)
      SELECT s.org_id, s.id, CASE WHEN g % 2 = 0 THEN 'tab_hidden' ELSE 'tab_visible' END,
        s.started_at + g * interval '1 second', jsonb_build_object('n', g)
      FROM test_sessions s, generate_series(1, 450) g WHERE s.id = ${c.sessionId}`
    const all = await t.sql`SELECT type, at, data FROM session_events
      WHERE session_id = ${c.sessionId} ORDER BY at, id`
    const report = await t.request('GET', `/api/sessions/${c.sessionId}/report`, {
      token: staff.token,
    })
    expect(report.body.events).toHaveLength(200)
    expect(report.body.timeline.total).toBe(all.length)
    expect(report.body.timeline.counts).toMatchObject({ tab_hidden: 225, tab_visible: 225 })

    const read = [...report.body.events]
    let cursor: string | null = report.body.timeline.next_cursor
    while (cursor) {
      const page = await t.request(
        'GET',
        `/api/sessions/${c.sessionId}/timeline?cursor=${cursor}`,
        {
          token: staff.token,
        },
      )
      expect(page.status).toBe(200)
      expect(page.body.events.length).toBeLessThanOrEqual(200)
      read.push(...page.body.events)
      cursor = page.body.next_cursor
    }
    expect(read).toEqual(
      all.map((e) => ({ type: e.type, at: isoOf(e.at), data: e.data, actor: null })),
    )
    const small = await t.request('GET', `/api/sessions/${c.sessionId}/timeline?limit=5`, {
      token: staff.token,
    })
    expect(small.body.events).toEqual(read.slice(0, 5))
  })

  test('reading the report takes no lock: it answers while another transaction holds the session', async () => {
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const c = await finishedOn(staff, assessment.id)
    const other = await holdTransaction(
      t.sql,
      (tx) => tx`SELECT 1 FROM test_sessions WHERE id = ${c.sessionId} FOR UPDATE`,
    )
    try {
      // Were it to wait for the lock, this would never return while the lock is held.
      const res = await t.request('GET', `/api/sessions/${c.sessionId}/report`, {
        token: staff.token,
      })
      expect(res.status).toBe(200)
    } finally {
      await other.release()
    }
  })

  test("a forged cursor is a 400; another organization's session a 404", async () => {
    const staff = await createStaff(t)
    const rival = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const c = await finishedOn(staff, assessment.id)
    const forged = Buffer.from('2024-13-45T99:99:99.000000Z|12').toString('base64url')
    for (const cursor of ['garbage', forged]) {
      const res = await t.request('GET', `/api/sessions/${c.sessionId}/timeline?cursor=${cursor}`, {
        token: staff.token,
      })
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_cursor'])
    }
    const theirs = await t.request('GET', `/api/sessions/${c.sessionId}/timeline`, {
      token: rival.token,
    })
    expect(theirs.status).toBe(404)
  })
})

test('both routes are in the OpenAPI document', async () => {
  const doc = await t.request('GET', '/api/openapi.json')
  expect(
    doc.body.paths['/api/results'].get.parameters.map((p: { name: string }) => p.name),
  ).toEqual(
    expect.arrayContaining([
      'assessment_id',
      'recommendation',
      'min_percentage',
      'cursor',
      'limit',
    ]),
  )
  expect(doc.body.paths['/api/sessions/{id}/report'].get.responses).toHaveProperty('200')
  expect(doc.body.paths['/api/sessions/{id}/timeline'].get.responses).toHaveProperty('200')
})
