import type { LiveEvent } from '@assess/core'
import type { SessionListItem } from '../api.ts'
import { completionLabel, formatNumber, formatPercent, statusLabel } from '../format.ts'

/**
 * The live sessions page's state, as pure functions: the sessions (loaded once from
 * GET /api/sessions, then moved along by stream events) and the lines of the activity feed.
 *
 * Invariants:
 * - Applying an event sets what the event says (a status, a time, a progress), so applying the
 *   events received during a reload on top of the reloaded list gives the current state, even
 *   when some of them are already in it.
 * - An event about a session the board does not hold changes nothing. When it shows that
 *   session under way (`missing`: older than the loaded page), the page loads the list again;
 *   `session.started` brings its own row.
 */

export type Board = Record<string, SessionListItem>

export function boardOf(lists: SessionListItem[][]): Board {
  const board: Board = {}
  for (const list of lists) for (const item of list) board[item.id] = item
  return board
}

const ENDED = new Set(['completed', 'expired', 'abandoned', 'cancelled'])
export const isEnded = (s: SessionListItem) => ENDED.has(s.status)

/** Under way (active or paused), newest first; ended, most recently ended first. */
export function split(board: Board) {
  const all = Object.values(board)
  const byStart = (a: SessionListItem, b: SessionListItem) =>
    b.started_at.localeCompare(a.started_at)
  const byEnd = (a: SessionListItem, b: SessionListItem) =>
    (b.completed_at ?? '').localeCompare(a.completed_at ?? '')
  return {
    running: all.filter((s) => !isEnded(s)).sort(byStart),
    ended: all.filter(isEnded).sort(byEnd),
  }
}

/** A stream event's JSON, or null when it is not one (the page ignores it). */
export function parseLiveEvent(data: string): LiveEvent | null {
  try {
    const value = JSON.parse(data) as Partial<LiveEvent> | null
    if (typeof value?.type !== 'string' || typeof value.session_id !== 'string') return null
    if (typeof value.data !== 'object' || value.data === null) return null
    return value as LiveEvent
  } catch {
    return null
  }
}

/** Events only a session under way sends. */
const RUNNING = new Set<string>([
  'answer.submitted',
  'integrity.event',
  'session.paused',
  'session.resumed',
  'session.extended',
])

export function applyLiveEvent(board: Board, event: LiveEvent): { board: Board; missing: boolean } {
  const current = board[event.session_id]
  if (event.type === 'session.started') {
    if (current) return { board, missing: false }
    const email = event.candidate?.email ?? ''
    const row: SessionListItem = {
      id: event.session_id,
      assessment_id: event.assessment_id,
      assessment_title: event.data.assessment_title,
      candidate: { id: '', email, name: event.candidate?.name ?? email },
      status: 'active',
      completion_method: null,
      attempt_number: event.data.attempt_number,
      started_at: event.at,
      expires_at: event.data.expires_at,
      completed_at: null,
      progress_percent: 0,
      last_heartbeat: event.at,
      heartbeat_stale: false,
      left_at: null,
      evaluation_status: 'pending',
    }
    return { board: { ...board, [row.id]: row }, missing: false }
  }
  if (!current) return { board, missing: RUNNING.has(event.type) }
  const patch = patchFor(current, event)
  return {
    board: patch ? { ...board, [current.id]: { ...current, ...patch } } : board,
    missing: false,
  }
}

/** The later of two ISO times. */
const later = (a: string | null, b: string) => (a && a > b ? a : b)

function patchFor(s: SessionListItem, event: LiveEvent): Partial<SessionListItem> | null {
  switch (event.type) {
    // Heartbeats are not streamed: what the candidate does is the page's sign of life.
    case 'answer.submitted':
      return {
        progress_percent: Math.max(s.progress_percent, event.data.progress_percent),
        last_heartbeat: later(s.last_heartbeat, event.at),
      }
    case 'integrity.event':
      return { last_heartbeat: later(s.last_heartbeat, event.at) }
    case 'session.paused':
      return isEnded(s) ? null : { status: 'paused' }
    case 'session.resumed':
      return isEnded(s) ? null : { status: 'active', expires_at: event.data.expires_at }
    case 'session.extended':
      return { expires_at: event.data.expires_at }
    case 'session.cancelled':
      return { status: 'cancelled', completion_method: 'cancelled', completed_at: event.at }
    case 'session.completed':
      return {
        status: event.data.status,
        completion_method: event.data.completion_method,
        completed_at: event.data.completed_at,
        progress_percent: event.data.progress_percent,
      }
    case 'answer.graded':
      return s.evaluation_status === 'pending' ? { evaluation_status: 'grading' } : null
    case 'session.summarized':
      return { evaluation_status: 'done' }
    default:
      return null
  }
}

const INTEGRITY_WORDS: Record<string, string> = {
  tab_hidden: 'left the tab',
  tab_visible: 'came back to the tab',
  window_blur: 'left the window',
  window_focus: 'came back to the window',
  paste: 'pasted',
  copy: 'copied',
  cut: 'cut',
  fullscreen_enter: 'entered full screen',
  fullscreen_exit: 'left full screen',
  context_menu: 'opened the context menu',
  devtools_open: 'opened the developer tools',
  network_offline: 'went offline',
  network_online: 'came back online',
}

export interface FeedItem {
  /** The stream id: unique, so a stable React key. */
  id: string
  at: string
  sessionId: string
  who: string
  what: string
  /** Worth a recruiter's attention (integrity signals, abandons, cancellations). */
  notable: boolean
}

/** One line of the activity feed: who did what, in words. */
export function feedItem(id: string, event: LiveEvent, board: Board): FeedItem {
  const row = board[event.session_id]
  const who = event.candidate?.name || row?.candidate.name || row?.candidate.email || 'A candidate'
  const base = { id, at: event.at, sessionId: event.session_id, who, notable: false }
  switch (event.type) {
    case 'session.started':
      return { ...base, what: `started ${event.data.assessment_title}` }
    case 'answer.submitted':
      return {
        ...base,
        what: `answered question ${event.data.question_index + 1}${event.data.time_expired ? ' (time ran out)' : ''}`,
      }
    case 'integrity.event':
      return {
        ...base,
        what: event.data.types.map((t) => INTEGRITY_WORDS[t] ?? t.replaceAll('_', ' ')).join(', '),
        notable: true,
      }
    case 'session.paused':
      return { ...base, what: `was paused: ${event.data.reason}`, notable: true }
    case 'session.resumed':
      return { ...base, what: `was resumed: ${event.data.reason}` }
    case 'session.extended':
      return { ...base, what: `got ${event.data.minutes} more minutes: ${event.data.reason}` }
    case 'session.cancelled':
      return { ...base, what: `was cancelled: ${event.data.reason}`, notable: true }
    case 'session.completed':
      return {
        ...base,
        what: `${statusLabel(event.data.status).toLowerCase()} (${completionLabel(event.data.completion_method, event.data.status).toLowerCase()})`,
        notable: event.data.status === 'abandoned',
      }
    case 'answer.graded': {
      const { score, max_score: max, grading_status: status } = event.data
      const points = `${formatNumber(score)}/${formatNumber(max)}`
      if (status === 'failed') return { ...base, what: 'has an answer that could not be graded' }
      if (status === 'needs_review')
        return { ...base, what: `has an answer to review (${points} so far)`, notable: true }
      return { ...base, what: `got ${points} on an answer` }
    }
    case 'session.summarized':
      return { ...base, what: `scored ${formatPercent(event.data.percentage)} overall` }
    default:
      return { ...base, what: 'did something new' }
  }
}
