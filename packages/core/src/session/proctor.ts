/**
 * What a recruiter may do to a session under way, pure: pause (the clock stops), resume (every
 * deadline moves by the paused time, so the candidate loses nothing), extend (the session's end
 * and the current window move), cancel. Commands in packages/db apply these plans.
 */
import type { SessionStatus } from '../contracts/sessions.ts'
import { ConflictError, type DomainError } from '../errors.ts'

export type ProctorAction = 'pause' | 'resume' | 'extend' | 'cancel'

/** The statuses each action starts from. */
const ALLOWED_FROM: Record<ProctorAction, readonly SessionStatus[]> = {
  pause: ['active'],
  resume: ['paused'],
  extend: ['active', 'paused'],
  cancel: ['active', 'paused'],
}

/** Why `action` cannot be taken on a session in `status` (null: it can). */
export function proctorRefusal(action: ProctorAction, status: SessionStatus): DomainError | null {
  if (ALLOWED_FROM[action].includes(status)) return null
  if (action === 'resume')
    return new ConflictError('session_not_paused', `This session is ${status}, not paused`, {
      status,
    })
  if (action === 'pause' && status === 'paused')
    return new ConflictError('session_paused', 'This session is paused already', { status })
  return new ConflictError('session_not_active', `This session is ${status}`, { status })
}

/** The clock and liveness stamps a pause or an extension moves. */
export interface ShiftableClock {
  expiresAt: Date | null
  currentQuestionServedAt: Date | null
  /** Free navigation's first-opening stamps (ISO, by question id): each starts a window. */
  questionServedAt: Readonly<Record<string, string>>
  lastHeartbeat: Date | null
  leftAt: Date | null
  leaseRenewedAt: Date | null
}

const later = (d: Date | null, byMs: number) => (d === null ? null : new Date(d.getTime() + byMs))

/** The stamps of `ids` (all of them by default) moved `byMs` later. */
function laterStamps(
  stamps: Readonly<Record<string, string>>,
  byMs: number,
  ids: readonly string[] = Object.keys(stamps),
) {
  const moved = { ...stamps }
  for (const id of ids) {
    const at = stamps[id]
    if (at !== undefined) moved[id] = new Date(Date.parse(at) + byMs).toISOString()
  }
  return moved
}

const notAfter = (d: Date | null, limit: Date) =>
  d === null || d.getTime() <= limit.getTime() ? d : limit

export function planPause(now: Date, reason: string) {
  return { status: 'paused' as const, pausedAt: now, pauseReason: reason }
}

/**
 * Resuming shifts every deadline (the session's end, the current window) by the time spent
 * paused, and the liveness stamps too: a paused candidate could not heartbeat, and neither the
 * sweeper nor another tab may count the pause as silence.
 */
export function planResume(s: ShiftableClock & { pausedAt: Date | null }, now: Date) {
  const pausedMs = Math.max(0, now.getTime() - (s.pausedAt ?? now).getTime())
  return {
    pausedMs,
    patch: {
      status: 'active' as const,
      pausedAt: null,
      pauseReason: null,
      expiresAt: later(s.expiresAt, pausedMs),
      currentQuestionServedAt: later(s.currentQuestionServedAt, pausedMs),
      questionServedAt: laterStamps(s.questionServedAt, pausedMs),
      // A reload during the pause stamps these with the real time: never past now.
      lastHeartbeat: notAfter(later(s.lastHeartbeat, pausedMs), now),
      leftAt: notAfter(later(s.leftAt, pausedMs), now),
      leaseRenewedAt: notAfter(later(s.leaseRenewedAt, pausedMs), now),
    },
  }
}

/**
 * More time: the session's end and the current question's window (in free navigation, every
 * opened one still unanswered) move by `minutes`. The window moves by its served-at stamp; `windowExtensions`
 * remembers by how much, so the time charged to the question still counts from when it was served.
 */
export function planExtend(
  s: Pick<ShiftableClock, 'expiresAt' | 'currentQuestionServedAt' | 'questionServedAt'> & {
    windowExtensions: Readonly<Record<string, number>>
  },
  minutes: number,
  /** The windows that move: the current question's (every opened one in free navigation). */
  openQuestionIds: readonly string[],
) {
  const byMs = minutes * 60_000
  const windowExtensions = { ...s.windowExtensions }
  for (const id of openQuestionIds) windowExtensions[id] = (windowExtensions[id] ?? 0) + byMs
  return {
    expiresAt: later(s.expiresAt, byMs),
    currentQuestionServedAt: later(s.currentQuestionServedAt, byMs),
    questionServedAt: laterStamps(s.questionServedAt, byMs, openQuestionIds),
    windowExtensions,
  }
}
/** While paused, the clock reads as it stood when the pause began. */
export const clockNow = (s: { status: SessionStatus; pausedAt: Date | null }, now: Date) =>
  s.status === 'paused' && s.pausedAt ? s.pausedAt : now
