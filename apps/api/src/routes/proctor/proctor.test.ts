import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createInvitation, sweepSessions } from '@assess/db'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'
import { openSse } from '../../test/sse-client.ts'

let t: TestApp
let admin: Awaited<ReturnType<typeof createStaff>>
let stranger: Awaited<ReturnType<typeof createStaff>>
beforeAll(async () => {
  t = await createTestApp()
  admin = await createStaff(t)
  stranger = await createStaff(t)
})
afterAll(() => t.close())

const S = 1000
const MIN = 60 * S
const ctx = () => ({ db: t.db, now: t.clock.now, queue: t.answerQueue })
const act = (sessionId: string, action: string, body: unknown, token = admin.token) =>
  t.request('POST', `/api/sessions/${sessionId}/${action}`, { token, body })
const eventsOf = async (sessionId: string) =>
  (await t.request('GET', `/api/sessions/${sessionId}/timeline`, { token: admin.token })).body
    .events as { type: string; data: Record<string, unknown> }[]
const mcq = { choice_ids: ['a'] }

/** A 30-minute test whose first question has a 60 s limit (the factory's questions). */
const startTimed = () => startCandidate(t, admin.actor, { assessment: { duration_minutes: 30 } })

describe('pause and resume', () => {
  test('the clock stops while paused and every deadline moves by the paused time', async () => {
    const c = await startTimed()
    t.clock.advance(10 * S)
    const paused = await act(c.sessionId, 'pause', { reason: 'Fire alarm in the building' })
    expect(paused.status).toBe(200)
    expect(paused.body.session).toMatchObject({
      status: 'paused',
      pause_reason: 'Fire alarm in the building',
    })
    const report = await t.request('GET', `/api/sessions/${c.sessionId}/report`, {
      token: admin.token,
    })
    expect(report.body.session).toMatchObject({
      status: 'paused',
      pause_reason: 'Fire alarm in the building',
      paused_at: paused.body.session.paused_at,
      cancellation: null,
    })
    const atPause = {
      question: paused.body.question_remaining_ms,
      session: paused.body.session_remaining_ms,
    }
    expect(atPause).toEqual({ question: 50 * S, session: 30 * MIN - 10 * S })

    // Far past the question's window and the session's end: nothing moves while paused.
    t.clock.advance(45 * MIN)
    await sweepSessions(ctx())
    const read = await c.call('GET', '')
    expect(read.status).toBe(200)
    expect(read.body.session).toMatchObject({ status: 'paused', pause_reason: expect.any(String) })
    expect(read.body.question_remaining_ms).toBe(atPause.question)
    expect(read.body.session_remaining_ms).toBe(atPause.session)

    // Every change the candidate could make is refused with the reason; reads still work.
    const refused = [
      await c.call('PUT', '/heartbeat'),
      await c.call('PUT', '/activity'),
      await c.call('PUT', '/progress', { pending_answers: { [c.state.question.id]: mcq } }),
      await c.call('POST', '/events', { events: [{ type: 'tab_hidden' }] }),
      await c.call('POST', '/answers', {
        question_id: c.state.question.id,
        answer: mcq,
        idempotency_key: crypto.randomUUID(),
      }),
      await c.call('PUT', '/complete'),
      await c.call('PUT', '/abandon', { completion_method: 'manual' }),
      await c.call('POST', '/run', { question_id: c.state.question.id, code: 'x' }),
    ]
    for (const r of refused) {
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('session_paused')
      expect(r.body.error.details.reason).toBe('Fire alarm in the building')
    }

    // A tab-close beacon while paused changes nothing (the sweeper skips paused sessions anyway).
    expect((await c.call('PUT', '/abandon', { completion_method: 'tab_close' })).status).toBe(200)
    const [still] = await t.sql`SELECT status, left_at FROM test_sessions WHERE id = ${c.sessionId}`
    expect(still).toEqual({ status: 'paused', left_at: null })

    const resumed = await act(c.sessionId, 'resume', { reason: 'All clear' })
    expect(resumed.status).toBe(200)
    expect(resumed.body.session).toMatchObject({ status: 'active', paused_at: null })
    expect(resumed.body.question_remaining_ms).toBe(atPause.question)
    expect(resumed.body.session_remaining_ms).toBe(atPause.session)
    expect(new Date(resumed.body.session.expires_at).getTime()).toBe(
      new Date(c.state.session.expires_at).getTime() + 45 * MIN,
    )
    // Resumed, the candidate goes on where they were, and is not abandoned for the silence.
    expect((await c.call('PUT', '/heartbeat')).status).toBe(200)
    await sweepSessions(ctx())
    const answered = await c.call('POST', '/answers', {
      question_id: c.state.question.id,
      answer: mcq,
      idempotency_key: crypto.randomUUID(),
    })
    expect(answered.status).toBe(201)
    expect(answered.body.session.status).toBe('active')

    const events = await eventsOf(c.sessionId)
    expect(events.find((e) => e.type === 'paused')?.data).toEqual({
      reason: 'Fire alarm in the building',
      by_user_id: admin.user.id,
    })
    expect(events.find((e) => e.type === 'unpaused')?.data).toEqual({
      reason: 'All clear',
      by_user_id: admin.user.id,
      paused_ms: 45 * MIN,
    })
  })

  test('the window keeps running after a resume and closes on the shifted deadline', async () => {
    const c = await startTimed()
    t.clock.advance(40 * S)
    await act(c.sessionId, 'pause', { reason: 'Network trouble' })
    t.clock.advance(5 * MIN)
    await act(c.sessionId, 'resume', { reason: 'Fixed' })
    // 20 s of the question's 60 s remain (plus the 2 s grace): 21 s later it is still open ...
    t.clock.advance(21 * S)
    expect((await c.call('GET', '')).body.session.current_question_index).toBe(0)
    // ... and past the grace the clock finalizes it and serves the next question.
    t.clock.advance(2 * S)
    const read = await c.call('GET', '')
    expect(read.body.session.current_question_index).toBe(1)
  })

  test('a paused session is still the attempt under way: no second start, a reload resumes it', async () => {
    const c = await startTimed()
    await act(c.sessionId, 'pause', { reason: 'Checking identity' })
    const again = await t.request('POST', `/api/assessments/${c.detail.assessment.id}/sessions`, {
      token: c.token,
    })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('session_active')
    const reload = await t.request('GET', '/api/sessions/active', { token: c.token })
    expect(reload.status).toBe(200)
    expect(reload.body.active_session.session).toMatchObject({ id: c.sessionId, status: 'paused' })
    // The tab that holds the lease is still live: a reload elsewhere is offered a takeover.
    expect(reload.body.active_session.lease_conflict).toBe(true)
  })

  test('a wrong state is a 409 that says which', async () => {
    const c = await startTimed()
    const notPaused = await act(c.sessionId, 'resume', { reason: 'x' })
    expect(notPaused.status).toBe(409)
    expect(notPaused.body.error.code).toBe('session_not_paused')
    await act(c.sessionId, 'pause', { reason: 'x' })
    const twice = await act(c.sessionId, 'pause', { reason: 'x' })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('session_paused')
    await act(c.sessionId, 'cancel', { reason: 'x' })
    for (const action of ['pause', 'extend', 'cancel']) {
      const r = await act(c.sessionId, action, { reason: 'x', minutes: 5 })
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('session_not_active')
    }
  })

  test('free navigation: every open window moves with the pause', async () => {
    const c = await startCandidate(t, admin.actor, {
      assessment: { duration_minutes: 30, navigation: 'free' },
    })
    t.clock.advance(30 * S)
    await act(c.sessionId, 'pause', { reason: 'Break' })
    t.clock.advance(10 * MIN)
    await act(c.sessionId, 'resume', { reason: 'Back' })
    // The 60 s question had 30 s left at the pause: still open 30 s after the resume.
    t.clock.advance(30 * S)
    const read = await c.call('GET', '')
    expect(read.body.questions[0].answered).toBe(false)
    t.clock.advance(3 * S)
    const later = await c.call('GET', '')
    expect(later.body.questions[0].answered).toBe(true)
  })

  test('free navigation: a window opened later moves too; an unopened one has none to move', async () => {
    const c = await startCandidate(t, admin.actor, {
      assessment: { duration_minutes: 30, navigation: 'free' },
    })
    const [, second] = c.detail.questions
    t.clock.advance(10 * S)
    const opened = await c.call('POST', `/questions/${second?.id}/open`)
    const deadline = Date.parse(opened.body.questions[1].deadline)
    await act(c.sessionId, 'pause', { reason: 'Break' })
    t.clock.advance(10 * MIN)
    await act(c.sessionId, 'resume', { reason: 'Back' })
    await act(c.sessionId, 'extend', { minutes: 2, reason: 'Accommodation' })
    const read = await c.call('GET', '')
    expect(Date.parse(read.body.questions[1].deadline)).toBe(deadline + 12 * MIN)
    expect(read.body.questions[2]).toMatchObject({ opened: false, deadline: null })
  })
})

describe('extend', () => {
  test("moves the session's end and the current question's window", async () => {
    const c = await startTimed()
    t.clock.advance(50 * S)
    const r = await act(c.sessionId, 'extend', { minutes: 5, reason: 'Accommodation' })
    expect(r.status).toBe(200)
    expect(r.body.question_remaining_ms).toBe(10 * S + 5 * MIN)
    expect(r.body.session_remaining_ms).toBe(30 * MIN - 50 * S + 5 * MIN)
    // The first question would have closed at 62 s; it is still open at 2 minutes.
    t.clock.advance(70 * S)
    expect((await c.call('GET', '')).body.session.current_question_index).toBe(0)
    // Answered 2 minutes after it was served: charged 2 minutes, extension or not.
    const answered = await c.call('POST', '/answers', {
      question_id: c.state.question.id,
      answer: mcq,
      idempotency_key: crypto.randomUUID(),
    })
    expect(answered.status).toBe(201)
    const [row] = await t.sql`SELECT time_taken_ms FROM answers WHERE session_id = ${c.sessionId}`
    expect(row?.time_taken_ms).toBe(120 * S)
    const events = await eventsOf(c.sessionId)
    expect(events.find((e) => e.type === 'extended')?.data).toEqual({
      minutes: 5,
      reason: 'Accommodation',
      by_user_id: admin.user.id,
      expires_at: r.body.session.expires_at,
    })
  })

  test('minutes must be a whole number from 1 to 600, and a reason is required', async () => {
    const c = await startTimed()
    for (const body of [
      { minutes: 0, reason: 'x' },
      { minutes: 601, reason: 'x' },
      { minutes: 1.5, reason: 'x' },
      { minutes: '5', reason: 'x' },
      { minutes: 5 },
      { minutes: 5, reason: '   ' },
      { minutes: 5, reason: 'x'.repeat(501) },
    ]) {
      const r = await act(c.sessionId, 'extend', body)
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('validation_failed')
    }
    expect(
      (
        await t.request('POST', `/api/sessions/${c.sessionId}/pause`, {
          token: admin.token,
        })
      ).status,
    ).toBe(400)
  })
})

describe('cancel', () => {
  test('ends the session; stored answers stay and are queued; the candidate sees it is over', async () => {
    const c = await startTimed()
    const submitted = await c.call('POST', '/answers', {
      question_id: c.state.question.id,
      answer: mcq,
      idempotency_key: crypto.randomUUID(),
    })
    expect(submitted.status).toBe(201)
    const r = await act(c.sessionId, 'cancel', { reason: 'Candidate asked to stop' })
    expect(r.status).toBe(200)
    expect(r.body.session).toMatchObject({
      status: 'cancelled',
      completion_method: 'cancelled',
    })
    const [answers] =
      await t.sql`SELECT count(*)::int AS n FROM answers WHERE session_id = ${c.sessionId}`
    expect(answers?.n).toBe(1)
    const after = await c.call('PUT', '/heartbeat')
    expect(after.status).toBe(409)
    expect(after.body.error.code).toBe('session_not_active')
    const read = await c.call('GET', '')
    expect(read.body.session.status).toBe('cancelled')
    const report = await t.request('GET', `/api/sessions/${c.sessionId}/report`, {
      token: admin.token,
    })
    expect(report.status, report.text).toBe(200)
    expect(report.body.session).toMatchObject({
      status: 'cancelled',
      cancellation: {
        at: r.body.session.completed_at,
        reason: 'Candidate asked to stop',
        by: { name: admin.user.name, email: admin.user.email },
      },
    })
    // The report names who cancelled (not a raw id) and why.
    const cancelled = report.body.events.find((e: { type: string }) => e.type === 'cancelled')
    expect(cancelled.actor).toEqual({ name: admin.user.name, email: admin.user.email })
    expect(cancelled.data.reason).toBe('Candidate asked to stop')
    expect((await eventsOf(c.sessionId)).find((e) => e.type === 'cancelled')?.data).toEqual({
      completion_method: 'cancelled',
      reason: 'Candidate asked to stop',
      by_user_id: admin.user.id,
    })
  })

  test('a paused session can be cancelled', async () => {
    const c = await startTimed()
    await act(c.sessionId, 'pause', { reason: 'x' })
    const r = await act(c.sessionId, 'cancel', { reason: 'Suspected impersonation' })
    expect(r.status).toBe(200)
    expect(r.body.session).toMatchObject({ status: 'cancelled', paused_at: null })
  })
})

describe('extra attempt', () => {
  test('one more attempt after the last was used; a revoked link gets none', async () => {
    const c = await startTimed()
    await c.call('PUT', '/complete')
    const again = () =>
      t.request('POST', `/api/assessments/${c.detail.assessment.id}/sessions`, { token: c.token })
    const exhausted = await again()
    expect(exhausted.status).toBe(410)
    expect(exhausted.body.error.code).toBe('attempts_exhausted')

    const granted = await t.request('POST', `/api/invitations/${c.invitation.id}/extra-attempt`, {
      token: admin.token,
      body: { reason: 'Power cut during the first attempt' },
    })
    expect(granted.status).toBe(200)
    expect(granted.body.invitation.extra_attempts).toBe(1)
    const second = await again()
    expect(second.status).toBe(201)
    expect(second.body.session.attempt_number).toBe(2)
    expect(
      (await eventsOf(c.sessionId)).find((e) => e.type === 'extra_attempt_granted')?.data,
    ).toEqual({
      invitation_id: c.invitation.id,
      extra_attempts: 1,
      reason: 'Power cut during the first attempt',
      by_user_id: admin.user.id,
    })

    await t.request('DELETE', `/api/invitations/${c.invitation.id}`, { token: admin.token })
    const revoked = await t.request('POST', `/api/invitations/${c.invitation.id}/extra-attempt`, {
      token: admin.token,
      body: { reason: 'x' },
    })
    expect(revoked.status).toBe(409)
    expect(revoked.body.error.code).toBe('invitation_revoked')
  })

  test('refused before any attempt, past the expiry and past 100 extra attempts', async () => {
    const c = await startTimed()
    const grant = (id = c.invitation.id) =>
      t.request('POST', `/api/invitations/${id}/extra-attempt`, {
        token: admin.token,
        body: { reason: 'x' },
      })
    const fresh = await createInvitation(t.db, admin.actor, {
      assessmentId: c.detail.assessment.id,
      input: {
        email: `fresh-${crypto.randomUUID()}@example.test`,
        extra_time_percent: 0,
        expires_in_hours: 24,
      },
      now: t.clock.now(),
    })
    const early = await grant(fresh.invitation.id)
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('no_attempt_yet')

    await t.sql`UPDATE invitations SET extra_attempts = 100 WHERE id = ${c.invitation.id}`
    const tooMany = await grant()
    expect(tooMany.status).toBe(409)
    expect(tooMany.body.error.code).toBe('extra_attempts_exhausted')

    await t.sql`UPDATE invitations SET extra_attempts = 0, expires_at = now() - interval '1 day'
      WHERE id = ${c.invitation.id}`
    const expired = await grant()
    expect(expired.status).toBe(409)
    expect(expired.body.error.code).toBe('invitation_expired')
  })
})

describe('live monitoring', () => {
  test("every action reaches the organization's live stream, with who and why", async () => {
    const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: t.app.fetch })
    const c = await startTimed()
    const stream = await openSse(`${server.url}api/live?assessment_id=${c.detail.assessment.id}`, {
      authorization: `Bearer ${admin.token}`,
    })
    try {
      expect(stream.status).toBe(200)
      await stream.waitFor('the opening comment', () => stream.comments.includes('connected'))
      await act(c.sessionId, 'pause', { reason: 'one' })
      await act(c.sessionId, 'resume', { reason: 'two' })
      await act(c.sessionId, 'extend', { reason: 'three', minutes: 7 })
      await act(c.sessionId, 'cancel', { reason: 'four' })
      const mine = () =>
        stream
          .envelopes()
          .filter((e: { session_id: string }) => e.session_id === c.sessionId)
          .map((e: { type: string; data: Record<string, unknown> }) => [e.type, e.data])
      await stream.waitFor('the cancel and the ending', () => mine().length >= 5)
      const by = admin.user.id
      expect(mine()).toEqual([
        ['session.paused', { reason: 'one', by_user_id: by }],
        ['session.resumed', { reason: 'two', by_user_id: by, expires_at: expect.any(String) }],
        [
          'session.extended',
          { reason: 'three', by_user_id: by, minutes: 7, expires_at: expect.any(String) },
        ],
        ['session.cancelled', { reason: 'four', by_user_id: by }],
        ['session.completed', expect.objectContaining({ status: 'cancelled' })],
      ])

      // Revoking the link cancels the attempt in progress, and says so too.
      const other = await startCandidate(t, admin.actor, {
        assessment: { duration_minutes: 30 },
      })
      const watch = await openSse(`${server.url}api/live`, {
        authorization: `Bearer ${admin.token}`,
      })
      try {
        await watch.waitFor('the opening comment', () => watch.comments.includes('connected'))
        await t.request('DELETE', `/api/invitations/${other.invitation.id}`, {
          token: admin.token,
        })
        await watch.waitFor('the revoked attempt cancelled', () =>
          watch
            .envelopes()
            .some(
              (e: { type: string; session_id: string }) =>
                e.type === 'session.cancelled' && e.session_id === other.sessionId,
            ),
        )
      } finally {
        await watch.close()
      }
    } finally {
      await stream.close()
      await server.stop(true)
    }
  })
})

describe('security', () => {
  test('staff only; another organization gets 404; a recruiter may act', async () => {
    const c = await startTimed()
    const calls = [
      { method: 'POST', path: `/api/sessions/${c.sessionId}/pause`, body: { reason: 'x' } },
      { method: 'POST', path: `/api/sessions/${c.sessionId}/resume`, body: { reason: 'x' } },
      {
        method: 'POST',
        path: `/api/sessions/${c.sessionId}/extend`,
        body: { reason: 'x', minutes: 5 },
      },
      { method: 'POST', path: `/api/sessions/${c.sessionId}/cancel`, body: { reason: 'x' } },
      {
        method: 'POST',
        path: `/api/invitations/${c.invitation.id}/extra-attempt`,
        body: { reason: 'x' },
      },
    ]
    for (const call of calls) await expectStaffOnly(t, call, stranger.token)
    // The candidate's own token is not enough either, and nothing changed.
    expect((await act(c.sessionId, 'pause', { reason: 'x' }, c.token)).status).toBe(403)
    expect((await c.call('GET', '')).body.session.status).toBe('active')

    const recruiter = await t.tokens.signStaff({
      id: admin.user.id,
      orgId: admin.user.orgId,
      role: 'recruiter',
    })
    expect((await act(c.sessionId, 'pause', { reason: 'x' }, recruiter)).status).toBe(200)
    expect((await act(crypto.randomUUID(), 'pause', { reason: 'x' })).status).toBe(404)
    expect((await act('not-a-uuid', 'pause', { reason: 'x' })).status).toBe(400)
  })

  test('an invitation of another organization is a 404', async () => {
    const theirs = await startCandidate(t, stranger.actor)
    const { invitation } = await createInvitation(t.db, stranger.actor, {
      assessmentId: theirs.detail.assessment.id,
      input: { email: 'other@example.test', extra_time_percent: 0, expires_in_hours: 24 },
      now: t.clock.now(),
    })
    const r = await t.request('POST', `/api/invitations/${invitation.id}/extra-attempt`, {
      token: admin.token,
      body: { reason: 'x' },
    })
    expect(r.status).toBe(404)
  })
})
