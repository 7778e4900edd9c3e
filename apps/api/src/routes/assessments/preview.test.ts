import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { QuestionInput } from '@assess/core'
import { createAssessment, createInvitation, queueResultsReadyEmail } from '@assess/db'
import { waitUntil } from '@assess/db/testing'
import { createPublishedAssessment, createStaff, oneMcq } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'

/**
 * "Take it as a candidate": a staff member's own attempt runs through the candidate's routes like
 * any other, and counts nowhere: results, the CSV export, analytics, invitations, the live board
 * and its stream, webhooks and the results-ready email all leave it out.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const mcq = oneMcq

/** A draft with these questions, straight through the domain command. */
const createDraft = (actor: { userId: string; orgId: string }, questions: QuestionInput[]) =>
  createAssessment(t.db, actor, {
    title: 'Draft',
    description: '',
    duration_minutes: 30,
    navigation: 'sequential',
    max_attempts: 1,
    grace_seconds: 5,
    heartbeat_timeout_seconds: 60,
    show_results_to_candidate: false,
    questions,
  })

/** Opens the link and answers the one question: the session ends `completed`. */
async function takeOneQuestion(linkToken: string, assessmentId: string) {
  const accepted = await t.request('POST', `/api/invitations/${linkToken}/accept`)
  expect(accepted.status).toBe(200)
  const token: string = accepted.body.token
  const started = await t.request('POST', `/api/assessments/${assessmentId}/sessions`, { token })
  expect(started.status).toBe(201)
  const sessionId: string = started.body.session.id
  const events = await t.request('POST', `/api/sessions/${sessionId}/events`, {
    token,
    headers: { 'x-session-lease': started.body.lease_id },
    body: { events: [{ type: 'tab_hidden', at: t.clock.now().toISOString() }] },
  })
  expect(events.status).toBe(202)
  const answered = await t.request('POST', `/api/sessions/${sessionId}/answers`, {
    token,
    headers: { 'x-session-lease': started.body.lease_id },
    body: { question_id: started.body.question.id, answer: { choice_ids: ['a'] } },
  })
  expect(answered.status).toBe(201)
  expect(answered.body.session.status).toBe('completed')
  return { accepted: accepted.body, sessionId }
}

/** What the summary would write: the session evaluated, so results may list it. */
const markEvaluated = (sessionId: string) =>
  t.sql`UPDATE test_sessions SET evaluation_status = 'done', evaluated_at = now(),
    final_score = 2, max_score = 2, percentage = 100, recommendation = 'strong_hire'
    WHERE id = ${sessionId}`

describe('POST /api/assessments/:id/preview', () => {
  test('the author takes a published assessment as a candidate; it is graded and reported, and counts nowhere', async () => {
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor, {
      questions: [mcq('Which is prime?')],
    })
    await t.sql`INSERT INTO webhooks (org_id, url, events, secret)
      VALUES (${staff.actor.orgId}, 'https://hooks.example.test/in',
        ${['session.started', 'session.completed', 'session.summarized', 'invitation.accepted']},
        'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0')`

    const previewed = await t.request('POST', `/api/assessments/${assessment.id}/preview`, {
      token: staff.token,
    })
    expect(previewed.status).toBe(201)
    expect(previewed.body.url).toBe(`http://assess.test/invite/${previewed.body.token}`)
    const preview = await takeOneQuestion(previewed.body.token, assessment.id)
    expect(preview.accepted.assessment.preview).toBe(true)
    expect(preview.accepted.candidate.name).toBe(`${staff.user.name} (preview)`)
    await markEvaluated(preview.sessionId)

    // A real candidate alongside: what counts.
    const { token: realLink } = await createInvitation(t.db, staff.actor, {
      assessmentId: assessment.id,
      input: { email: 'real@example.test', extra_time_percent: 0, expires_in_hours: 24 },
      now: t.clock.now(),
    })
    const real = await takeOneQuestion(realLink, assessment.id)
    expect(real.accepted.assessment.preview).toBe(false)
    await markEvaluated(real.sessionId)

    // The report opens on the preview, as on any session of the organization.
    const report = await t.request('GET', `/api/sessions/${preview.sessionId}/report`, {
      token: staff.token,
    })
    expect(report.status).toBe(200)
    expect(report.body.session.preview).toBe(true)

    const ids = (items: { id: string }[]) => items.map((i) => i.id)
    const results = await t.request('GET', `/api/results?assessment_id=${assessment.id}`, {
      token: staff.token,
    })
    expect(results.status).toBe(200)
    expect(results.body.results.map((r: { session_id: string }) => r.session_id)).toEqual([
      real.sessionId,
    ])
    const sessions = await t.request('GET', `/api/sessions?assessment_id=${assessment.id}`, {
      token: staff.token,
    })
    expect(ids(sessions.body.sessions)).toEqual([real.sessionId])
    const invitations = await t.request('GET', `/api/assessments/${assessment.id}/invitations`, {
      token: staff.token,
    })
    expect(invitations.body.invitations.map((i: { email: string }) => i.email)).toEqual([
      'real@example.test',
    ])
    const analytics = await t.request('GET', `/api/assessments/${assessment.id}/analytics`, {
      token: staff.token,
    })
    expect(analytics.body.sessions.total).toBe(1)
    expect(analytics.body.questions[0].answered).toBe(1)
    expect(analytics.body.questions[0].option_counts).toEqual({ a: 1, b: 0 })
    const csv = await t.request('GET', `/api/results.csv?assessment_id=${assessment.id}`, {
      token: staff.token,
    })
    expect(csv.status).toBe(200)
    expect(csv.text).toContain('real@example.test')
    expect(csv.text).not.toContain('preview')

    // Webhooks: the real session's events only.
    const deliveries = await t.sql<{ event_type: string; payload: { data: unknown } }[]>`
      SELECT event_type, payload FROM webhook_deliveries WHERE org_id = ${staff.actor.orgId}`
    expect(deliveries.map((d) => d.event_type).sort()).toEqual([
      'invitation.accepted',
      'session.completed',
      'session.started',
      'session.summarized',
    ])
    expect(JSON.stringify(deliveries)).not.toContain(preview.sessionId)

    // The live stream: the real session's events arrive; none of the preview's ever do (it
    // published first, and a stream keeps order).
    const stream = `${t.redisPrefix}:live:${staff.actor.orgId}`
    const entries = await waitUntil('the real session completed on the stream', async () => {
      const all = await t.redis.xrange(stream, '-', '+')
      const text = JSON.stringify(all)
      return text.includes(real.sessionId) && text.includes('session.completed') ? text : null
    })
    expect(entries).not.toContain(preview.sessionId)

    // No "results ready" email for a preview; the real one gets its email.
    const email = { percentage: 100, recommendation: 'strong_hire', publicUrl: 'http://x.test' }
    expect(await queueResultsReadyEmail(t.db, { sessionId: preview.sessionId, ...email })).toBe(
      null,
    )
    expect(
      await queueResultsReadyEmail(t.db, { sessionId: real.sessionId, ...email }),
    ).not.toBeNull()
  })

  test('a draft may be taken before it is published; editing its questions deletes the previews taken on them', async () => {
    const staff = await createStaff(t)
    const draft = await createDraft(staff.actor, [mcq('First version')])
    const id = draft.assessment.id
    const previewed = await t.request('POST', `/api/assessments/${id}/preview`, {
      token: staff.token,
    })
    expect(previewed.status).toBe(201)
    const { sessionId } = await takeOneQuestion(previewed.body.token, id)

    // A real invitation to a draft is still refused.
    const invite = await t.request('POST', `/api/assessments/${id}/invitations`, {
      token: staff.token,
      body: { email: 'early@example.test' },
    })
    expect(invite.status).toBe(409)
    // Nor can anyone invite the stand-in's address: it is reserved (no mail reaches .invalid).
    const standIn = await t.request('POST', `/api/assessments/${id}/invitations`, {
      token: staff.token,
      body: { email: `preview+${staff.actor.userId}@preview.invalid` },
    })
    expect(standIn.status).toBe(400)
    expect(standIn.body.error.details.fields.email).toBeDefined()

    const edited = await t.request('PATCH', `/api/assessments/${id}`, {
      token: staff.token,
      body: { questions: [mcq('Second version')] },
    })
    expect(edited.status).toBe(200)
    expect(await t.sql`SELECT id FROM test_sessions WHERE id = ${sessionId}`).toHaveLength(0)
    expect(await t.sql`SELECT id FROM answers WHERE session_id = ${sessionId}`).toHaveLength(0)

    // Taking it again replaces the earlier preview: the old link stops working.
    const again = await t.request('POST', `/api/assessments/${id}/preview`, { token: staff.token })
    expect(again.status).toBe(201)
    const old = await t.request('POST', `/api/invitations/${previewed.body.token}/accept`)
    expect(old.status).toBe(404)
    const second = await takeOneQuestion(again.body.token, id)
    const [row] = await t.sql`SELECT preview, attempt_number FROM test_sessions
      WHERE id = ${second.sessionId}`
    expect(row).toEqual({ preview: true, attempt_number: 1 })
    // One stand-in candidate per staff member, reused.
    const standIns = await t.sql`SELECT id FROM users
      WHERE org_id = ${staff.actor.orgId} AND role = 'candidate'`
    expect(standIns).toHaveLength(1)
  })

  test('an assessment with no questions, or archived, cannot be taken; staff only, another organization 404', async () => {
    const staff = await createStaff(t)
    const empty = await createDraft(staff.actor, [])
    const none = await t.request('POST', `/api/assessments/${empty.assessment.id}/preview`, {
      token: staff.token,
    })
    expect(none.status).toBe(409)
    expect(none.body.error.code).toBe('assessment_has_no_questions')

    const { assessment } = await createPublishedAssessment(t, staff.actor)
    await t.sql`UPDATE assessments SET status = 'archived' WHERE id = ${assessment.id}`
    const archived = await t.request('POST', `/api/assessments/${assessment.id}/preview`, {
      token: staff.token,
    })
    expect(archived.status).toBe(409)
    expect(archived.body.error.code).toBe('assessment_archived')

    const other = await createStaff(t)
    const { assessment: mine } = await createPublishedAssessment(t, staff.actor)
    await expectStaffOnly(
      t,
      { method: 'POST', path: `/api/assessments/${mine.id}/preview` },
      other.token,
    )
    const bad = await t.request('POST', '/api/assessments/not-a-uuid/preview', {
      token: staff.token,
    })
    expect(bad.status).toBe(400)
  })
})
