import type { SessionReport, TimelinePage } from '@assess/core'
import { useEffect, useMemo, useState } from 'react'
import { query, useStaffApi } from '../api.ts'
import { formatTime } from '../format.ts'
import { Badge } from '../ui.tsx'

/** Events a recruiter may want to look at twice. */
const NOTABLE = new Set([
  'tab_hidden',
  'window_blur',
  'paste',
  'copy',
  'cut',
  'fullscreen_exit',
  'context_menu',
  'devtools_open',
  'network_offline',
  'device_changed',
  'tab_closed',
  'abandoned',
  'expired',
])

const WORDS: Record<string, string> = {
  started: 'Started',
  resumed: 'Opened the test again',
  device_changed: 'Continued on another device or tab',
  tab_hidden: 'Tab hidden',
  tab_visible: 'Tab visible again',
  window_blur: 'Window lost focus',
  window_focus: 'Window focused',
  paste: 'Pasted text',
  copy: 'Copied text',
  cut: 'Cut text',
  fullscreen_enter: 'Entered full screen',
  fullscreen_exit: 'Left full screen',
  context_menu: 'Opened the context menu',
  devtools_open: 'Developer tools opened',
  network_offline: 'Went offline',
  network_online: 'Back online',
  answer_submitted: 'Answer submitted',
  question_opened: 'Opened a question (its time started)',
  draft_saved: 'Draft saved',
  flagged: 'Flagged a question',
  tab_closed: 'Left the page (closed or reloaded the tab)',
  sample_run: 'Ran the sample tests',
  expired: 'Time expired',
  completed: 'Completed',
  abandoned: 'Abandoned',
  paused: 'Paused by the recruiter',
  unpaused: 'Resumed by the recruiter',
  extended: 'Time added by the recruiter',
  cancelled: 'Cancelled',
  extra_attempt_granted: 'Extra attempt granted',
  grade_overridden: 'Score adjusted by hand',
  regrade_requested: 'Regrade requested',
}

export const eventLabel = (type: string) => WORDS[type] ?? type.replaceAll('_', ' ')

type ReportEvent = SessionReport['events'][number]

/**
 * The session's audit trail, oldest first: the report's first page, then page by page on
 * request (a long session can hold thousands of events).
 */
export function Timeline({
  sessionId,
  firstPage,
  summary,
  questionNumbers,
}: {
  sessionId: string
  firstPage: ReportEvent[]
  summary: SessionReport['timeline']
  questionNumbers: Map<string, number>
}) {
  const api = useStaffApi()
  const [more, setMore] = useState<{ events: ReportEvent[]; cursor: string | null }>({
    events: [],
    cursor: summary.next_cursor,
  })
  const [loading, setLoading] = useState(false)
  const [failed, setFailed] = useState(false)
  // A refetched report starts the list over from its own first page.
  useEffect(() => setMore({ events: [], cursor: summary.next_cursor }), [summary.next_cursor])
  const events = useMemo(() => [...firstPage, ...more.events], [firstPage, more.events])
  const rows = useMemo(() => timelineRows(events, questionNumbers), [events, questionNumbers])
  // Once every event is here, what is highlighted is what counts (a reload's close and hidden
  // tab are one routine row); before, the session's own counts.
  const notable =
    events.length >= summary.total
      ? rows.filter((r) => r.notable).length
      : Object.entries(summary.counts)
          .filter(([type]) => NOTABLE.has(type))
          .reduce((sum, [, n]) => sum + n, 0)

  const loadMore = async () => {
    if (!more.cursor) return
    setLoading(true)
    setFailed(false)
    try {
      const page = await api<TimelinePage>(
        'GET',
        `/api/sessions/${encodeURIComponent(sessionId)}/timeline${query({ cursor: more.cursor })}`,
      )
      setMore((m) => ({ events: [...m.events, ...page.events], cursor: page.next_cursor }))
    } catch {
      setFailed(true)
    } finally {
      setLoading(false)
    }
  }

  return (
    <section aria-labelledby="r-timeline-title" data-testid="timeline">
      <h2 id="r-timeline-title">Integrity timeline</h2>
      <p className="muted">
        {summary.total} event{summary.total === 1 ? '' : 's'}
        {notable ? `, ${notable} worth a look (highlighted)` : ''}.
        {events.length < summary.total ? ` Showing the first ${events.length}.` : ''}
      </p>
      {events.length === 0 ? null : (
        <div className="table-wrap">
          <table>
            <caption className="r-sr-only">Session events</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} className={row.notable ? 'r-notable' : undefined}>
                  <td className="r-nowrap">
                    {formatTime(row.at)}
                    {row.until ? `–${formatTime(row.until)}` : ''}
                  </td>
                  <td>{row.notable ? <Badge tone="warn">{row.label}</Badge> : row.label}</td>
                  <td className="r-event-data">{row.details}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more.cursor && (
        <p>
          <button type="button" className="secondary" onClick={loadMore} disabled={loading}>
            {loading ? 'Loading…' : 'Show more events'}
          </button>
          {failed && <span role="alert"> Could not load more events; try again.</span>}
        </p>
      )}
    </section>
  )
}

/** `{ question_id, time_expired: false }` → "question 2"; ids of answers are left out. */
function describeData(data: Record<string, unknown>, questionNumbers: Map<string, number>) {
  const parts: string[] = []
  for (const [key, value] of Object.entries(data)) {
    if (key === 'answer_id' || key === 'by_user_id') continue // the actor is named instead
    if (key === 'answer_ids') continue // a regrade's: ids say nothing to a reader
    if (key === 'question_id' && typeof value === 'string') {
      parts.push(`question ${numberOf(value, questionNumbers)}`)
      continue
    }
    if (key === 'question_ids' && Array.isArray(value)) {
      const numbers = value.map((id) => numberOf(String(id), questionNumbers))
      if (numbers.length > 0)
        parts.push(`${numbers.length === 1 ? 'question' : 'questions'} ${numbers.join(', ')}`)
      continue
    }
    if (key === 'takeover' || key === 'custom_input') continue // said by the label
    if (key === 'passed' && typeof data.total === 'number') {
      parts.push(`${value} of ${data.total} passed`)
      continue
    }
    if (key === 'total') continue
    if (value === false || value === null || value === undefined) continue
    const text =
      value === true ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
    parts.push(text ? `${key.replaceAll('_', ' ')}: ${text}` : key.replaceAll('_', ' '))
  }
  return parts.length ? parts.join(' · ') : '—'
}

/** A question's number, or (for one no longer in the assessment) the start of its id. */
const numberOf = (id: string, questionNumbers: Map<string, number>) =>
  questionNumbers.get(id) ?? id.slice(0, 8)

/** What a browser reports as it leaves a page, besides the close itself. */
const LEAVING = new Set(['tab_hidden', 'window_blur'])

/** Events a reader needs once, not each time: consecutive ones of a kind fold into one row. */
const ROUTINE = new Set([
  'draft_saved',
  'tab_visible',
  'window_focus',
  'network_online',
  'fullscreen_enter',
])

/** A closed tab and the test opened again this soon after is a reload (or a quick return). */
const RELOAD_WITHIN_MS = 5 * 60_000

interface TimelineRow {
  key: string
  at: string
  /** A folded run's last event. */
  until?: string
  label: string
  details: string
  notable: boolean
}

/**
 * The events as a reader wants them: a reload as one row (not "closed the tab" then "opened
 * again"), routine events folded by kind ("Draft saved ×12"), questions by their number.
 */
export function timelineRows(
  events: ReportEvent[],
  questionNumbers: Map<string, number>,
): TimelineRow[] {
  const rows: TimelineRow[] = []
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ReportEvent
    const key = `${i}`
    // A browser leaving a page also reports the tab hidden and the window blurred (after the
    // close, as the events reach the server): part of the reload, not rows of their own.
    let back = i + 1
    while (e.type === 'tab_closed' && LEAVING.has(events[back]?.type ?? '')) back++
    const next = events[back]
    if (
      e.type === 'tab_closed' &&
      next?.type === 'resumed' &&
      next.data.takeover !== true &&
      Date.parse(next.at) - Date.parse(e.at) <= RELOAD_WITHIN_MS
    ) {
      const seconds = Math.max(0, Math.round((Date.parse(next.at) - Date.parse(e.at)) / 1000))
      rows.push({
        key,
        at: e.at,
        label: 'Reloaded the page, or left and came back',
        details: `back after ${seconds} s`,
        notable: false,
      })
      i = back
      continue
    }
    if (ROUTINE.has(e.type)) {
      let j = i
      while (events[j + 1]?.type === e.type) j++
      const last = events[j] as ReportEvent
      const n = j - i + 1
      rows.push({
        key,
        at: e.at,
        ...(n > 1 && { until: last.at }),
        label: n > 1 ? `${eventLabel(e.type)} ×${n}` : eventLabel(e.type),
        details: n > 1 ? 'folded: routine' : describeData(e.data, questionNumbers),
        notable: false,
      })
      i = j
      continue
    }
    const label =
      e.type === 'resumed' && e.data.takeover === true
        ? 'Continued here from another tab or device'
        : e.type === 'sample_run' && e.data.custom_input === true
          ? 'Ran with custom input'
          : eventLabel(e.type)
    const details = `${e.actor ? `by ${e.actor.name || e.actor.email} · ` : ''}${describeData(e.data, questionNumbers)}`
    // The same run again and again (a candidate iterating) is one row with its count.
    let j = i
    while (
      e.type === 'sample_run' &&
      events[j + 1]?.type === 'sample_run' &&
      JSON.stringify(events[j + 1]?.data) === JSON.stringify(e.data)
    )
      j++
    const n = j - i + 1
    rows.push({
      key,
      at: e.at,
      ...(n > 1 && { until: (events[j] as ReportEvent).at }),
      label: n > 1 ? `${label} ×${n}` : label,
      details,
      notable: NOTABLE.has(e.type),
    })
    i = j
  }
  return rows
}
