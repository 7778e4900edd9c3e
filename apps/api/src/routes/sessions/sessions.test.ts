import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { SessionState, StaffSessionView } from '@assess/core'
import { sweepSessions } from '@assess/db'
import { createStaff, sampleQuestions, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
let admin: Awaited<ReturnType<typeof createStaff>>
beforeAll(async () => {
  t = await createTestApp()
  admin = await createStaff(t)
})
afterAll(() => t.close())

const [mcq, short] = sampleQuestions()
const answers = {
  mcq: { choice_ids: ['a', 'c'] },
  short: { text: 'An index speeds up lookup with a b-tree.' },
  code: { language: 'javascript', code: 'function add(a, b) { return a + b }' },
}
const S = 1000

describe('start', () => {
  test('returns the first question without anything that grades, the server timer and a lease', async () => {
    const c = await startCandidate(t, admin.actor, { assessment: { duration_minutes: 30 } })
    const s = c.state
    expect(s.session).toMatchObject({
      status: 'active',
      attempt_number: 1,
      current_question_index: 0,
      total_questions: 3,
      answered_count: 0,
    })
    expect(s.question).toMatchObject({
      index: 0,
      type: 'mcq',
      multiple: true,
      options: mcq?.type === 'mcq' ? mcq.options : [],
    })
    expect(s.question_remaining_ms).toBe(60 * S)
    expect(s.session_remaining_ms).toBe(30 * 60 * S)
    expect(s.server_time).toBe(t.clock.now().toISOString())
    expect(s.lease_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.stringify(s)).not.toMatch(
      /correct_option_ids|test_cases"|reference_answer|expected_keywords/,
    )
  })

  test('a second start is a 409 naming the active session; two at once yield one session', async () => {
    const c = await startCandidate(t, admin.actor)
    const again = await t.request('POST', `/api/assessments/${c.detail.assessment.id}/sessions`, {
      token: c.token,
    })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({
      code: 'session_active',
      details: { session_id: c.sessionId },
    })
  })

  test('two concurrent starts produce exactly one session', async () => {
    const c = await startCandidate(t, admin.actor, { assessment: { max_attempts: 3 } })
    await c.call('PUT', '/complete', {})
    const start = () =>
      t.request('POST', `/api/assessments/${c.detail.assessment.id}/sessions`, { token: c.token })
    const results = await Promise.all([start(), start()])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    const rows =
      await t.sql`SELECT count(*)::int AS n FROM test_sessions WHERE assessment_id = ${c.detail.assessment.id} AND status = 'active'`
    expect(rows[0]?.n).toBe(1)
  })

  test('used-up attempts are a 410, as when opening the link; another assessment is a 404', async () => {
    const c = await startCandidate(t, admin.actor)
    await c.call('PUT', '/complete', {})
    const again = await t.request('POST', `/api/assessments/${c.detail.assessment.id}/sessions`, {
      token: c.token,
    })
    expect(again.status).toBe(410)
    expect(again.body.error.code).toBe('attempts_exhausted')
    const other = await t.request('POST', `/api/assessments/${crypto.randomUUID()}/sessions`, {
      token: c.token,
    })
    expect(other.status).toBe(404)
  })

  test('a revoked invitation cannot start an attempt (410)', async () => {
    const c = await startCandidate(t, admin.actor, { assessment: { max_attempts: 2 } })
    await c.call('PUT', '/complete', {})
    await t.request('DELETE', `/api/invitations/${c.invitation.id}`, { token: admin.token })
    const res = await t.request('POST', `/api/assessments/${c.detail.assessment.id}/sessions`, {
      token: c.token,
    })
    expect(res.status).toBe(410)
    expect(res.body.error.code).toBe('invitation_revoked')
  })

  test('extra time stretches the session and each question', async () => {
    const c = await startCandidate(t, admin.actor, {
      assessment: { duration_minutes: 10 },
      extraTimePercent: 50,
    })
    expect(c.state.session_remaining_ms).toBe(15 * 60 * S)
    expect(c.state.question_remaining_ms).toBe(90 * S)
  })
})

describe('answers', () => {
  test('a full sequential run: each answer stored, queued by its id, the session completes', async () => {
    const c = await startCandidate(t, admin.actor)
    const qs = c.state.session.total_questions
    const ids: string[] = []
    let state = c.state
    for (const [i, answer] of [answers.mcq, answers.short, answers.code].entries()) {
      t.clock.advance(5 * S)
      const res = await c.call('POST', '/answers', { question_id: state.question.id, answer })
      expect(res.status).toBe(201)
      expect(res.body.answer).toMatchObject({
        grading_status: 'pending',
        time_taken_ms: 5 * S,
        time_expired: false,
        duplicate: false,
      })
      ids.push(res.body.answer.id)
      const { answer: _, ...rest } = res.body
      state = rest
      expect(state.session.answered_count).toBe(i + 1)
      // The submit's state is built from what it wrote, not read back: a read agrees with it
      // (a finished session's read also names its last answer).
      const { last_answer: __, ...read } = (await c.call('GET', '')).body
      expect(read).toEqual(state)
    }
    expect(state.session).toMatchObject({
      status: 'completed',
      completion_method: 'auto',
      progress_percent: 100,
    })
    expect(state.question).toBeNull()
    expect(qs).toBe(3)
    for (const id of ids) {
      const job = await t.gradingQueue.getJob(id)
      expect(job?.name).toBe('grade-answer')
      expect(job?.data).toEqual({ answer_id: id })
    }
  })

  test('skipping ahead is refused; a wrong-shaped answer is a 400; an unknown question a 404', async () => {
    const c = await startCandidate(t, admin.actor)
    const questions = c.detail.questions
    const skip = await c.call('POST', '/answers', {
      question_id: questions[1]?.id,
      answer: answers.short,
    })
    expect(skip.status).toBe(409)
    expect(skip.body.error.code).toBe('question_not_current')
    const wrong = await c.call('POST', '/answers', {
      question_id: questions[0]?.id,
      answer: { text: 'a' },
    })
    expect(wrong.status).toBe(400)
    const badChoice = await c.call('POST', '/answers', {
      question_id: questions[0]?.id,
      answer: { choice_ids: ['zz'] },
    })
    expect(badChoice.status).toBe(400)
    expect(Object.keys(badChoice.body.error.details.fields)).toEqual(['answer.choice_ids'])
    const unknown = await c.call('POST', '/answers', {
      question_id: crypto.randomUUID(),
      answer: answers.mcq,
    })
    expect(unknown.status).toBe(404)
  })

  test('20 concurrent identical submits store one answer and all responses agree', async () => {
    const c = await startCandidate(t, admin.actor)
    const body = { question_id: c.state.question.id, answer: answers.mcq }
    const results = await Promise.all(
      Array.from({ length: 20 }, () => c.call('POST', '/answers', body)),
    )
    const ids = new Set(results.map((r) => r.body.answer?.id))
    expect(ids.size).toBe(1)
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 200 && r.body.answer.duplicate)).toHaveLength(19)
    const rows =
      await t.sql`SELECT count(*)::int AS n FROM answers WHERE session_id = ${c.sessionId}`
    expect(rows[0]?.n).toBe(1)
    const other = await c.call('POST', '/answers', {
      question_id: c.state.question.id,
      answer: { choice_ids: ['b'] },
    })
    expect(other.status).toBe(409)
    expect(other.body.error.code).toBe('already_answered')
  })

  test('inside the grace a late answer is accepted and marked; past it the draft is final', async () => {
    const c = await startCandidate(t, admin.actor)
    t.clock.advance(61 * S) // 1 s into the 2 s grace
    const inGrace = await c.call('POST', '/answers', {
      question_id: c.state.question.id,
      answer: answers.mcq,
      time_expired: true,
    })
    expect(inGrace.status).toBe(201)
    expect(inGrace.body.answer.time_expired).toBe(true)

    const q2 = inGrace.body.question.id
    const saved = await c.call('PUT', '/progress', {
      pending_answers: { [q2]: { text: 'my draft about b-tree lookups' } },
    })
    expect(saved.status).toBe(200)
    t.clock.advance(303 * S) // q2's 300 s window and its grace are over
    const late = await c.call('POST', '/answers', {
      question_id: q2,
      answer: { text: 'a better answer, too late' },
    })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('time_limit_exceeded')
    expect(late.body.error.details.finalized_answer).toEqual({
      text: 'my draft about b-tree lookups',
    })
    const [stored] =
      await t.sql`SELECT answer, time_expired, submitted_by, time_taken_ms FROM answers WHERE session_id = ${c.sessionId} AND question_id = ${q2}`
    expect(stored).toMatchObject({
      answer: { text: 'my draft about b-tree lookups' },
      time_expired: true,
      submitted_by: 'server',
      time_taken_ms: 300 * S,
    })
    const state = await c.call('GET', '')
    expect(state.body.session.current_question_index).toBe(2)
    expect(state.body.question_remaining_ms).toBe(900 * S - 1 * S) // served at q2's deadline (grace included)
  })

  test('past expires_at the session expires and every open question is finalized', async () => {
    const c = await startCandidate(t, admin.actor, { assessment: { duration_minutes: 1 } })
    await c.call('PUT', '/progress', { pending_answers: { [c.state.question.id]: answers.mcq } })
    t.clock.advance(63 * S)
    const state = await c.call('GET', '')
    expect(state.body.session).toMatchObject({
      status: 'expired',
      completion_method: 'timer_expired',
      answered_count: 3,
    })
    const rows =
      await t.sql`SELECT answer FROM answers WHERE session_id = ${c.sessionId} ORDER BY submitted_at`
    expect(rows.map((r) => r.answer)).toContainEqual(answers.mcq)
    const refused = await c.call('POST', '/answers', {
      question_id: c.detail.questions[2]?.id,
      answer: answers.code,
    })
    expect(refused.status).toBe(409)
  })
})

describe('free navigation', () => {
  test('any unanswered question may be answered, in any order; the state lists them all', async () => {
    const c = await startCandidate(t, admin.actor, {
      assessment: { navigation: 'free', duration_minutes: 30 },
    })
    expect(c.state.questions.map((q: { answered: boolean }) => q.answered)).toEqual([
      false,
      false,
      false,
    ])
    const q = c.detail.questions
    // Timed questions are answered once opened (the first is open from the start).
    for (const i of [1, 2]) await c.call('POST', `/questions/${q[i]?.id}/open`)
    const third = await c.call('POST', '/answers', { question_id: q[2]?.id, answer: answers.code })
    expect(third.status).toBe(201)
    expect(third.body.questions.map((x: { answered: boolean }) => x.answered)).toEqual([
      false,
      false,
      true,
    ])
    expect(third.body.session.current_question_index).toBe(0)
    const first = await c.call('POST', '/answers', { question_id: q[0]?.id, answer: answers.mcq })
    expect(first.status).toBe(201)
    const second = await c.call('POST', '/answers', {
      question_id: q[1]?.id,
      answer: answers.short,
    })
    expect(second.body.session.status).toBe('completed')
  })
})

describe('resume, tabs and devices', () => {
  test('resume returns the server state; a fresh lease elsewhere is a conflict until taken over', async () => {
    const c = await startCandidate(t, admin.actor)
    t.clock.advance(10 * S)
    const second = await t.request('GET', '/api/sessions/active', { token: c.token })
    expect(second.status).toBe(200)
    expect(second.body.active_session).toMatchObject({
      lease_id: null,
      lease_conflict: true,
      question_remaining_ms: 50 * S,
    })
    const takeover = await t.request('GET', '/api/sessions/active?takeover=true', {
      token: c.token,
    })
    const newLease = takeover.body.active_session.lease_id
    expect(newLease).toMatch(/^[0-9a-f-]{36}$/)
    const oldTab = await c.call('PUT', '/heartbeat')
    expect(oldTab.status).toBe(409)
    expect(oldTab.body.error.code).toBe('lease_revoked')
    const noLease = await c.call('PUT', '/heartbeat', undefined, null)
    expect(noLease.body.error.code).toBe('session_locked')
    const newTab = await c.call('PUT', '/heartbeat', undefined, newLease)
    expect(newTab.status).toBe(200)
    expect(newTab.body.question_remaining_ms).toBe(50 * S)
    const events =
      await t.sql`SELECT type FROM session_events WHERE session_id = ${c.sessionId} ORDER BY id`
    expect(events.map((e) => e.type)).toContain('device_changed')
  })

  test('a reload of the tab that holds the lease resumes without a conflict, keeping its lease', async () => {
    const c = await startCandidate(t, admin.actor)
    t.clock.advance(5 * S)
    const reload = await t.request('GET', '/api/sessions/active', {
      token: c.token,
      headers: { 'x-session-lease': c.lease },
    })
    expect(reload.body.active_session).toMatchObject({ lease_conflict: false, lease_id: c.lease })
    expect((await c.call('PUT', '/heartbeat')).status).toBe(200)
    // Someone else's (or a made-up) lease is still a conflict.
    const other = await t.request('GET', '/api/sessions/active', {
      token: c.token,
      headers: { 'x-session-lease': crypto.randomUUID() },
    })
    expect(other.body.active_session.lease_conflict).toBe(true)
  })

  test('a lease silent for over 60 s is handed to the next resume', async () => {
    const c = await startCandidate(t, admin.actor, {
      assessment: { questions: [{ ...(short as object), time_limit_seconds: null } as never] },
    })
    t.clock.advance(61 * S)
    const resumed = await t.request('GET', '/api/sessions/active', { token: c.token })
    expect(resumed.body.active_session.lease_conflict).toBe(false)
    expect(resumed.body.active_session.lease_id).not.toBe(c.lease)
  })

  test('no active session: null', async () => {
    const c = await startCandidate(t, admin.actor)
    await c.call('PUT', '/complete', {})
    const res = await t.request('GET', '/api/sessions/active', { token: c.token })
    expect(res.body).toEqual({ active_session: null })
  })
})

describe('liveness, drafts, events', () => {
  test('heartbeat, activity and progress answer with what the server stored', async () => {
    const c = await startCandidate(t, admin.actor)
    const hb = await c.call('PUT', '/heartbeat')
    expect(hb.body).toMatchObject({
      last_heartbeat: t.clock.now().toISOString(),
      question_remaining_ms: 60 * S,
    })
    expect((await c.call('PUT', '/activity')).body.last_activity).toBe(t.clock.now().toISOString())
    const q = c.detail.questions
    await c.call('PUT', '/progress', {
      pending_answers: { [q[1]?.id ?? '']: { text: 'a' } },
      flagged_question_ids: [q[2]?.id],
    })
    const merged = await c.call('PUT', '/progress', {
      pending_answers: { [q[2]?.id ?? '']: answers.code },
      sections_completed: ['Basics'],
    })
    expect(merged.body).toEqual({
      sections_completed: ['Basics'],
      flagged_question_ids: [q[2]?.id],
      saved_question_ids: [q[2]?.id],
      draft_revisions: { [q[2]?.id ?? '']: 1 },
      draft_conflicts: {},
    })
    // Drafts merge by question id (the response does not echo them: see draft-limits.test.ts).
    const stored = await t.sql`SELECT question_id, draft FROM session_drafts
      WHERE session_id = ${c.sessionId}`
    expect(Object.fromEntries(stored.map((d) => [d.question_id, d.draft]))).toEqual({
      [q[1]?.id ?? '']: { text: 'a' },
      [q[2]?.id ?? '']: answers.code,
    })
    const unknown = await c.call('PUT', '/progress', {
      pending_answers: { [crypto.randomUUID()]: { text: 'x' } },
    })
    expect(unknown.status).toBe(400)
  })

  test('integrity events are stored in a batch; bad types and oversized batches are 400s', async () => {
    const c = await startCandidate(t, admin.actor)
    const ok = await c.call('POST', '/events', {
      events: [{ type: 'tab_hidden' }, { type: 'paste', data: { length: 120 } }],
    })
    expect(ok.status).toBe(202)
    const types =
      await t.sql`SELECT type FROM session_events WHERE session_id = ${c.sessionId} AND type IN ('tab_hidden', 'paste')`
    expect(types).toHaveLength(2)
    expect((await c.call('POST', '/events', { events: [{ type: 'hacked' }] })).status).toBe(400)
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'copy' }))
    expect((await c.call('POST', '/events', { events: tooMany })).status).toBe(400)
  })

  test('complete finalizes open questions from their drafts', async () => {
    const c = await startCandidate(t, admin.actor)
    const q = c.detail.questions
    // The current question's draft counts; one for a timed question never reached (only a
    // client skipping the page could save it) does not.
    const drafts = { [q[0]?.id ?? '']: answers.mcq, [q[1]?.id ?? '']: answers.short }
    await c.call('PUT', '/progress', { pending_answers: drafts })
    const done = await c.call('PUT', '/complete', {})
    expect(done.body.session).toMatchObject({
      status: 'completed',
      completion_method: 'manual',
      answered_count: 3,
    })
    const rows =
      await t.sql`SELECT question_id, answer FROM answers WHERE session_id = ${c.sessionId}`
    expect(rows.find((r) => r.question_id === q[0]?.id)?.answer).toEqual(answers.mcq)
    expect(rows.find((r) => r.question_id === q[1]?.id)?.answer).not.toEqual(answers.short)
    expect((await c.call('PUT', '/complete', {})).status).toBe(200) // a retry changes nothing
  })
})

describe('abandon and the sweeper', () => {
  const ctx = () => ({ db: t.db, now: t.clock.now, queue: t.answerQueue })

  test('a tab-close beacon (text/plain, token in the body) marks the session; the sweeper abandons it after the timeout', async () => {
    const c = await startCandidate(t, admin.actor, {
      assessment: { heartbeat_timeout_seconds: 5, duration_minutes: 60 },
    })
    // navigator.sendBeacon always POSTs.
    const beacon = await t.app.request(`/api/sessions/${c.sessionId}/abandon`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ completion_method: 'tab_close', token: c.token, lease_id: c.lease }),
    })
    expect(beacon.status).toBe(200)
    const [row] = await t.sql`SELECT status, left_at FROM test_sessions WHERE id = ${c.sessionId}`
    expect(row?.status).toBe('active')
    expect(row?.left_at).not.toBeNull()
    t.clock.advance(6 * S)
    await sweepSessions(ctx())
    const [after] =
      await t.sql`SELECT status, completion_method FROM test_sessions WHERE id = ${c.sessionId}`
    expect(after).toEqual({ status: 'abandoned', completion_method: 'tab_close' })
  })

  test('coming back before the timeout resumes instead', async () => {
    const c = await startCandidate(t, admin.actor, {
      assessment: { heartbeat_timeout_seconds: 5, duration_minutes: 60 },
    })
    await c.call('PUT', '/abandon', { completion_method: 'tab_close' })
    t.clock.advance(3 * S)
    const back = await t.request('GET', '/api/sessions/active', { token: c.token })
    expect(back.body.active_session.session.status).toBe('active')
    const lease = back.body.active_session.lease_id ?? c.lease
    t.clock.advance(3 * S)
    await c.call('PUT', '/heartbeat', undefined, lease)
    await sweepSessions(ctx())
    const [row] = await t.sql`SELECT status FROM test_sessions WHERE id = ${c.sessionId}`
    expect(row?.status).toBe('active')
  })

  test('a silent session is abandoned with heartbeat_timeout; quitting abandons at once', async () => {
    const silent = await startCandidate(t, admin.actor, {
      assessment: { heartbeat_timeout_seconds: 5, duration_minutes: 60 },
    })
    const quitter = await startCandidate(t, admin.actor)
    const quit = await quitter.call('PUT', '/abandon', { completion_method: 'manual' })
    expect(quit.body.session).toMatchObject({ status: 'abandoned', completion_method: 'manual' })
    t.clock.advance(6 * S)
    await sweepSessions(ctx())
    const [row] =
      await t.sql`SELECT status, completion_method FROM test_sessions WHERE id = ${silent.sessionId}`
    expect(row).toEqual({ status: 'abandoned', completion_method: 'heartbeat_timeout' })
  })

  test('the sweeper runs the same catch-up as a touch: an overdue question is finalized from its draft', async () => {
    const c = await startCandidate(t, admin.actor)
    await c.call('PUT', '/progress', { pending_answers: { [c.state.question.id]: answers.mcq } })
    t.clock.advance(63 * S)
    await c.call('PUT', '/heartbeat').catch(() => {})
    const result = await sweepSessions(ctx())
    expect(result.abandoned).toBe(0)
    const [row] =
      await t.sql`SELECT answer, submitted_by FROM answers WHERE session_id = ${c.sessionId}`
    expect(row).toEqual({ answer: answers.mcq, submitted_by: 'server' })
  })
})

describe('authorization', () => {
  test('another candidate’s session is a 404; recruiters list and read their own organization only', async () => {
    const a = await startCandidate(t, admin.actor)
    const b = await startCandidate(t, admin.actor)
    const peek = await t.request('GET', `/api/sessions/${a.sessionId}`, { token: b.token })
    expect(peek.status).toBe(404)
    const write = await t.request('PUT', `/api/sessions/${a.sessionId}/heartbeat`, {
      token: b.token,
      headers: { 'x-session-lease': b.lease },
    })
    expect(write.status).toBe(404)
    expect((await t.request('GET', '/api/sessions?status=active', { token: a.token })).status).toBe(
      403,
    )

    const list = await t.request(
      'GET',
      `/api/sessions?status=active&assessment_id=${a.detail.assessment.id}`,
      { token: admin.token },
    )
    expect(list.status).toBe(200)
    expect(list.body.sessions.map((s: { id: string }) => s.id)).toEqual([a.sessionId])
    expect(list.body.sessions[0]).toMatchObject({
      heartbeat_stale: false,
      candidate: { email: a.invitation.email },
    })
    // One answer in, so the staff view has one; each view matches its documented schema.
    const answered = await a.call('POST', '/answers', {
      question_id: a.state.question?.id,
      answer: answers.mcq,
    })
    expect(answered.status).toBe(201)
    const read = await t.request('GET', `/api/sessions/${a.sessionId}`, { token: admin.token })
    expect(read.status).toBe(200)
    expect(read.body.candidate.id).toBe(a.invitation.candidateId)
    expect(StaffSessionView.safeParse(read.body).error?.issues ?? []).toEqual([])
    expect(read.body.answers).toHaveLength(1)
    const own = await t.request('GET', `/api/sessions/${a.sessionId}`, { token: a.token })
    expect(SessionState.safeParse(own.body).error?.issues ?? []).toEqual([])

    const rival = await createStaff(t)
    expect(
      (await t.request('GET', `/api/sessions/${a.sessionId}`, { token: rival.token })).status,
    ).toBe(404)
    const rivalList = await t.request('GET', '/api/sessions?status=active', { token: rival.token })
    expect(rivalList.body.sessions).toEqual([])
  })
})
