import { afterAll, beforeAll, describe, expect, setDefaultTimeout, spyOn, test } from 'bun:test'
import { signUp } from '@assess/db'
import { holdTransaction, waitUntil } from '@assess/db/testing'
import type postgres from 'postgres'
import { createStaff } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'

// Accepting hashes a password with argon2id: slow on purpose, slower on a busy machine.
setDefaultTimeout(60_000)

type Staff = Awaited<ReturnType<typeof createStaff>>
let t: TestApp
let admin: Staff
let rival: Staff
beforeAll(async () => {
  t = await createTestApp()
  admin = await createStaff(t)
  rival = await createStaff(t)
})
afterAll(() => t.close())

const DAY = 24 * 3_600_000
const PASSWORD = 'a long enough password'
let seq = 0
const address = (tag: string) => `${tag}-${++seq}-${Date.now().toString(36)}@example.test`

const invite = (body: unknown, token = admin.token) =>
  t.request('POST', '/api/org/members', { token, body })
const accept = (link: string, body: unknown = { name: 'New Member', password: PASSWORD }) =>
  t.request('POST', `/api/member-invitations/${link}/accept`, { body })
const tokenOf = (inviteUrl: string) => inviteUrl.split('/join/')[1] as string
const team = (token = admin.token) => t.request('GET', '/api/org/members', { token })
const setRole = (id: string, role: unknown, token = admin.token) =>
  t.request('PATCH', `/api/org/members/${id}`, { token, body: { role } })
const deactivate = (id: string, token = admin.token) =>
  t.request('DELETE', `/api/org/members/${id}`, { token })
const login = (email: string, password = PASSWORD) =>
  t.request('POST', '/api/auth/login', { body: { email, password } })

/** Someone invited by `by` and joined through the API: their user and staff token. */
async function addMember(role: 'admin' | 'recruiter', by: { token: string } = admin) {
  const email = address(role)
  const invited = await invite({ email, name: `${role} member`, role }, by.token)
  expect(invited.status).toBe(201)
  const joined = await accept(tokenOf(invited.body.invite_url))
  expect(joined.status).toBe(201)
  return { id: joined.body.user.id as string, email, token: joined.body.token as string }
}

/** Backends of this test database waiting on a row lock. */
async function lockWaiters() {
  const [row] = await t.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`
  return row?.n ?? 0
}

describe('inviting and joining', () => {
  test('an invitation: the link shown once, only its hash stored, no email without SMTP', async () => {
    const email = address('Invitee').toUpperCase()
    const res = await invite({ email, name: ' Ivy Invitee ', role: 'recruiter' })
    expect(res.status).toBe(201)
    expect(res.body.invitation).toMatchObject({
      email: email.toLowerCase(),
      name: 'Ivy Invitee',
      role: 'recruiter',
      status: 'pending',
      invited_by: admin.user.id,
      accepted_at: null,
    })
    const expiresIn = Date.parse(res.body.invitation.expires_at) - t.clock.now().getTime()
    expect(expiresIn).toBe(7 * DAY)
    expect(res.body.email).toEqual({ status: 'not_configured' })
    const token = tokenOf(res.body.invite_url)
    expect(res.body.invite_url).toBe(`http://assess.test/join/${token}`)
    expect(token.length).toBeGreaterThanOrEqual(40)
    const stored =
      await t.sql`SELECT * FROM member_invitations WHERE id = ${res.body.invitation.id}`
    expect(JSON.stringify(stored)).not.toContain(token)
    const outbox =
      await t.sql`SELECT id FROM email_outbox WHERE to_address = ${email.toLowerCase()}`
    expect(outbox).toHaveLength(0)
    const listed = await team()
    expect(listed.body.invitations.map((i: { id: string }) => i.id)).toContain(
      res.body.invitation.id,
    )
  })

  test('the join page reads the invitation; accepting signs the new member in with the invited role', async () => {
    const email = address('joiner')
    const invited = await invite({ email, name: 'Jo Joiner', role: 'admin' })
    const link = tokenOf(invited.body.invite_url)
    const preview = await t.request('GET', `/api/member-invitations/${link}`)
    expect(preview.status).toBe(200)
    expect(preview.body.invitation).toEqual({
      org_name: admin.organization.name,
      email,
      name: 'Jo Joiner',
      role: 'admin',
      expires_at: invited.body.invitation.expires_at,
    })

    const joined = await accept(link, { name: 'Joanna Joiner', password: PASSWORD })
    expect(joined.status).toBe(201)
    expect(joined.body.user).toMatchObject({
      email,
      name: 'Joanna Joiner',
      role: 'admin',
      org_id: admin.user.orgId,
    })
    const me = await t.request('GET', '/api/auth/me', { token: joined.body.token })
    expect(me.status).toBe(200)
    expect(me.body.user.id).toBe(joined.body.user.id)
    expect((await login(email)).status).toBe(200)

    const listed = await team()
    expect(listed.body.members).toContainEqual(
      expect.objectContaining({ id: joined.body.user.id, role: 'admin', status: 'active' }),
    )
    expect(listed.body.invitations.map((i: { email: string }) => i.email)).not.toContain(email)
    const [row] = await t.sql`
      SELECT accepted_at, user_id FROM member_invitations WHERE id = ${invited.body.invitation.id}`
    expect(row?.user_id).toBe(joined.body.user.id)
    expect(row?.accepted_at).not.toBeNull()
  })

  test('a link works once: used, it is a 410 for accepting and for the join page', async () => {
    const invited = await invite({ email: address('once'), name: 'Once', role: 'recruiter' })
    const link = tokenOf(invited.body.invite_url)
    expect((await accept(link)).status).toBe(201)
    const again = await accept(link)
    expect(again.status).toBe(410)
    expect(again.body.error.code).toBe('member_invitation_used')
    const preview = await t.request('GET', `/api/member-invitations/${link}`)
    expect(preview.status).toBe(410)
    expect(preview.body.error.code).toBe('member_invitation_used')
  })

  test('two accepts of one link at once: exactly one user, the other gets 410', async () => {
    const email = address('race')
    const invited = await invite({ email, name: 'Race', role: 'recruiter' })
    const link = tokenOf(invited.body.invite_url)
    // Both accepts queue behind a lock on the invitation, then go at once.
    const held = await holdTransaction(
      t.sql,
      (tx) =>
        tx`SELECT id FROM member_invitations WHERE id = ${invited.body.invitation.id} FOR UPDATE`,
    )
    const both = Promise.all([accept(link), accept(link)])
    await waitUntil(
      'both accepts to wait on the invitation',
      async () => (await lockWaiters()) >= 2,
    )
    await held.release()
    const statuses = (await both).map((r) => r.status).sort()
    expect(statuses).toEqual([201, 410])
    const users = await t.sql`SELECT id FROM users WHERE email = ${email}`
    expect(users).toHaveLength(1)
  })

  test('an expired link is a 410 and drops off the list; a revoked one too', async () => {
    const invited = await invite({ email: address('late'), name: 'Late', role: 'recruiter' })
    const link = tokenOf(invited.body.invite_url)
    const late = await t.clock.later(7 * DAY + 60_000, async () => ({
      accepted: await accept(link),
      // The admin's token of a week ago has expired too: a fresh one.
      listed: await team(await t.tokens.signStaff({ ...admin.user, role: 'admin' })),
    }))
    expect(late.accepted.status).toBe(410)
    expect(late.accepted.body.error.code).toBe('member_invitation_expired')
    const ids = late.listed.body.invitations.map((i: { id: string }) => i.id)
    expect(ids).not.toContain(invited.body.invitation.id)

    const other = await invite({ email: address('withdrawn'), name: 'W', role: 'recruiter' })
    const revoked = await t.request(
      'DELETE',
      `/api/org/member-invitations/${other.body.invitation.id}`,
      { token: admin.token },
    )
    expect(revoked.status).toBe(200)
    expect(revoked.body.invitation.status).toBe('revoked')
    const refused = await accept(tokenOf(other.body.invite_url))
    expect(refused.status).toBe(410)
    expect(refused.body.error.code).toBe('member_invitation_revoked')
    // Revoking again changes nothing; an accepted invitation cannot be revoked.
    const twice = await t.request(
      'DELETE',
      `/api/org/member-invitations/${other.body.invitation.id}`,
      { token: admin.token },
    )
    expect(twice.status).toBe(200)
    expect(twice.body.invitation.revoked_at).toBe(revoked.body.invitation.revoked_at)
    const used = await invite({ email: address('used'), name: 'U', role: 'recruiter' })
    await accept(tokenOf(used.body.invite_url))
    const late2 = await t.request(
      'DELETE',
      `/api/org/member-invitations/${used.body.invitation.id}`,
      { token: admin.token },
    )
    expect(late2.status).toBe(409)
    expect(late2.body.error.code).toBe('member_invitation_used')
  })

  test('inviting an address again replaces its open invitation (the old link stops working)', async () => {
    const email = address('twice')
    const first = await invite({ email, name: 'First', role: 'recruiter' })
    const second = await invite({ email, name: 'Second', role: 'admin' })
    expect(second.status).toBe(201)
    const old = await accept(tokenOf(first.body.invite_url))
    expect(old.status).toBe(410)
    expect(old.body.error.code).toBe('member_invitation_revoked')
    const open = (await team()).body.invitations.filter((i: { email: string }) => i.email === email)
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ id: second.body.invitation.id, role: 'admin' })
    const joined = await accept(tokenOf(second.body.invite_url))
    expect(joined.body.user.role).toBe('admin')
  })

  test('an address that is already staff, here or elsewhere, is a 409', async () => {
    const mine = await invite({ email: admin.user.email, name: 'Me', role: 'admin' })
    expect(mine.status).toBe(409)
    expect(mine.body.error.code).toBe('already_member')
    const theirs = await invite({ email: rival.user.email, name: 'Them', role: 'recruiter' })
    expect(theirs.status).toBe(409)
    expect(theirs.body.error.code).toBe('email_taken')
  })

  test('accepting when the address became staff meanwhile is a 409, and the link stays unused', async () => {
    const email = address('taken')
    const invited = await invite({ email, name: 'Taken', role: 'recruiter' })
    await signUp(t.db, {
      organization_name: 'Elsewhere',
      name: 'Someone',
      email,
      password: PASSWORD,
    })
    const res = await accept(tokenOf(invited.body.invite_url))
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('email_taken')
    const [row] = await t.sql`
      SELECT accepted_at FROM member_invitations WHERE id = ${invited.body.invitation.id}`
    expect(row?.accepted_at).toBeNull()
  })

  test('a dead link is refused before the password is hashed (no argon2 for made-up tokens)', async () => {
    const used = await invite({ email: address('hashed'), name: 'H', role: 'recruiter' })
    const usedLink = tokenOf(used.body.invite_url)
    expect((await accept(usedLink)).status).toBe(201)
    const open = await invite({ email: address('hash-once'), name: 'O', role: 'recruiter' })
    // Counts calls and calls through: the hash itself still happens when it should.
    const hashes = spyOn(Bun.password, 'hash')
    try {
      const longest = { name: 'Scanner', password: 'p'.repeat(200) }
      const unknown = await accept('z'.repeat(43), longest)
      expect(unknown.status).toBe(404)
      expect(unknown.body.error.code).toBe('member_invitation_not_found')
      const again = await accept(usedLink, longest)
      expect(again.status).toBe(410)
      expect(again.body.error.code).toBe('member_invitation_used')
      expect(hashes).toHaveBeenCalledTimes(0)
      expect((await accept(tokenOf(open.body.invite_url))).status).toBe(201)
      expect(hashes).toHaveBeenCalledTimes(1)
    } finally {
      hashes.mockRestore()
    }
  })

  test('an unknown link is a 404; a malformed one a 400', async () => {
    const unknown = await accept('x'.repeat(43))
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('member_invitation_not_found')
    const preview = await t.request('GET', `/api/member-invitations/${'y'.repeat(43)}`)
    expect(preview.status).toBe(404)
    expect((await accept('short')).status).toBe(400)
  })
})

describe('bad input', () => {
  test('each route answers 400 with the bad fields named', async () => {
    const badInvite = await invite({ email: 'nope', name: '', role: 'owner' })
    expect(badInvite.status).toBe(400)
    expect(badInvite.body.error.code).toBe('validation_failed')
    expect(Object.keys(badInvite.body.error.details.fields).sort()).toEqual([
      'email',
      'name',
      'role',
    ])
    const member = await addMember('recruiter')
    const badRole = await setRole(member.id, 'candidate')
    expect(badRole.status).toBe(400)
    expect(Object.keys(badRole.body.error.details.fields)).toEqual(['role'])
    expect((await setRole('not-a-uuid', 'admin')).status).toBe(400)
    expect((await deactivate('not-a-uuid')).status).toBe(400)
    const invited = await invite({ email: address('bad'), name: 'Bad', role: 'recruiter' })
    const badAccept = await accept(tokenOf(invited.body.invite_url), {
      name: ' ',
      password: 'short',
    })
    expect(badAccept.status).toBe(400)
    expect(Object.keys(badAccept.body.error.details.fields).sort()).toEqual(['name', 'password'])
  })
})

describe('who may manage the team', () => {
  test('a recruiter gets 403 admin_only on every member route; no token 401, a candidate 403', async () => {
    const recruiter = await addMember('recruiter')
    const target = await addMember('recruiter')
    const invited = await invite({ email: address('pending'), name: 'P', role: 'recruiter' })
    const calls = [
      { method: 'GET', path: '/api/org/members' },
      {
        method: 'POST',
        path: '/api/org/members',
        body: { email: address('x'), name: 'X', role: 'admin' },
      },
      { method: 'PATCH', path: `/api/org/members/${target.id}`, body: { role: 'admin' } },
      { method: 'DELETE', path: `/api/org/members/${target.id}` },
      { method: 'POST', path: `/api/org/members/${target.id}/reactivate` },
      { method: 'DELETE', path: `/api/org/member-invitations/${invited.body.invitation.id}` },
    ]
    for (const call of calls) {
      const res = await t.request(call.method, call.path, {
        token: recruiter.token,
        body: call.body,
      })
      expect(res.status, `${call.method} ${call.path} as a recruiter`).toBe(403)
      expect(res.body.error.code).toBe('admin_only')
      await expectStaffOnly(t, call)
    }
    // Nothing changed, and recruiters keep everything else.
    const listed = await team()
    expect(listed.body.members).toContainEqual(
      expect.objectContaining({ id: target.id, role: 'recruiter', status: 'active' }),
    )
    expect((await t.request('GET', '/api/assessments', { token: recruiter.token })).status).toBe(
      200,
    )
  })

  test("another organization's member or invitation is a 404, and stays as it was", async () => {
    const theirs = await addMember('recruiter', rival)
    const theirInvite = await invite(
      { email: address('theirs'), name: 'T', role: 'recruiter' },
      rival.token,
    )
    for (const res of [
      await setRole(theirs.id, 'admin'),
      await deactivate(theirs.id),
      await t.request('POST', `/api/org/members/${theirs.id}/reactivate`, { token: admin.token }),
      await setRole(crypto.randomUUID(), 'admin'),
    ])
      expect(res.status).toBe(404)
    const revoke = await t.request(
      'DELETE',
      `/api/org/member-invitations/${theirInvite.body.invitation.id}`,
      { token: admin.token },
    )
    expect(revoke.status).toBe(404)
    const listed = await team(rival.token)
    expect(listed.body.members).toContainEqual(
      expect.objectContaining({ id: theirs.id, role: 'recruiter', status: 'active' }),
    )
    expect(listed.body.invitations.map((i: { id: string }) => i.id)).toContain(
      theirInvite.body.invitation.id,
    )
    // Nor does the list show anyone else's people.
    const mine = (await team()).body.members.map((m: { id: string }) => m.id)
    expect(mine).not.toContain(theirs.id)
    expect(mine).not.toContain(rival.user.id)
  })
})

describe('roles and deactivation take effect at once', () => {
  test('a role change applies to the next request, with the token already issued', async () => {
    const member = await addMember('recruiter')
    expect((await team(member.token)).status).toBe(403)
    const promoted = await setRole(member.id, 'admin')
    expect(promoted.status).toBe(200)
    expect(promoted.body.member).toMatchObject({ id: member.id, role: 'admin' })
    expect((await team(member.token)).status).toBe(200)
    expect((await setRole(member.id, 'recruiter')).status).toBe(200)
    expect((await team(member.token)).status).toBe(403)
  })

  test("a deactivated member's token is refused at once (API and live stream), and so is their login", async () => {
    const member = await addMember('recruiter')
    expect((await t.request('GET', '/api/assessments', { token: member.token })).status).toBe(200)
    const res = await deactivate(member.id)
    expect(res.status).toBe(200)
    expect(res.body.member).toMatchObject({ id: member.id, status: 'deactivated' })
    expect(res.body.member.deactivated_at).toBe(t.clock.now().toISOString())
    for (const path of ['/api/assessments', '/api/auth/me', '/api/live', '/api/sessions']) {
      const refused = await t.request('GET', path, { token: member.token })
      expect(refused.status, path).toBe(401)
      expect(refused.body.error.code).toBe('account_deactivated')
    }
    const signIn = await login(member.email)
    expect(signIn.status).toBe(403)
    expect(signIn.body.error.code).toBe('account_deactivated')
    // Only someone with the password learns the account is deactivated.
    const wrong = await login(member.email, 'not the password at all')
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('invalid_credentials')
    // Deactivating again changes nothing; the list shows them deactivated.
    const again = await deactivate(member.id)
    expect(again.body.member.deactivated_at).toBe(res.body.member.deactivated_at)
    expect((await team()).body.members).toContainEqual(
      expect.objectContaining({ id: member.id, status: 'deactivated' }),
    )
    // Their address cannot be invited anew: they are reactivated instead.
    const reinvite = await invite({ email: member.email, name: 'Back', role: 'recruiter' })
    expect(reinvite.status).toBe(409)
    expect(reinvite.body.error.code).toBe('member_deactivated')
    const back = await t.request('POST', `/api/org/members/${member.id}/reactivate`, {
      token: admin.token,
    })
    expect(back.status).toBe(200)
    expect(back.body.member).toMatchObject({ status: 'active', deactivated_at: null })
    expect((await t.request('GET', '/api/assessments', { token: member.token })).status).toBe(200)
    expect((await login(member.email)).status).toBe(200)
  })

  test('a staff token whose user does not exist (in its organization) is a 401', async () => {
    const ghost = await t.tokens.signStaff({
      id: crypto.randomUUID(),
      orgId: admin.user.orgId,
      role: 'admin',
    })
    const res = await team(ghost)
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('account_not_found')
    const elsewhere = await t.tokens.signStaff({
      id: admin.user.id,
      orgId: rival.user.orgId,
      role: 'admin',
    })
    expect((await team(elsewhere)).status).toBe(401)
  })
})

describe('the last active admin', () => {
  test('cannot be demoted or deactivated (409 last_admin); with another admin, they can leave', async () => {
    const solo = await createStaff(t)
    const demote = await setRole(solo.user.id, 'recruiter', solo.token)
    expect(demote.status).toBe(409)
    expect(demote.body.error.code).toBe('last_admin')
    const leave = await deactivate(solo.user.id, solo.token)
    expect(leave.status).toBe(409)
    expect(leave.body.error.code).toBe('last_admin')
    // A deactivated admin does not count as the other admin.
    const other = await addMember('admin', solo)
    expect((await deactivate(other.id, solo.token)).status).toBe(200)
    expect((await deactivate(solo.user.id, solo.token)).status).toBe(409)
    await t.request('POST', `/api/org/members/${other.id}/reactivate`, { token: solo.token })
    // Deactivating yourself is allowed while another active admin remains.
    const left = await deactivate(solo.user.id, solo.token)
    expect(left.status).toBe(200)
    expect((await team(solo.token)).body.error.code).toBe('account_deactivated')
    expect((await team(other.token)).status).toBe(200)
  })

  test('two admins removed at once: exactly one change succeeds, the other is 409 last_admin', async () => {
    for (const [first, second] of [
      ['demote', 'deactivate'],
      ['deactivate', 'deactivate'],
      ['demote', 'demote'],
    ] as const) {
      const owner = await createStaff(t)
      const other = await addMember('admin', owner)
      // Each admin removes themselves: the acting admin is re-read under the lock, so an admin
      // removed by the other change first would be refused as the actor, not as the last admin.
      const tokenFor = (id: string) => (id === other.id ? other.token : owner.token)
      const change = (kind: 'demote' | 'deactivate', id: string) =>
        kind === 'demote' ? setRole(id, 'recruiter', tokenFor(id)) : deactivate(id, tokenFor(id))
      // Both admins' rows held, so both changes are under way before either can finish.
      const held = await holdTransaction(
        t.sql,
        (tx) => tx`SELECT id FROM users WHERE id IN (${owner.user.id}, ${other.id}) FOR UPDATE`,
      )
      const both = Promise.all([change(first, owner.user.id), change(second, other.id)])
      await waitUntil('both changes to wait on the lock', async () => (await lockWaiters()) >= 2)
      await held.release()
      const results = await both
      const statuses = results.map((r) => r.status).sort()
      expect(statuses, `${first} + ${second}`).toEqual([200, 409])
      expect(results.find((r) => r.status === 409)?.body.error.code).toBe('last_admin')
      const [admins] = await t.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM users
        WHERE org_id = ${owner.user.orgId} AND role = 'admin' AND deactivated_at IS NULL`
      expect(admins?.n).toBe(1)
    }
  })
})

describe('an admin who stops being one', () => {
  const openInvitationsBy = async (userId: string) =>
    (
      await t.sql`
        SELECT id FROM member_invitations
        WHERE invited_by = ${userId} AND accepted_at IS NULL AND revoked_at IS NULL`
    ).length

  test('deactivating or demoting an admin withdraws the open invitations they sent', async () => {
    for (const removal of ['deactivate', 'demote'] as const) {
      const owner = await createStaff(t)
      const other = await addMember('admin', owner)
      const sent = await invite(
        { email: address('their-admin'), name: 'Their admin', role: 'admin' },
        other.token,
      )
      const already = await addMember('recruiter', other) // accepted: stays as it was
      const byOwner = await invite(
        { email: address('owners'), name: 'Owner’s', role: 'recruiter' },
        owner.token,
      )
      expect(await openInvitationsBy(other.id)).toBe(1)
      const removed =
        removal === 'deactivate'
          ? await deactivate(other.id, owner.token)
          : await setRole(other.id, 'recruiter', owner.token)
      expect(removed.status, removal).toBe(200)
      expect(await openInvitationsBy(other.id), removal).toBe(0)
      const [row] = await t.sql`
        SELECT revoked_at FROM member_invitations WHERE id = ${sent.body.invitation.id}`
      expect(new Date(row?.revoked_at).toISOString()).toBe(t.clock.now().toISOString())
      const refused = await accept(tokenOf(sent.body.invite_url))
      expect(refused.status, removal).toBe(410)
      expect(refused.body.error.code).toBe('member_invitation_revoked')
      expect((await team(owner.token)).body.invitations.map((i: { id: string }) => i.id)).toEqual([
        byOwner.body.invitation.id,
      ])
      // What they did before stays: the member they brought in, and others' invitations.
      expect((await t.request('GET', '/api/auth/me', { token: already.token })).status).toBe(200)
      expect((await accept(tokenOf(byOwner.body.invite_url))).status).toBe(201)
    }
  })

  test('accepting an invitation whose sender is no longer an active admin is a 410', async () => {
    // Left open by a change that did not withdraw it (as before this rule): the inviter
    // deactivated, demoted, or deleted (invited_by set null).
    const changes = [
      (id: string) => t.sql`UPDATE users SET deactivated_at = now() WHERE id = ${id}`,
      (id: string) => t.sql`UPDATE users SET role = 'recruiter' WHERE id = ${id}`,
      (id: string) =>
        t.sql`UPDATE member_invitations SET invited_by = NULL WHERE invited_by = ${id}`,
    ]
    for (const change of changes) {
      const owner = await createStaff(t)
      const other = await addMember('admin', owner)
      const sent = await invite({ email: address('orphan'), name: 'O', role: 'admin' }, other.token)
      const link = tokenOf(sent.body.invite_url)
      await change(other.id)
      const preview = await t.request('GET', `/api/member-invitations/${link}`)
      expect(preview.status).toBe(410)
      expect(preview.body.error.code).toBe('member_invitation_inviter_removed')
      const refused = await accept(link)
      expect(refused.status).toBe(410)
      expect(refused.body.error.code).toBe('member_invitation_inviter_removed')
      const users = await t.sql`SELECT id FROM users WHERE email = ${sent.body.invitation.email}`
      expect(users).toHaveLength(0)
    }
  })

  test('the inviter is read again under the invitation lock: removed while the accept waited, it is a 410', async () => {
    const owner = await createStaff(t)
    const other = await addMember('admin', owner)
    const sent = await invite({ email: address('waited'), name: 'W', role: 'admin' }, other.token)
    // The inviter is deactivated in a transaction holding the invitation: the accept's first
    // look (no lock) still sees them active, its locked look must see them gone.
    const held = await holdTransaction(t.sql, async (tx) => {
      await tx`SELECT id FROM member_invitations WHERE id = ${sent.body.invitation.id} FOR UPDATE`
      await tx`UPDATE users SET deactivated_at = now() WHERE id = ${other.id}`
    })
    const accepting = accept(tokenOf(sent.body.invite_url))
    await waitUntil('the accept to wait on the invitation', async () => (await lockWaiters()) >= 1)
    await held.release()
    const res = await accepting
    expect(res.status).toBe(410)
    expect(res.body.error.code).toBe('member_invitation_inviter_removed')
  })

  test('an admin removed while their request waited for the team lock does not complete it', async () => {
    const cases = [
      {
        removal: sqlDeactivate,
        action: (a: { token: string }, target: string) => deactivate(target, a.token),
        expected: [401, 'account_deactivated'],
      },
      {
        removal: sqlDemote,
        action: (a: { token: string }, target: string) => setRole(target, 'admin', a.token),
        expected: [403, 'admin_only'],
      },
      {
        removal: sqlDeactivate,
        action: (a: { token: string }) =>
          invite({ email: address('late-invite'), name: 'L', role: 'admin' }, a.token),
        expected: [401, 'account_deactivated'],
      },
      {
        removal: sqlDemote,
        action: (a: { token: string }, _target: string, invitationId: string) =>
          t.request('DELETE', `/api/org/member-invitations/${invitationId}`, { token: a.token }),
        expected: [403, 'admin_only'],
      },
    ] as const
    for (const { removal, action, expected } of cases) {
      const owner = await createStaff(t)
      const acting = await addMember('admin', owner)
      const target = await addMember('recruiter', owner)
      const pending = await invite(
        { email: address('pending'), name: 'P', role: 'recruiter' },
        owner.token,
      )
      const before = await t.sql`
        SELECT u.role, u.deactivated_at, i.revoked_at,
          (SELECT count(*)::int FROM member_invitations WHERE org_id = u.org_id) AS invitations
        FROM users u, member_invitations i
        WHERE u.id = ${target.id} AND i.id = ${pending.body.invitation.id}`
      // The owner's change holds the team lock; the acting admin's request queues behind it.
      const held = await holdTransaction(t.sql, async (tx) => {
        await tx`SELECT id FROM organizations WHERE id = ${owner.user.orgId} FOR NO KEY UPDATE`
        await removal(tx, acting.id)
      })
      const acted = action(acting, target.id, pending.body.invitation.id)
      await waitUntil(
        'the request to wait on the team lock',
        async () => (await lockWaiters()) >= 1,
      )
      await held.release()
      const res = await acted
      expect([res.status, res.body.error?.code]).toEqual([...expected])
      const after = await t.sql`
        SELECT u.role, u.deactivated_at, i.revoked_at,
          (SELECT count(*)::int FROM member_invitations WHERE org_id = u.org_id) AS invitations
        FROM users u, member_invitations i
        WHERE u.id = ${target.id} AND i.id = ${pending.body.invitation.id}`
      expect(after).toEqual(before)
    }
  })
})

const sqlDeactivate = (tx: postgres.TransactionSql, id: string) =>
  tx`UPDATE users SET deactivated_at = now() WHERE id = ${id}`
const sqlDemote = (tx: postgres.TransactionSql, id: string) =>
  tx`UPDATE users SET role = 'recruiter' WHERE id = ${id}`

describe('with mail configured', () => {
  let mailed: TestApp
  beforeAll(async () => {
    mailed = await createTestApp({ mail: { enabled: true } })
  })
  afterAll(() => mailed.close())

  test('the invitation email is queued with the invitation, and its link works', async () => {
    const owner = await createStaff(mailed)
    const email = address('mailed')
    const res = await mailed.request('POST', '/api/org/members', {
      token: owner.token,
      body: { email, name: 'Mae Mailed', role: 'recruiter' },
    })
    expect(res.status).toBe(201)
    expect(res.body.email).toEqual({ status: 'queued' })
    const rows = await mailed.sql`
      SELECT kind, status, data FROM email_outbox WHERE to_address = ${email}`
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'member_invitation', status: 'pending' })
    expect(rows[0]?.data).toMatchObject({
      name: 'Mae Mailed',
      org_name: owner.organization.name,
      role: 'recruiter',
      invited_by: owner.user.name,
      expires_at: res.body.invitation.expires_at,
      link: res.body.invite_url,
    })
    const link = tokenOf(rows[0]?.data.link)
    const joined = await mailed.request('POST', `/api/member-invitations/${link}/accept`, {
      body: { name: 'Mae', password: PASSWORD },
    })
    expect(joined.status).toBe(201)
    expect(joined.body.user.email).toBe(email)
  })
})

describe('the API reference', () => {
  test('documents every team route', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body
    expect(doc.paths['/api/org/members']).toHaveProperty('get')
    expect(doc.paths['/api/org/members']).toHaveProperty('post')
    expect(doc.paths['/api/org/members/{id}']).toHaveProperty('patch')
    expect(doc.paths['/api/org/members/{id}']).toHaveProperty('delete')
    expect(doc.paths['/api/org/members/{id}/reactivate']).toHaveProperty('post')
    expect(doc.paths['/api/org/member-invitations/{id}']).toHaveProperty('delete')
    expect(doc.paths['/api/member-invitations/{token}']).toHaveProperty('get')
    expect(doc.paths['/api/member-invitations/{token}/accept']).toHaveProperty('post')
  })
})
