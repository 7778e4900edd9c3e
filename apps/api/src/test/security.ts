import { expect } from 'bun:test'
import type { TestApp } from './harness.ts'

export interface RouteCall {
  method: string
  path: string
  body?: unknown
}

/**
 * The security cases every staff route must pass: no token → 401, a candidate's token → 403,
 * and (when `foreignToken` is given) another organization's admin → 404.
 */
export async function expectStaffOnly(t: TestApp, call: RouteCall, foreignToken?: string) {
  const candidateToken = await t.tokens.signCandidate({
    candidateId: crypto.randomUUID(),
    orgId: crypto.randomUUID(),
    assessmentId: crypto.randomUUID(),
    invitationId: crypto.randomUUID(),
  })
  const anonymous = await t.request(call.method, call.path, { body: call.body })
  expect(anonymous.status, `${call.method} ${call.path} without a token`).toBe(401)
  expect(anonymous.body.error.code).toBe('missing_token')
  const candidate = await t.request(call.method, call.path, {
    body: call.body,
    token: candidateToken,
  })
  expect(candidate.status, `${call.method} ${call.path} with a candidate token`).toBe(403)
  if (foreignToken) {
    const foreign = await t.request(call.method, call.path, {
      body: call.body,
      token: foreignToken,
    })
    expect(foreign.status, `${call.method} ${call.path} from another organization`).toBe(404)
  }
}
