import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import { createTestClock } from '../test/clock.ts'
import { createStaff } from '../test/factories.ts'
import { createTestApp, TEST_JWT, type TestApp } from '../test/harness.ts'
import { createTokenService } from './tokens.ts'

let t: TestApp
let staff: Awaited<ReturnType<typeof createStaff>>
beforeAll(async () => {
  t = await createTestApp()
  staff = await createStaff(t)
})
afterAll(() => t.close())

const secret = new TextEncoder().encode(TEST_JWT.secret)
const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000)
const staffClaims = () => ({ role: 'admin', org_id: staff.user.orgId, token_type: 'staff' })

function signed(claims: Record<string, unknown>, edit: (jwt: SignJWT) => SignJWT = (j) => j) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(staff.user.id)
    .setIssuer(TEST_JWT.issuer)
    .setAudience(TEST_JWT.audience)
    .setIssuedAt(nowSeconds())
    .setExpirationTime(nowSeconds() + 600)
  return edit(jwt).sign(secret)
}

const me = (token: string) => t.request('GET', '/api/auth/me', { token })

describe('token verification', () => {
  test('a well-formed staff token passes', async () => {
    expect((await me(await signed(staffClaims()))).status).toBe(200)
  })

  test('a wrong signature is refused', async () => {
    const other = await new SignJWT(staffClaims())
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(staff.user.id)
      .setIssuer(TEST_JWT.issuer)
      .setAudience(TEST_JWT.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'))
    const res = await me(other)
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('invalid_token')
  })

  test('a tampered payload is refused', async () => {
    const [header, , signature] = staff.token.split('.')
    const payload = Buffer.from(
      JSON.stringify({ ...staffClaims(), role: 'admin', sub: crypto.randomUUID() }),
    )
    const forged = `${header}.${payload.toString('base64url')}.${signature}`
    expect((await me(forged)).status).toBe(401)
  })

  test('alg: none is refused', async () => {
    const unsecured = new UnsecuredJWT(staffClaims())
      .setSubject(staff.user.id)
      .setIssuer(TEST_JWT.issuer)
      .setAudience(TEST_JWT.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .encode()
    expect((await me(unsecured)).status).toBe(401)
  })

  test('an expired token is refused with token_expired', async () => {
    const token = await signed(staffClaims(), (j) => j.setExpirationTime(nowSeconds() - 60))
    const res = await me(token)
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('token_expired')
  })

  test('a token verified before is not trusted past its expiry (the verified cache)', async () => {
    const token = await signed(staffClaims(), (j) => j.setExpirationTime(nowSeconds() + 60))
    expect((await me(token)).status).toBe(200)
    expect((await me(token)).status).toBe(200) // served from the cache
    const later = await t.clock.later(120_000, () => me(token))
    expect(later.status).toBe(401)
    expect(later.body.error.code).toBe('token_expired')
  })

  test('a few seconds of clock skew are tolerated, more are not', async () => {
    const justExpired = await signed(staffClaims(), (j) => j.setExpirationTime(nowSeconds() - 2))
    expect((await me(justExpired)).status).toBe(200)
    const longExpired = await signed(staffClaims(), (j) => j.setExpirationTime(nowSeconds() - 30))
    expect((await me(longExpired)).status).toBe(401)
  })

  test('a token without exp is refused', async () => {
    const token = await new SignJWT(staffClaims())
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(staff.user.id)
      .setIssuer(TEST_JWT.issuer)
      .setAudience(TEST_JWT.audience)
      .setIssuedAt()
      .sign(secret)
    expect((await me(token)).status).toBe(401)
  })

  test('a wrong audience or issuer is refused', async () => {
    expect(
      (await me(await signed(staffClaims(), (j) => j.setAudience('someone-else')))).status,
    ).toBe(401)
    expect((await me(await signed(staffClaims(), (j) => j.setIssuer('someone-else')))).status).toBe(
      401,
    )
  })

  test('a token without a type, or with a role its type cannot have, is refused', async () => {
    expect((await me(await signed({ role: 'admin', org_id: staff.user.orgId }))).status).toBe(401)
    const mixed = { role: 'candidate', org_id: staff.user.orgId, token_type: 'staff' }
    expect((await me(await signed(mixed))).status).toBe(401)
  })

  test('an oversized token is refused before it is parsed', async () => {
    const huge = await signed({ ...staffClaims(), padding: 'x'.repeat(5000) })
    expect((await me(huge)).status).toBe(401)
  })

  test('a candidate token cannot pass for a staff one (403 on staff routes)', async () => {
    const candidate = await t.tokens.signCandidate({
      candidateId: staff.user.id,
      orgId: staff.user.orgId,
      assessmentId: crypto.randomUUID(),
      invitationId: crypto.randomUUID(),
    })
    const res = await me(candidate)
    expect(res.status).toBe(403)
  })

  test('garbage in the Authorization header is a 401, never a 500', async () => {
    for (const header of ['Bearer', 'Bearer a.b.c', 'Basic Zm9vOmJhcg==', 'Bearer ....']) {
      const res = await t.request('GET', '/api/auth/me', { headers: { authorization: header } })
      expect(res.status).toBe(401)
    }
  })
})

describe('external identity provider (JWT_JWKS_URL)', () => {
  test('staff tokens signed by the provider verify against its JWKS; its candidate tokens do not', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256')
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
    const server = Bun.serve({ port: 0, fetch: () => Response.json({ keys: [jwk] }) })
    try {
      const clock = createTestClock()
      const service = createTokenService(
        { ...TEST_JWT, jwksUrl: `http://127.0.0.1:${server.port}/jwks` },
        clock.now,
      )
      const idpToken = (claims: Record<string, unknown>) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject(staff.user.id)
          .setIssuer(TEST_JWT.issuer)
          .setAudience(TEST_JWT.audience)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(privateKey)
      const principal = await service.verify(await idpToken(staffClaims()))
      expect(principal).toMatchObject({ kind: 'staff', userId: staff.user.id, role: 'admin' })
      const candidateClaims = {
        role: 'candidate',
        org_id: staff.user.orgId,
        token_type: 'candidate',
        assessment_id: crypto.randomUUID(),
        invitation_id: crypto.randomUUID(),
      }
      await expect(service.verify(await idpToken(candidateClaims))).rejects.toThrow()
    } finally {
      server.stop(true)
    }
  })
})
