import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { ErrorNote, Loading } from '../ui/states.tsx'
import { AssessmentFilter } from './AssessmentFilter.tsx'
import { ActivityFeed } from './live/ActivityFeed.tsx'
import { ConnectionStatus } from './live/ConnectionStatus.tsx'
import { split } from './live/live-board.ts'
import { SessionTable } from './live/SessionTable.tsx'
import { useLiveSessions } from './live/useLiveSessions.ts'
import { useDocumentTitle } from './ui.tsx'

/** Recent endings shown below the sessions under way. */
const ENDED_SHOWN = 50

/**
 * Live monitoring: the sessions under way and the latest endings, kept current by the live event
 * stream (GET /api/live) instead of polling, beside a feed of what just happened.
 */
export function LiveSessionsPage() {
  useDocumentTitle('Live sessions')
  const [params, setParams] = useSearchParams()
  const assessmentId = params.get('assessment') ?? ''
  const now = useNow(1000)
  const { board, feed, connection } = useLiveSessions(assessmentId)
  const { running, ended } = split(board.data ?? {})

  return (
    <main className="page r-page">
      <div className="row r-heading">
        <h1>Live sessions</h1>
        <span className="spacer" />
        <ConnectionStatus state={connection} />
      </div>
      <div className="r-filters">
        <AssessmentFilter
          value={assessmentId}
          onChange={(id) => setParams(id ? { assessment: id } : {}, { replace: true })}
        />
      </div>
      <p className="muted">
        Updates as candidates work. “Seen” is the candidate’s last heartbeat or action; a session
        silent for longer than its heartbeat timeout is ended by the server as abandoned.
      </p>
      <div className="r-live">
        <div className="r-live-tables">
          {board.isPending ? (
            <Loading label="Loading sessions…" />
          ) : !board.data ? (
            <ErrorNote error={board.error} onRetry={() => board.refetch()} />
          ) : (
            <>
              <SessionTable
                title="In progress"
                rows={running}
                running
                now={now}
                empty="Nobody is taking a test right now."
              />
              <SessionTable
                title="Recently ended"
                rows={ended.slice(0, ENDED_SHOWN)}
                running={false}
                now={now}
                empty="No session has ended yet."
              />
            </>
          )}
        </div>
        <ActivityFeed items={feed} />
      </div>
    </main>
  )
}

/** The current time, ticking, for the "remaining" and "ago" columns. */
function useNow(intervalMs: number) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
