import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ErrorNote, Loading } from '../ui/states.tsx'
import { AssessmentFilter } from './AssessmentFilter.tsx'
import { keys, query, type SessionList, type SessionListItem, useStaffApi } from './api.ts'
import { completionLabel, formatAgo, formatDateTime, formatDuration, formatTime } from './format.ts'
import { Badge, StatusBadge, useDocumentTitle } from './ui.tsx'

const REFRESH_MS = 5000

/** Live monitoring: active sessions and recent abandons, refreshed every 5 seconds. */
export function LiveSessionsPage() {
  useDocumentTitle('Live sessions')
  const [params, setParams] = useSearchParams()
  const assessmentId = params.get('assessment') ?? ''
  const now = useNow(1000)

  return (
    <main className="page r-page">
      <h1>Live sessions</h1>
      <div className="r-filters">
        <AssessmentFilter
          value={assessmentId}
          onChange={(id) => setParams(id ? { assessment: id } : {}, { replace: true })}
        />
      </div>
      <p className="muted">
        Refreshes every {REFRESH_MS / 1000} seconds. A session whose candidate has sent no heartbeat
        for too long is marked “No heartbeat”.
      </p>
      <SessionTable
        title="In progress"
        status="active"
        assessmentId={assessmentId}
        now={now}
        empty="Nobody is taking a test right now."
      />
      <SessionTable
        title="Abandoned"
        status="abandoned"
        assessmentId={assessmentId}
        now={now}
        empty="No abandoned sessions."
      />
    </main>
  )
}

/** The current time, ticking, for "remaining" and "ago" columns between refreshes. */
function useNow(intervalMs: number) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

function SessionTable({
  title,
  status,
  assessmentId,
  now,
  empty,
}: {
  title: string
  status: 'active' | 'abandoned'
  assessmentId: string
  now: number
  empty: string
}) {
  const api = useStaffApi()
  const list = useQuery({
    queryKey: keys.sessions(status, assessmentId),
    queryFn: () =>
      api<SessionList>(
        'GET',
        `/api/sessions${query({ status, assessment_id: assessmentId || undefined, limit: 100 })}`,
      ),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  })
  const headingId = `r-sessions-${status}`
  const rows = list.data?.sessions ?? []

  return (
    <section aria-labelledby={headingId}>
      <div className="row r-heading">
        <h2 id={headingId}>
          {title} {list.data ? <span className="muted">({rows.length})</span> : null}
        </h2>
        <span className="spacer" />
        {list.dataUpdatedAt ? (
          <span className="muted r-small">
            Updated {formatTime(list.dataUpdatedAt)}
            {list.isFetching ? ' · refreshing…' : ''}
          </span>
        ) : null}
      </div>
      {list.isPending ? (
        <Loading label="Loading sessions…" />
      ) : !list.data ? (
        <ErrorNote error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <>
          {list.isError ? (
            <p className="warning" role="status">
              Could not refresh; showing the last list. Retrying…
            </p>
          ) : null}
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
                    <th scope="col">
                      {status === 'active' ? 'Remaining / last heartbeat' : 'Left / ended'}
                    </th>
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
          {list.data.next_cursor ? (
            <p className="muted">
              Showing the first {rows.length}; narrow by assessment to see more.
            </p>
          ) : null}
        </>
      )}
    </section>
  )
}

function SessionRow({ s, now }: { s: SessionListItem; now: number }) {
  const remaining = s.expires_at ? new Date(s.expires_at).getTime() - now : null
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
        {s.status === 'active' ? (
          <>
            {remaining === null ? (
              <span className="muted">No overall limit</span>
            ) : remaining > 0 ? (
              <span className="timer">{formatDuration(remaining)} left</span>
            ) : (
              <span className="warning">Time is up</span>
            )}
            <br />
            <span className="muted">Heartbeat {formatAgo(s.last_heartbeat, now)}</span>
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
        {s.heartbeat_stale ? (
          <>
            {' '}
            <Badge tone="danger">No heartbeat</Badge>
          </>
        ) : null}
        {s.status !== 'active' && s.completion_method ? (
          <div className="muted r-small">{completionLabel(s.completion_method, s.status)}</div>
        ) : null}
      </td>
    </tr>
  )
}
