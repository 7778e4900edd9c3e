import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createInvitation } from '@assess/db'
import { createPublishedAssessment, createStaff } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

type Staff = Awaited<ReturnType<typeof createStaff>>

/** One candidate (one email) invited to an assessment and started on it, over HTTP. */
async function attempt(staff: Staff, email: string) {
  const detail = await createPublishedAssessment(t, staff.actor)
  const { invitation, token: link } = await createInvitation(t.db, staff.actor, {
    assessmentId: detail.assessment.id,
    input: { email, extra_time_percent: 0, expires_in_hours: 24 },
    now: t.clock.now(),
  })
  const accepted = await t.request('POST', `/api/invitations/${link}/accept`)
  const token: string = accepted.body.token
  const started = await t.request('POST', `/api/assessments/${detail.assessment.id}/sessions`, {
    token,
  })
  expect(started.status).toBe(201)
  return {
    assessmentId: detail.assessment.id,
    invitationId: invitation.id,
    token,
    sessionId: started.body.session.id as string,
    lease: started.body.lease_id as string,
    firstQuestionId: started.body.question.id as string,
  }
}

/** Every candidate route on one session, with the given token and lease. */
function callsOn(
  session: { sessionId: string; firstQuestionId: string },
  token: string,
  lease: string,
) {
  const on = (method: string, path: string, body?: unknown) => () =>
    t.request(method, `/api/sessions/${session.sessionId}${path}`, {
      token,
      body,
      headers: { 'x-session-lease': lease },
    })
  return {
    read: on('GET', ''),
    heartbeat: on('PUT', '/heartbeat'),
    activity: on('PUT', '/activity'),
    progress: on('PUT', '/progress', { flagged_question_ids: [] }),
    events: on('POST', '/events', { events: [{ type: 'tab_hidden' }] }),
    submit: on('POST', '/answers', {
      question_id: session.firstQuestionId,
      answer: { choice_ids: ['a'] },
    }),
    sampleRun: on('POST', '/run', { question_id: session.firstQuestionId, code: '' }),
    complete: on('PUT', '/complete'),
    abandon: on('PUT', '/abandon', { completion_method: 'manual' }),
  }
}

describe("a candidate token reaches only its own invitation's sessions", () => {
  test("the same candidate's token for assessment X cannot touch their session of Y", async () => {
    const staff = await createStaff(t)
    const email = `both-${crypto.randomUUID()}@example.test`
    const x = await attempt(staff, email)
    const y = await attempt(staff, email)
    for (const [name, call] of Object.entries(callsOn(y, x.token, y.lease))) {
      const res = await call()
      expect([name, res.status, res.body?.error?.code]).toEqual([name, 404, 'session_not_found'])
    }
    // Y's own token still works, and nothing above changed Y.
    const own = await callsOn(y, y.token, y.lease).read()
    expect(own.status).toBe(200)
    expect(own.body.session.status).toBe('active')
    const events = await t.sql`SELECT type FROM session_events WHERE session_id = ${y.sessionId}`
    expect(events.map((e) => e.type)).not.toContain('tab_hidden')
  })
})

describe('revoking an invitation', () => {
  test('cancels its attempt in progress, says who and why, and its token stops working at once', async () => {
    const staff = await createStaff(t)
    const a = await attempt(staff, `revoked-${crypto.randomUUID()}@example.test`)
    expect((await callsOn(a, a.token, a.lease).submit()).status).toBe(201)

    const revoked = await t.request('DELETE', `/api/invitations/${a.invitationId}`, {
      token: staff.token,
    })
    expect(revoked.status).toBe(200)
    const [session] = await t.sql`SELECT * FROM test_sessions WHERE id = ${a.sessionId}`
    expect(session).toMatchObject({
      status: 'cancelled',
      completion_method: 'cancelled',
      lease_id: null,
      next_deadline_at: null,
    })
    const [event] = await t.sql`SELECT data FROM session_events
      WHERE session_id = ${a.sessionId} AND type = 'cancelled'`
    expect(event?.data).toEqual({
      completion_method: 'cancelled',
      reason: 'invitation revoked',
      by_user_id: staff.user.id,
    })
    // The answer given before is kept (and queued for grading).
    const kept =
      await t.sql`SELECT count(*)::int AS n FROM answers WHERE session_id = ${a.sessionId}`
    expect(kept[0]?.n).toBe(1)

    for (const [name, call] of Object.entries(callsOn(a, a.token, a.lease))) {
      const res = await call()
      expect([name, res.status, res.body?.error?.code]).toEqual([name, 410, 'invitation_revoked'])
    }
    const resume = await t.request('GET', '/api/sessions/active', { token: a.token })
    expect([resume.status, resume.body.error?.code]).toEqual([410, 'invitation_revoked'])
    const restart = await t.request('POST', `/api/assessments/${a.assessmentId}/sessions`, {
      token: a.token,
    })
    expect([restart.status, restart.body.error?.code]).toEqual([410, 'invitation_revoked'])
  })

  test('re-inviting the candidate replaces the link and cancels the attempt on the old one', async () => {
    const staff = await createStaff(t)
    const email = `again-${crypto.randomUUID()}@example.test`
    const a = await attempt(staff, email)
    const again = await t.request('POST', `/api/assessments/${a.assessmentId}/invitations`, {
      token: staff.token,
      body: { email },
    })
    expect(again.status).toBe(201)
    const [session] = await t.sql`SELECT status FROM test_sessions WHERE id = ${a.sessionId}`
    expect(session?.status).toBe('cancelled')
    const [event] = await t.sql`SELECT data FROM session_events
      WHERE session_id = ${a.sessionId} AND type = 'cancelled'`
    expect(event?.data.reason).toBe('invitation replaced by a new one')
    const res = await callsOn(a, a.token, a.lease).heartbeat()
    expect([res.status, res.body.error?.code]).toEqual([410, 'invitation_revoked'])
  })
})
