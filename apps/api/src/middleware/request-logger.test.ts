import { describe, expect, test } from 'bun:test'
import { redactPath } from './request-logger.ts'

describe('redactPath', () => {
  test("a link's token is not logged; ids and words are", () => {
    const token = 'Qm9vbS1hLXNlY3JldC10b2tlbi10aGF0LWlzLWxvbmc_-x'
    const id = '3f2b8c1e-9a4d-4c7e-8b1f-2d3e4f5a6b7c'
    expect(redactPath(`/api/invitations/${token}/accept`)).toBe('/api/invitations/:token/accept')
    expect(redactPath(`/api/member-invitations/${token}`)).toBe('/api/member-invitations/:token')
    expect(redactPath(`/join/${token}`)).toBe('/join/:token')
    expect(redactPath(`/api/invitations/${id}/extra-attempt`)).toBe(
      `/api/invitations/${id}/extra-attempt`,
    )
    expect(redactPath('/api/sessions/current/answers')).toBe('/api/sessions/current/answers')
    expect(redactPath('/')).toBe('/')
  })
})
