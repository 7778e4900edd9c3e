import { ForbiddenError } from '@assess/core'
import { authenticate, getUser, signUp } from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { clientIp } from '../../middleware/client-ip.ts'
import { createRouter } from '../openapi.ts'
import * as routes from './auth.routes.ts'
import { userView } from './views.ts'

export function createAuthRouter(deps: AppDeps) {
  const { db, tokens, rateLimiter, config } = deps
  const { perIp, windowMs, perAccountAndAddress } = config.loginRateLimit
  const staffRole = (role: string) => (role === 'admin' ? 'admin' : 'recruiter')

  return createRouter()
    .openapi(routes.signup, async (c) => {
      if (!config.allowSignup)
        throw new ForbiddenError('signup_disabled', 'Sign-up is turned off on this server')
      const input = c.req.valid('json')
      const ip = clientIp(c, config.trustProxy)
      await rateLimiter.hit(`signup:ip:${ip}`, { limit: perIp, windowMs })
      const { user } = await signUp(db, input)
      const token = await tokens.signStaff({ id: user.id, orgId: user.orgId, role: 'admin' })
      return c.json({ token, user: userView(user) }, 201)
    })
    .openapi(routes.login, async (c) => {
      const input = c.req.valid('json')
      const ip = clientIp(c, config.trustProxy)
      await rateLimiter.hit(`login:ip:${ip}`, { limit: perIp, windowMs })
      // Per account and address, never per account alone: that would let anyone lock the owner out.
      const tries = `login:email-ip:${input.email.toLowerCase()}|${ip}`
      await rateLimiter.backoff(tries, perAccountAndAddress)
      const user = await authenticate(db, input)
      await rateLimiter.reset(tries)
      const token = await tokens.signStaff({
        id: user.id,
        orgId: user.orgId,
        role: staffRole(user.role),
      })
      return c.json({ token, user: userView(user) }, 200)
    })
    .openapi({ ...routes.me, middleware: [requireStaff(deps)] }, async (c) => {
      const staff = c.get('staff')
      const user = await getUser(db, { userId: staff.userId, orgId: staff.orgId })
      return c.json({ user: userView(user) }, 200)
    })
}
