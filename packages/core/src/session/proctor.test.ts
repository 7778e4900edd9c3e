import { describe, expect, test } from 'bun:test'
import { clockNow, planExtend, planResume, proctorRefusal } from './proctor.ts'

const at = (iso: string) => new Date(`2026-01-01T${iso}Z`)

describe('proctorRefusal', () => {
  test('each action from the statuses it may start from', () => {
    expect(proctorRefusal('pause', 'active')).toBeNull()
    expect(proctorRefusal('resume', 'paused')).toBeNull()
    for (const status of ['active', 'paused'] as const) {
      expect(proctorRefusal('extend', status)).toBeNull()
      expect(proctorRefusal('cancel', status)).toBeNull()
    }
  })

  test('a wrong state is a conflict with a code that says which', () => {
    expect(proctorRefusal('resume', 'active')?.code).toBe('session_not_paused')
    expect(proctorRefusal('pause', 'paused')?.code).toBe('session_paused')
    for (const status of ['completed', 'expired', 'abandoned', 'cancelled'] as const) {
      for (const action of ['pause', 'extend', 'cancel'] as const) {
        const refusal = proctorRefusal(action, status)
        expect(refusal?.code).toBe('session_not_active')
        expect(refusal?.constructor.name).toBe('ConflictError')
      }
      expect(proctorRefusal('resume', status)?.code).toBe('session_not_paused')
    }
  })
})

describe('planResume', () => {
  test('every deadline and liveness stamp moves by the paused time', () => {
    const { pausedMs, patch } = planResume(
      {
        pausedAt: at('10:05:00'),
        expiresAt: at('11:00:00'),
        currentQuestionServedAt: at('10:04:00'),
        questionServedAt: { q1: at('10:00:00').toISOString(), q3: at('10:04:00').toISOString() },
        lastHeartbeat: at('10:04:30'),
        leftAt: null,
        leaseRenewedAt: at('10:04:30'),
      },
      at('10:15:00'),
    )
    expect(pausedMs).toBe(600_000)
    expect(patch).toEqual({
      status: 'active',
      pausedAt: null,
      pauseReason: null,
      expiresAt: at('11:10:00'),
      currentQuestionServedAt: at('10:14:00'),
      questionServedAt: { q1: at('10:10:00').toISOString(), q3: at('10:14:00').toISOString() },
      lastHeartbeat: at('10:14:30'),
      leftAt: null,
      leaseRenewedAt: at('10:14:30'),
    })
  })

  test('stamps a reload wrote during the pause are not pushed past now', () => {
    const { patch } = planResume(
      {
        pausedAt: at('10:00:00'),
        expiresAt: at('11:00:00'),
        currentQuestionServedAt: at('09:59:00'),
        questionServedAt: {},
        lastHeartbeat: at('10:59:00'),
        leftAt: null,
        leaseRenewedAt: at('10:59:00'),
      },
      at('11:00:00'),
    )
    expect(patch.lastHeartbeat).toEqual(at('11:00:00'))
    expect(patch.leaseRenewedAt).toEqual(at('11:00:00'))
    expect(patch.currentQuestionServedAt).toEqual(at('10:59:00'))
  })

  test('a session without an overall limit keeps none', () => {
    const { patch } = planResume(
      {
        pausedAt: at('10:00:00'),
        expiresAt: null,
        currentQuestionServedAt: null,
        questionServedAt: {},
        lastHeartbeat: null,
        leftAt: null,
        leaseRenewedAt: null,
      },
      at('10:01:00'),
    )
    expect(patch.expiresAt).toBeNull()
    expect(patch.currentQuestionServedAt).toBeNull()
  })
})

test('planExtend moves the end and the open windows, and remembers by how much', () => {
  expect(
    planExtend(
      {
        expiresAt: at('11:00:00'),
        currentQuestionServedAt: at('10:30:00'),
        questionServedAt: {},
        windowExtensions: { q1: 60_000 },
      },
      15,
      ['q1', 'q2'],
    ),
  ).toEqual({
    expiresAt: at('11:15:00'),
    currentQuestionServedAt: at('10:45:00'),
    questionServedAt: {},
    windowExtensions: { q1: 960_000, q2: 900_000 },
  })
})

test('free navigation: planExtend moves only the windows it is given (opened ones)', () => {
  const stamps = { q1: at('10:00:00').toISOString(), q2: at('10:20:00').toISOString() }
  const patch = planExtend(
    {
      expiresAt: null,
      currentQuestionServedAt: at('10:00:00'),
      questionServedAt: stamps,
      windowExtensions: {},
    },
    5,
    ['q2'],
  )
  expect(patch.questionServedAt).toEqual({ q1: stamps.q1, q2: at('10:25:00').toISOString() })
  expect(patch.windowExtensions).toEqual({ q2: 300_000 })
})

test('a paused clock reads as it stood when paused', () => {
  expect(clockNow({ status: 'paused', pausedAt: at('10:05:00') }, at('10:20:00'))).toEqual(
    at('10:05:00'),
  )
  expect(clockNow({ status: 'active', pausedAt: null }, at('10:20:00'))).toEqual(at('10:20:00'))
})
