import { describe, expect, test } from 'bun:test'
import { acceptRefusal, type EligibilityFacts, startRefusal } from './eligibility.ts'

const now = new Date('2026-01-01T10:00:00Z')
const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  invitationStatus: 'accepted',
  invitationExpiresAt: new Date(now.getTime() + 3_600_000),
  assessmentStatus: 'published',
  preview: false,
  maxAttempts: 1,
  extraAttempts: 0,
  attemptsUsed: 0,
  activeSessionId: null,
  now,
  ...over,
})
const codeOf = (error: { code: string } | null) => error?.code ?? null
const past = new Date(now.getTime() - 1)

describe('startRefusal', () => {
  test('a valid link with an attempt left may start', () => {
    expect(startRefusal(facts())).toBeNull()
  })

  test('each reason has one code, the same as accept’s, all 410 but an active session', () => {
    expect(codeOf(startRefusal(facts({ invitationStatus: 'revoked' })))).toBe('invitation_revoked')
    expect(codeOf(startRefusal(facts({ assessmentStatus: 'archived' })))).toBe(
      'assessment_unavailable',
    )
    expect(codeOf(startRefusal(facts({ invitationExpiresAt: past })))).toBe('invitation_expired')
    expect(codeOf(startRefusal(facts({ attemptsUsed: 1 })))).toBe('attempts_exhausted')
    expect(startRefusal(facts({ attemptsUsed: 1 }))?.constructor.name).toBe('GoneError')
    const active = startRefusal(facts({ activeSessionId: 's1', attemptsUsed: 1 }))
    expect(codeOf(active)).toBe('session_active')
    expect(active?.constructor.name).toBe('ConflictError')
  })
})

test('a draft may be started and opened only by a preview; an archived one by nobody', () => {
  expect(codeOf(startRefusal(facts({ assessmentStatus: 'draft' })))).toBe('assessment_unavailable')
  expect(codeOf(acceptRefusal(facts({ assessmentStatus: 'draft' })))).toBe('assessment_unavailable')
  expect(startRefusal(facts({ assessmentStatus: 'draft', preview: true }))).toBeNull()
  expect(acceptRefusal(facts({ assessmentStatus: 'draft', preview: true }))).toBeNull()
  expect(codeOf(startRefusal(facts({ assessmentStatus: 'archived', preview: true })))).toBe(
    'assessment_unavailable',
  )
})

test('an extra attempt granted by a recruiter opens one more', () => {
  expect(codeOf(startRefusal(facts({ attemptsUsed: 1, extraAttempts: 1 })))).toBeNull()
  expect(codeOf(startRefusal(facts({ attemptsUsed: 2, extraAttempts: 1 })))).toBe(
    'attempts_exhausted',
  )
})

describe('acceptRefusal', () => {
  test('the same reasons refuse a new attempt', () => {
    expect(acceptRefusal(facts())).toBeNull()
    expect(codeOf(acceptRefusal(facts({ attemptsUsed: 1 })))).toBe('attempts_exhausted')
    expect(codeOf(acceptRefusal(facts({ invitationExpiresAt: past })))).toBe('invitation_expired')
  })

  test('an attempt under way stays reachable past expiry and the last attempt, not past a revoke', () => {
    const under = { activeSessionId: 's1', attemptsUsed: 1 }
    expect(acceptRefusal(facts({ ...under, invitationExpiresAt: past }))).toBeNull()
    expect(acceptRefusal(facts(under))).toBeNull()
    expect(codeOf(acceptRefusal(facts({ ...under, invitationStatus: 'revoked' })))).toBe(
      'invitation_revoked',
    )
    expect(codeOf(acceptRefusal(facts({ ...under, assessmentStatus: 'archived' })))).toBe(
      'assessment_unavailable',
    )
  })
})
