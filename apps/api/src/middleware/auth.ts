import { ForbiddenError, UnauthorizedError } from '@assess/core'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Principal } from '../auth/principal.ts'
import type { TokenService } from '../auth/tokens.ts'
import type { AppEnv } from '../deps.ts'

async function principalOf(c: Context<AppEnv>, tokens: TokenService): Promise<Principal> {
  const header = c.req.header('authorization')
  const match = header?.match(/^Bearer\s+(\S+)$/i)
  if (!match?.[1]) throw new UnauthorizedError('missing_token', 'Sign in to continue')
  return tokens.verify(match[1])
}

/** Staff routes: a valid staff token, or 401; a candidate's token gets 403. */
export const requireStaff = (tokens: TokenService) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = await principalOf(c, tokens)
    if (principal.kind !== 'staff')
      throw new ForbiddenError('forbidden', 'This action is for recruiters only')
    c.set('staff', principal)
    await next()
  })

/** Candidate routes: a valid candidate token, or 401; a staff token gets 403. */
export const requireCandidate = (tokens: TokenService) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = await principalOf(c, tokens)
    if (principal.kind !== 'candidate')
      throw new ForbiddenError('forbidden', 'This action is for candidates only')
    c.set('candidate', principal)
    await next()
  })

/** Routes both a candidate (their own rows) and staff (their organization's) may call. */
export const requirePrincipal = (tokens: TokenService) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('principal', await principalOf(c, tokens))
    await next()
  })

/** Admin-only routes (members, webhooks), after requireStaff: a recruiter gets 403. */
export const requireAdmin = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (c.get('staff').role !== 'admin')
      throw new ForbiddenError(
        'admin_only',
        'Only an administrator of the organization can do this',
      )
    await next()
  })
