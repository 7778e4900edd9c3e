import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createStaff } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const signupBody = (email: string) => ({
  organization_name: 'Acme',
  name: 'Ann Admin',
  email,
  password: 'a long enough password',
})

describe('POST /api/auth/signup', () => {
  test('creates an organization and its admin, and returns a working token', async () => {
    const res = await t.request('POST', '/api/auth/signup', { body: signupBody('Ann@Acme.test') })
    expect(res.status).toBe(201)
    expect(res.body.user).toMatchObject({
      email: 'ann@acme.test',
      name: 'Ann Admin',
      role: 'admin',
    })
    expect(Object.keys(res.body.user).sort()).toEqual(['email', 'id', 'name', 'org_id', 'role'])
    const me = await t.request('GET', '/api/auth/me', { token: res.body.token })
    expect(me.status).toBe(200)
    expect(me.body.user).toEqual(res.body.user)
  })

  test('refuses an email that already has an account (409), whatever its case', async () => {
    await t.request('POST', '/api/auth/signup', { body: signupBody('dup@acme.test') })
    const again = await t.request('POST', '/api/auth/signup', { body: signupBody('DUP@acme.test') })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('email_taken')
  })

  test('answers 400 with the bad fields named', async () => {
    const res = await t.request('POST', '/api/auth/signup', {
      body: { organization_name: '', email: 'not-an-email', password: 'short' },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual([
      'email',
      'name',
      'organization_name',
      'password',
    ])
    expect(res.body.error.request_id).toBeString()
  })

  test('is refused with 403 when ALLOW_SIGNUP is off', async () => {
    const closed = await createTestApp({ allowSignup: false })
    try {
      const res = await closed.request('POST', '/api/auth/signup', {
        body: signupBody('x@acme.test'),
      })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('signup_disabled')
    } finally {
      await closed.close()
    }
  })
})

describe('POST /api/auth/login', () => {
  test('returns a token and the user for the right password', async () => {
    const staff = await createStaff(t)
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: staff.user.email.toUpperCase(), password: staff.password },
    })
    expect(res.status).toBe(200)
    expect(res.body.user.id).toBe(staff.user.id)
    const me = await t.request('GET', '/api/auth/me', { token: res.body.token })
    expect(me.status).toBe(200)
  })

  test('answers the same 401 for an unknown email and a wrong password', async () => {
    const staff = await createStaff(t)
    const wrong = await t.request('POST', '/api/auth/login', {
      body: { email: staff.user.email, password: 'not the password' },
    })
    const unknown = await t.request('POST', '/api/auth/login', {
      body: { email: 'nobody@example.test', password: 'not the password' },
    })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body.error.code).toBe(unknown.body.error.code)
    expect(wrong.body.error.message).toBe(unknown.body.error.message)
  })

  test('wrong passwords from one address slow that address down, with growing delays', async () => {
    const staff = await createStaff(t)
    const attempt = (password: string, ip = '203.0.113.7') =>
      t.request('POST', '/api/auth/login', { body: { email: staff.user.email, password }, ip })
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password')).status).toBe(401)
    const limited = await attempt(staff.password)
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('rate_limited')
    expect(limited.headers.get('retry-after')).toBe('1')
    // Each further wrong try doubles the wait: 1 s, 2 s, 4 s.
    for (const wait of [2, 4]) {
      t.clock.advance(60_000)
      expect((await attempt('wrong password')).status).toBe(401)
      const next = await attempt(staff.password)
      expect([next.status, next.headers.get('retry-after')]).toEqual([429, String(wait)])
    }
    // Once the wait is over the right password works, and clears the record.
    t.clock.advance(60_000)
    expect((await attempt(staff.password)).status).toBe(200)
    expect((await attempt('wrong password')).status).toBe(401)
  })

  test('nobody can lock the owner out: their own address still signs in', async () => {
    const staff = await createStaff(t)
    const login = (password: string, ip: string) =>
      t.request('POST', '/api/auth/login', { body: { email: staff.user.email, password }, ip })
    for (let i = 0; i < 20; i++) await login('guess', '198.51.100.66')
    expect((await login(staff.password, '198.51.100.66')).status).toBe(429)
    expect((await login(staff.password, '192.0.2.10')).status).toBe(200)
  })

  test('candidates cannot log in with a password (they have none)', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: 'someone@example.test', password: '' },
    })
    expect(res.status).toBe(400)
  })
})

describe('GET /api/auth/me', () => {
  test('needs a staff token', async () => {
    expect((await t.request('GET', '/api/auth/me')).status).toBe(401)
  })
})
