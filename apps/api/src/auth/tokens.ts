import { UnauthorizedError } from '@assess/core'
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose'
import { CandidateClaims, Claims, type Principal, StaffClaims } from './principal.ts'

export interface TokenConfig {
  secret: string
  jwksUrl?: string | undefined
  issuer: string
  audience: string
}

const STAFF_TTL_SECONDS = 12 * 3600 // a working day; the SPA sends people back to /login after
const CANDIDATE_TTL_SECONDS = 12 * 3600 // at least; stretched to outlive the longest possible attempt
const CLOCK_SKEW_SECONDS = 5
// Our tokens are ~400 bytes; anything far larger is an attack on the parser, not a login.
const MAX_TOKEN_LENGTH = 4096
const OUR_ALGORITHM = 'HS256'
// Verified tokens kept in memory until they expire, so a heartbeat does not re-verify its JWT.
// Bounded: ~1 KB an entry, and the oldest goes first when full.
const VERIFIED_CACHE_SIZE = 10_000
const IDP_ALGORITHMS = ['RS256', 'ES256', 'EdDSA']

export type TokenService = ReturnType<typeof createTokenService>

export function createTokenService(config: TokenConfig, now: () => Date) {
  const key = new TextEncoder().encode(config.secret)
  const jwks: JWTVerifyGetKey | undefined = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : undefined

  async function sign(claims: Record<string, unknown>, subject: string, ttlSeconds: number) {
    const issuedAt = Math.floor(now().getTime() / 1000)
    return new SignJWT(claims)
      .setProtectedHeader({ alg: OUR_ALGORITHM, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(key)
  }

  const verified = new Map<string, { principal: Principal; expiresAtMs: number }>()

  /** A token seen before and not yet expired (on the service's clock, with the same skew). */
  function cached(token: string): Principal | undefined {
    const hit = verified.get(token)
    if (!hit) return undefined
    if (now().getTime() < hit.expiresAtMs + CLOCK_SKEW_SECONDS * 1000) return hit.principal
    verified.delete(token)
    return undefined
  }

  function remember(token: string, principal: Principal, exp: number | undefined) {
    if (exp === undefined) return
    if (verified.size >= VERIFIED_CACHE_SIZE)
      verified.delete(verified.keys().next().value as string)
    verified.set(token, { principal, expiresAtMs: exp * 1000 })
  }

  return {
    signStaff(user: { id: string; orgId: string; role: 'admin' | 'recruiter' }) {
      const claims = StaffClaims.omit({ sub: true }).parse({
        role: user.role,
        org_id: user.orgId,
        token_type: 'staff',
      })
      return sign(claims, user.id, STAFF_TTL_SECONDS)
    },

    /** `attemptSeconds`: the longest the attempt can take, so the token never dies mid-test. */
    signCandidate(params: {
      candidateId: string
      orgId: string
      assessmentId: string
      invitationId: string
      preview?: boolean
      attemptSeconds?: number
    }) {
      const claims = CandidateClaims.omit({ sub: true }).parse({
        role: 'candidate',
        org_id: params.orgId,
        token_type: 'candidate',
        assessment_id: params.assessmentId,
        invitation_id: params.invitationId,
        ...(params.preview ? { preview: true } : {}),
      })
      const ttl = Math.max(CANDIDATE_TTL_SECONDS, Math.ceil(params.attemptSeconds ?? 0) + 2 * 3600)
      return sign(claims, params.candidateId, ttl)
    },

    /** Verifies a bearer token; any failure is a 401 that says only what the caller may know. */
    async verify(token: string): Promise<Principal> {
      if (token.length > MAX_TOKEN_LENGTH) throw invalidToken()
      const known = cached(token)
      if (known) return known
      let payload: JWTPayload
      try {
        const alg = decodeProtectedHeader(token).alg
        const options = {
          issuer: config.issuer,
          audience: config.audience,
          clockTolerance: CLOCK_SKEW_SECONDS,
          // jose accepts a token without exp unless told otherwise.
          requiredClaims: ['exp', 'iat', 'sub'],
          currentDate: now(),
        }
        if (alg === OUR_ALGORITHM) {
          payload = (await jwtVerify(token, key, { ...options, algorithms: [OUR_ALGORITHM] }))
            .payload
        } else if (jwks && alg && IDP_ALGORITHMS.includes(alg)) {
          payload = (await jwtVerify(token, jwks, { ...options, algorithms: IDP_ALGORITHMS }))
            .payload
          if (payload.token_type === 'candidate') throw invalidToken() // only we issue those
        } else {
          throw invalidToken()
        }
      } catch (err) {
        if (err instanceof errors.JWTExpired)
          throw new UnauthorizedError('token_expired', 'Your session has expired; sign in again')
        throw invalidToken()
      }
      const claims = Claims.safeParse(payload)
      if (!claims.success) throw invalidToken()
      const c = claims.data
      const principal: Principal =
        c.token_type === 'staff'
          ? {
              kind: 'staff',
              userId: c.sub,
              orgId: c.org_id,
              role: c.role,
              expiresAtMs: (payload.exp ?? 0) * 1000,
            }
          : {
              kind: 'candidate',
              candidateId: c.sub,
              orgId: c.org_id,
              assessmentId: c.assessment_id,
              invitationId: c.invitation_id,
              preview: c.preview === true,
            }
      remember(token, principal, payload.exp)
      return principal
    },
  }
}

const invalidToken = () => new UnauthorizedError('invalid_token', 'The access token is not valid')
