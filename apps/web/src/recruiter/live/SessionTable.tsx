import { Link } from 'react-router'
import type { SessionListItem } from '../api.ts'
import { completionLabel, formatAgo, formatDateTime, formatDuration } from '../format.ts'
import { Badge, StatusBadge } from '../ui.tsx'

/** One table of sessions: those under way (timers, heartbeats) or ended (when and how). */
export function SessionTable({
  title,
  rows,
  running,
  now,
  empty,
}: {
  title: string
  rows: SessionListItem[]
  running: boolean
  now: number
  empty: string
}) {
  const headingId = `r-sessions-${running ? 'running' : 'ended'}`
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        {title} <span className="muted">({rows.length})</span>
      </h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="r-sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Assessment</th>
                <th scope="col">Started</th>
                <th scope="col">Progress</th>
                <th scope="col">{running ? 'Remaining / last seen' : 'Left / ended'}</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <SessionRow key={s.id} s={s} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function SessionRow({ s, now }: { s: SessionListItem; now: number }) {
  const remaining = s.expires_at ? new Date(s.expires_at).getTime() - now : null
  const running = s.status === 'active' || s.status === 'paused'
  return (
    <tr>
      <td>
        <Link to={`/results/${s.id}`}>{s.candidate.name || s.candidate.email}</Link>
        {s.candidate.name && s.candidate.name !== s.candidate.email ? (
          <>
            <br />
            <span className="muted">{s.candidate.email}</span>
          </>
        ) : null}
      </td>
      <td>
        <Link to={`/assessments/${s.assessment_id}`}>{s.assessment_title}</Link>
        {s.attempt_number > 1 ? <span className="muted"> · attempt {s.attempt_number}</span> : null}
      </td>
      <td>{formatDateTime(s.started_at)}</td>
      <td>
        <progress
          className="r-progress"
          max={100}
          value={s.progress_percent}
          aria-label={`Progress ${Math.round(s.progress_percent)}%`}
        />{' '}
        {Math.round(s.progress_percent)}%
      </td>
      <td>
        {running ? (
          <>
            {s.status === 'paused' ? (
              <span className="warning">Clock stopped</span>
            ) : remaining === null ? (
              <span className="muted">No overall limit</span>
            ) : remaining > 0 ? (
              <span className="timer">{formatDuration(remaining)} left</span>
            ) : (
              <span className="warning">Time is up</span>
            )}
            <br />
            <span className="muted">Seen {formatAgo(s.last_heartbeat, now)}</span>
            {s.left_at ? (
              <>
                <br />
                <span className="warning">Left the page {formatAgo(s.left_at, now)}</span>
              </>
            ) : null}
          </>
        ) : (
          <>
            {s.left_at ? <>Left {formatDateTime(s.left_at)}</> : null}
            {s.left_at && s.completed_at ? <br /> : null}
            {s.completed_at ? <>Ended {formatDateTime(s.completed_at)}</> : null}
            {!s.left_at && !s.completed_at ? '—' : null}
          </>
        )}
      </td>
      <td>
        <StatusBadge status={s.status} />
        {s.heartbeat_stale && s.status === 'active' ? (
          <>
            {' '}
            <Badge tone="danger">No heartbeat</Badge>
          </>
        ) : null}
        {!running && s.completion_method ? (
          <div className="muted r-small">{completionLabel(s.completion_method, s.status)}</div>
        ) : null}
      </td>
    </tr>
  )
}
