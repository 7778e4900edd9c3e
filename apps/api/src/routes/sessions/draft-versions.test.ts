import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

// The fast path (one statement) and the full one (locked, after the clock's catch-up) apply
// the same rule: the full one is taken whenever a deadline may be due, so a deadline set in the
// past sends a save there (the catch-up finds nothing to do and moves it back).
for (const path of ['fast', 'full'] as const)
  describe(`two tabs on one draft (${path} path)`, () => {
    test('an older draft never replaces a newer one; the refusal returns the newer', async () => {
      const c = await startCandidate(t, (await createStaff(t)).actor, {
        assessment: { navigation: 'free' },
      })
      const q = c.detail.questions.find(
        (x: { type: string; id: string }) => x.type === 'short_answer',
      )?.id as string
      const save = async (lease: string, text: string, base: number) => {
        if (path === 'full')
          await t.sql`UPDATE test_sessions SET next_deadline_at = ${new Date(t.clock.now().getTime() - 1000).toISOString()}
            WHERE id = ${c.sessionId}`
        const res = await c.call(
          'PUT',
          '/progress',
          { pending_answers: { [q]: { text } }, draft_bases: { [q]: base } },
          lease,
        )
        expect(res.status).toBe(200)
        if (path === 'full') {
          // The catch-up ran (the full path), and put the real deadline back.
          const [row] =
            await t.sql`SELECT next_deadline_at FROM test_sessions WHERE id = ${c.sessionId}`
          const deadline = row?.next_deadline_at
          expect(deadline === null || new Date(deadline) > t.clock.now()).toBe(true)
        }
        return res.body
      }
      const takeOver = async () => {
        const res = await t.request('GET', '/api/sessions/active?takeover=true', { token: c.token })
        return res.body.active_session
      }

      // Tab 1 saves twice, each from the revision the last save was answered with.
      expect((await save(c.lease, 'tab 1', 0)).draft_revisions).toEqual({ [q]: 1 })
      expect((await save(c.lease, 'tab 1, more', 1)).draft_revisions).toEqual({ [q]: 2 })
      // A duplicate of tab 1 (a duplicated browser tab shares the lease) with text from
      // revision 1: refused all the same.
      expect(await save(c.lease, 'duplicate tab, older', 1)).toMatchObject({
        draft_conflicts: { [q]: { revision: 2, answer: { text: 'tab 1, more' } } },
      })
      // Tab 2 takes over, loads revision 2 and saves from it.
      const tab2 = await takeOver()
      expect(tab2.progress.pending_answers[q]).toEqual({ text: 'tab 1, more' })
      expect(tab2.progress.draft_revisions).toEqual({ [q]: 2 })
      expect((await save(tab2.lease_id, 'tab 2, newer', 2)).draft_revisions).toEqual({ [q]: 3 })
      // Tab 1 takes over again; its unsent draft, edited from revision 2, arrives: refused.
      const tab1 = await takeOver()
      expect(await save(tab1.lease_id, 'tab 1, older', 2)).toMatchObject({
        saved_question_ids: [],
        draft_revisions: {},
        draft_conflicts: { [q]: { revision: 3, answer: { text: 'tab 2, newer' } } },
      })
      const stored = async () =>
        (
          await t.sql`SELECT draft FROM session_drafts
            WHERE session_id = ${c.sessionId} AND question_id = ${q}`
        )[0]?.draft
      expect(await stored()).toEqual({ text: 'tab 2, newer' })
      // The candidate chooses this tab's text: saved from revision 3.
      expect((await save(tab1.lease_id, 'tab 1, chosen', 3)).draft_revisions).toEqual({ [q]: 4 })
      expect(await stored()).toEqual({ text: 'tab 1, chosen' })
    })
  })

test('a save without a base (an API client) is not checked', async () => {
  const c = await startCandidate(t, (await createStaff(t)).actor)
  const q = c.state.question.id
  for (const choice of ['a', 'b']) {
    const res = await c.call('PUT', '/progress', {
      pending_answers: { [q]: { choice_ids: [choice] } },
    })
    expect(res.body.draft_conflicts).toEqual({})
  }
})

test('a base past the revisions a draft can have is a 400 naming it, not a 500', async () => {
  const c = await startCandidate(t, (await createStaff(t)).actor)
  const q = c.state.question.id
  const res = await c.call('PUT', '/progress', {
    pending_answers: { [q]: { choice_ids: ['a'] } },
    draft_bases: { [q]: 2 ** 31 },
  })
  expect(res.status).toBe(400)
  expect(Object.keys(res.body.error.details.fields)).toEqual([`draft_bases.${q}`])
})
