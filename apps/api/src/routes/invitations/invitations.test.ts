import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { schema } from '@assess/db'
import {
  createInvitedCandidate,
  createPublishedAssessment,
  createStaff,
  startCandidate,
} from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'

let t: TestApp
let admin: Awaited<ReturnType<typeof createStaff>>
let rival: Awaited<ReturnType<typeof createStaff>>
beforeAll(async () => {
  t = await createTestApp()
  admin = await createStaff(t)
  rival = await createStaff(t)
})
afterAll(() => t.close())

const HOUR = 3_600_000
const invite = (assessmentId: string, body: unknown, token = admin.token) =>
  t.request('POST', `/api/assessments/${assessmentId}/invitations`, { token, body })
const accept = (linkToken: string) => t.request('POST', `/api/invitations/${linkToken}/accept`)

describe('POST /api/assessments/:id/invitations', () => {
  test('returns the invitation, a one-time token and the SPA link; only a hash is stored', async () => {
    const { assessment } = await createPublishedAssessment(t, admin.actor)
    const res = await invite(assessment.id, {
      email: 'Cara@Example.test',
      name: 'Cara',
      extra_time_percent: 25,
    })
    expect(res.status).toBe(201)
    expect(res.body.invitation).toMatchObject({
      assessment_id: assessment.id,
      email: 'cara@example.test',
      name: 'Cara',
      status: 'pending',
      extra_time_percent: 25,
    })
    expect(res.body.url).toBe(`http://assess.test/invite/${res.body.token}`)
    const stored =
      await t.sql`SELECT token_hash FROM invitations WHERE id = ${res.body.invitation.id}`
    expect(stored[0]?.token_hash).not.toContain(res.body.token)
    expect(JSON.stringify(stored)).not.toContain(res.body.token)
  })

  test('refuses a draft assessment (409) and bad fields (400)', async () => {
    const draft = await t.request('POST', '/api/assessments', {
      token: admin.token,
      body: { title: 'draft' },
    })
    const res = await invite(draft.body.assessment.id, { email: 'x@example.test' })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('assessment_not_published')
    const { assessment } = await createPublishedAssessment(t, admin.actor)
    const bad = await invite(assessment.id, {
      email: 'nope',
      extra_time_percent: -5,
      expires_in_hours: 0,
    })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual([
      'email',
      'expires_in_hours',
      'extra_time_percent',
    ])
  })

  test('re-inviting a candidate revokes the earlier link and keeps the same candidate', async () => {
    const { assessment } = await createPublishedAssessment(t, admin.actor)
    const first = await invite(assessment.id, { email: 'again@example.test' })
    const second = await invite(assessment.id, { email: 'again@example.test', name: 'Again' })
    expect(second.status).toBe(201)
    expect(second.body.invitation.candidate_id).toBe(first.body.invitation.candidate_id)
    expect((await accept(first.body.token)).body.error.code).toBe('invitation_revoked')
    expect((await accept(second.body.token)).status).toBe(200)
  })

  test('lists the invitations of an assessment with their derived status', async () => {
    const { assessment } = await createPublishedAssessment(t, admin.actor)
    await invite(assessment.id, { email: 'one@example.test', expires_in_hours: 1 })
    await invite(assessment.id, { email: 'two@example.test', expires_in_hours: 48 })
    const res = await t.clock.later(2 * HOUR, () =>
      t.request('GET', `/api/assessments/${assessment.id}/invitations`, { token: admin.token }),
    )
    expect(res.status).toBe(200)
    const byEmail = Object.fromEntries(
      res.body.invitations.map((i: { email: string; status: string }) => [i.email, i.status]),
    )
    expect(byEmail).toEqual({ 'one@example.test': 'expired', 'two@example.test': 'pending' })
  })
})

test("the list follows each candidate: the latest attempt's status, and its session for the report", async () => {
  const c = await startCandidate(t, admin.actor)
  const list = async () => {
    const res = await t.request('GET', `/api/assessments/${c.detail.assessment.id}/invitations`, {
      token: admin.token,
    })
    return res.body.invitations.find((i: { id: string }) => i.id === c.invitation.id)
  }
  expect((await list()).latest_session).toEqual({
    id: c.sessionId,
    status: 'active',
    evaluation_status: 'pending',
  })
  expect((await c.call('PUT', '/complete', {})).status).toBe(200)
  expect((await list()).latest_session).toMatchObject({ id: c.sessionId, status: 'completed' })
  const untouched = await invite(c.detail.assessment.id, { email: 'later@example.test' })
  const other = (
    await t.request('GET', `/api/assessments/${c.detail.assessment.id}/invitations`, {
      token: admin.token,
    })
  ).body.invitations.find((i: { email: string }) => i.email === 'later@example.test')
  expect(untouched.status).toBe(201)
  expect(other.latest_session).toBeNull()
})

describe('POST /api/invitations/:token/accept', () => {
  test('gives a candidate token scoped to the assessment, and the start page facts', async () => {
    const { assessment, linkToken, invitation } = await createInvitedCandidate(t, admin.actor)
    const res = await accept(linkToken)
    expect(res.status).toBe(200)
    expect(res.body.candidate).toMatchObject({
      id: invitation.candidateId,
      email: invitation.email,
    })
    expect(res.body.assessment).toMatchObject({
      id: assessment.id,
      title: assessment.title,
      question_count: 3,
      total_points: 10,
      sections: ['Basics', 'Databases', 'Coding'],
      question_time_limits_seconds: [60, 300, 900],
      attempts_used: 0,
      max_attempts: 1,
    })
    // Nothing that grades leaks to the candidate.
    expect(res.text).not.toContain('correct_option_ids')
    expect(res.text).not.toContain('reference_answer')
    const principal = await t.tokens.verify(res.body.token)
    expect(principal).toMatchObject({
      kind: 'candidate',
      candidateId: invitation.candidateId,
      assessmentId: assessment.id,
      invitationId: invitation.id,
    })
    // A candidate token cannot use recruiter routes.
    const list = await t.request('GET', '/api/assessments', { token: res.body.token })
    expect(list.status).toBe(403)
  })

  test('accepting again (another device) returns a fresh token for the same candidate', async () => {
    const { linkToken } = await createInvitedCandidate(t, admin.actor)
    const first = await accept(linkToken)
    const second = await t.clock.later(1000, () => accept(linkToken))
    expect(second.status).toBe(200)
    expect(second.body.candidate.id).toBe(first.body.candidate.id)
    expect(second.body.token).not.toBe(first.body.token)
  })

  test('an unknown link is 404; an expired one 410 invitation_expired', async () => {
    const unknown = await accept('x'.repeat(43))
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('invitation_not_found')
    const { linkToken } = await createInvitedCandidate(t, admin.actor)
    const expired = await t.clock.later(25 * HOUR, () => accept(linkToken))
    expect(expired.status).toBe(410)
    expect(expired.body.error.code).toBe('invitation_expired')
  })

  test('a revoked link is 410 invitation_revoked; revoking twice is harmless', async () => {
    const { linkToken, invitation } = await createInvitedCandidate(t, admin.actor)
    const revoked = await t.request('DELETE', `/api/invitations/${invitation.id}`, {
      token: admin.token,
    })
    expect(revoked.status).toBe(200)
    expect(revoked.body.invitation.status).toBe('revoked')
    const again = await t.request('DELETE', `/api/invitations/${invitation.id}`, {
      token: admin.token,
    })
    expect(again.status).toBe(200)
    const res = await accept(linkToken)
    expect(res.status).toBe(410)
    expect(res.body.error.code).toBe('invitation_revoked')
  })

  test('once every attempt is used the link answers 410 attempts_exhausted', async () => {
    const { linkToken, invitation, assessment } = await createInvitedCandidate(t, admin.actor)
    await t.db.insert(schema.testSessions).values({
      orgId: admin.actor.orgId,
      assessmentId: assessment.id,
      candidateId: invitation.candidateId,
      invitationId: invitation.id,
      attemptNumber: 1,
      status: 'completed',
      completionMethod: 'manual',
      completedAt: t.clock.now(),
    })
    const res = await accept(linkToken)
    expect(res.status).toBe(410)
    expect(res.body.error.code).toBe('attempts_exhausted')
  })

  test('a malformed token is a 400', async () => {
    expect((await accept('short')).status).toBe(400)
  })
})

describe('security', () => {
  test('invitation routes are staff-only and organization-scoped', async () => {
    const { assessment, invitation, linkToken } = await createInvitedCandidate(t, admin.actor)
    const path = `/api/assessments/${assessment.id}/invitations`
    await expectStaffOnly(
      t,
      { method: 'POST', path, body: { email: 'z@example.test' } },
      rival.token,
    )
    await expectStaffOnly(t, { method: 'GET', path }, rival.token)
    await expectStaffOnly(
      t,
      { method: 'DELETE', path: `/api/invitations/${invitation.id}` },
      rival.token,
    )
    // The rival's revoke did nothing: the link still works.
    expect((await accept(linkToken)).status).toBe(200)
  })
})
