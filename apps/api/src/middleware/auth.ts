import { ForbiddenError, UnauthorizedError } from '@assess/core'
import { readStaffStanding } from '@assess/db'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Principal, StaffPrincipal } from '../auth/principal.ts'
import type { TokenService } from '../auth/tokens.ts'
import type { AppDeps, AppEnv } from '../deps.ts'

/** What staff authentication needs: the token service, and the database to re-read the user. */
export type StaffAuthDeps = Pick<AppDeps, 'tokens' | 'db'>

async function principalOf(c: Context<AppEnv>, tokens: TokenService): Promise<Principal> {
  const header = c.req.header('authorization')
  const match = header?.match(/^Bearer\s+(\S+)$/i)
  if (!match?.[1]) throw new UnauthorizedError('missing_token', 'Sign in to continue')
  return tokens.verify(match[1])
}

/**
 * The staff user as they are now, not as the token says: a deactivated member's token is
 * refused at once and a role change applies to the next request (one prepared statement).
 */
async function currentStaff(deps: StaffAuthDeps, principal: StaffPrincipal) {
  const standing = await readStaffStanding(deps.db, principal)
  if (!standing)
    throw new UnauthorizedError('account_not_found', 'This account does not exist; sign in again')
  if (standing.deactivated)
    throw new UnauthorizedError('account_deactivated', 'This account has been deactivated')
  // The token's principal is cached by the token service: a copy, never an edit.
  return standing.role === principal.role ? principal : { ...principal, role: standing.role }
}

/** Staff routes: a valid staff token of an active user, or 401; a candidate's token gets 403. */
export const requireStaff = (deps: StaffAuthDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = await principalOf(c, deps.tokens)
    if (principal.kind !== 'staff')
      throw new ForbiddenError('forbidden', 'This action is for recruiters only')
    c.set('staff', await currentStaff(deps, principal))
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

/**
 * Routes both a candidate (their own rows) and staff (their organization's) may call. Only a
 * staff principal is re-read from the database; a candidate's request costs no extra query.
 */
export const requirePrincipal = (deps: StaffAuthDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = await principalOf(c, deps.tokens)
    c.set('principal', principal.kind === 'staff' ? await currentStaff(deps, principal) : principal)
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
