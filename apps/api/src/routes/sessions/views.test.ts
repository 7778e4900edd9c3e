import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readSession } from '@assess/db'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { sessionStateJson, sessionStateView } from './views.ts'

let t: TestApp
let admin: Awaited<ReturnType<typeof createStaff>>
beforeAll(async () => {
  t = await createTestApp()
  admin = await createStaff(t)
})
afterAll(() => t.close())

const ctx = () => ({ db: t.db, now: t.clock.now, queue: t.answerQueue })

/**
 * The read and submit routes send sessionStateJson (question views serialized once and spliced
 * in); the others sessionStateView. Both must say the same, in every state a session shows.
 */
describe('the session state as JSON text says what the view says', () => {
  const sameAsView = async (c: Awaited<ReturnType<typeof startCandidate>>) => {
    const snap = await readSession(ctx(), { sessionId: c.sessionId, orgId: admin.actor.orgId })
    const lease = { leaseId: c.lease, leaseConflict: false }
    const fields = { answer: { id: 'x', duplicate: false } }
    for (const [json, view] of [
      [sessionStateJson(snap), sessionStateView(snap)],
      [sessionStateJson(snap, lease), sessionStateView(snap, lease)],
      [sessionStateJson(snap, undefined, fields), { ...fields, ...sessionStateView(snap) }],
      // Twice: the second comes from the cached question views.
      [sessionStateJson(snap), sessionStateView(snap)],
    ] as const)
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(view)))
    return snap
  }

  test('free navigation: open, withheld and answered questions, then completed', async () => {
    const c = await startCandidate(t, admin.actor, {
      assessment: { navigation: 'free', duration_minutes: 30 },
    })
    const [mcq, short] = c.detail.questions
    const fresh = await sameAsView(c)
    // Timed questions not opened yet are withheld: the text must not leak their content.
    const withheld = JSON.parse(sessionStateJson(fresh)).questions[1]
    expect(withheld).toMatchObject({ id: short?.id, prompt: '', opened: false })
    expect(withheld).not.toHaveProperty('options')

    expect((await c.call('POST', `/questions/${short?.id}/open`)).status).toBe(200)
    const submitted = await c.call('POST', '/answers', {
      question_id: mcq?.id,
      answer: { choice_ids: ['a'] },
    })
    expect(submitted.status).toBe(201)
    const opened = await sameAsView(c)
    expect(JSON.parse(sessionStateJson(opened)).questions[1].prompt).toBe(short?.prompt)
    expect(submitted.body).toEqual({
      ...JSON.parse(JSON.stringify(sessionStateView(opened))),
      answer: submitted.body.answer,
    })

    expect((await c.call('PUT', '/complete')).status).toBe(200)
    const done = await sameAsView(c)
    expect(JSON.parse(sessionStateJson(done))).not.toHaveProperty('questions')
  })

  test('sequential navigation: the current question only', async () => {
    const c = await startCandidate(t, admin.actor)
    const snap = await sameAsView(c)
    expect(JSON.parse(sessionStateJson(snap)).question.id).toBe(c.detail.questions[0]?.id)
  })
})
