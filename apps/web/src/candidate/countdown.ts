/**
 * The candidate's countdown, pure: no React, no DOM, time passed in. The server owns the clock:
 * every response carries the remaining milliseconds, and the client only counts down from the
 * last value it was given, measured on a monotonic clock (performance.now()), never its own date.
 */

/** Below this the timer turns into a warning (and is announced once). */
export const WARNING_MS = 60_000
/** Below this the warning gets louder. */
export const CRITICAL_MS = 10_000

export type DeadlineKind = 'question' | 'session'

/** The server's remaining times, as a response carries them (null: no such limit). */
export interface ServerRemaining {
  question_remaining_ms: number | null
  session_remaining_ms: number | null
}

/** The limit that ends first: the question's window or the whole session. */
export function applicableRemaining(r: ServerRemaining): { ms: number; kind: DeadlineKind } | null {
  const q = r.question_remaining_ms
  const s = r.session_remaining_ms
  if (q === null && s === null) return null
  if (q !== null && (s === null || q <= s)) return { ms: Math.max(0, q), kind: 'question' }
  return { ms: Math.max(0, s ?? 0), kind: 'session' }
}

/** A server value pinned to the monotonic moment it was valid at. */
export interface Anchor {
  remainingMs: number
  /** performance.now() when the value applied (the request's send time: never too generous). */
  at: number
  kind: DeadlineKind
}

export function anchorFrom(r: ServerRemaining, at: number): Anchor | null {
  const applicable = applicableRemaining(r)
  return applicable ? { remainingMs: applicable.ms, at, kind: applicable.kind } : null
}

/** One limit's anchor (null when there is no such limit). */
export function singleAnchor(
  remainingMs: number | null | undefined,
  at: number,
  kind: DeadlineKind,
): Anchor | null {
  return remainingMs === null || remainingMs === undefined
    ? null
    : { remainingMs: Math.max(0, remainingMs), at, kind }
}

/** What is left at `now` (same monotonic clock as the anchor): computed, never decremented. */
export function remainingAt(anchor: Anchor, now: number): number {
  return Math.max(0, anchor.remainingMs - Math.max(0, now - anchor.at))
}

/** Whole seconds shown: rounded up, so "00:00" appears only when the time is really over. */
export function displaySeconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000))
}

const pad = (n: number) => String(n).padStart(2, '0')

/** mm:ss (minutes keep counting past 59: "90:00"). */
export function formatClock(ms: number): string {
  const total = displaySeconds(ms)
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`
}

/** The same time in words, for screen readers and dialogs: "4 minutes 5 seconds". */
export function describeRemaining(ms: number): string {
  const total = displaySeconds(ms)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  const parts: string[] = []
  if (hours > 0) parts.push(part(hours, 'hour'))
  if (minutes > 0) parts.push(part(minutes, 'minute'))
  if (seconds > 0 || parts.length === 0) parts.push(part(seconds, 'second'))
  return parts.join(' ')
}

export type WarningLevel = 'normal' | 'warning' | 'critical' | 'over'

export function warningLevel(ms: number): WarningLevel {
  const seconds = displaySeconds(ms)
  if (seconds <= 0) return 'over'
  if (seconds * 1000 <= CRITICAL_MS) return 'critical'
  if (seconds * 1000 < WARNING_MS) return 'warning'
  return 'normal'
}

/** Announce once, when the time first drops under the warning threshold (not on every tick). */
export function shouldAnnounce(previous: WarningLevel, next: WarningLevel): boolean {
  return previous === 'normal' && (next === 'warning' || next === 'critical')
}

/**
 * Has the client drifted from the server by more than `toleranceMs`? A heartbeat that disagrees
 * this much means the server moved on (a window closed) and the full state should be re-read.
 */
export function drifted(local: number, server: number, toleranceMs = 2_000): boolean {
  return Math.abs(local - server) > toleranceMs
}

/** "30 minutes", "1 hour 30 minutes", "2 minutes 30 seconds": for the start page. */
export function describeDuration(seconds: number): string {
  return describeRemaining(seconds * 1000)
}
