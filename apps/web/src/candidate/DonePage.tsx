import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { Link, useParams } from 'react-router'
import { useCandidateAuth } from '../auth/store.ts'
import { candidateApi } from './api.ts'
import { leaseStore, useCandidateMemory } from './memory.ts'
import { queueKey } from './offline-queue.ts'

/**
 * /test/:sessionId/done — the end. The score only when the assessment shows results to
 * candidates (the server sends `result` then, and nothing otherwise), once grading is done.
 */
export function DonePage() {
  const { sessionId = '' } = useParams()
  const token = useCandidateAuth((s) => s.bySession[sessionId])
  const heading = useRef<HTMLHeadingElement>(null)
  const preview = useCandidateMemory((m) => {
    const assessmentId = m.sessionAssessment[sessionId]
    return assessmentId ? m.assessments[assessmentId]?.preview === true : false
  })
  const read = useQuery({
    queryKey: ['candidate', 'done', sessionId],
    queryFn: () => candidateApi.read(token ?? '', sessionId),
    enabled: Boolean(token),
    retry: 2,
    // While grading runs, look again now and then; the score appears when it is done.
    refetchInterval: (query) => (query.state.data?.result?.status === 'grading' ? 5000 : false),
  })
  const status = read.data?.session.status
  const result = read.data?.result
  const lastAnswer = read.data?.last_answer

  useEffect(() => {
    heading.current?.focus()
    document.title = 'Submitted · assess'
  }, [])

  // Over: nothing on this device needs to be sent any more.
  useEffect(() => {
    if (!status || status === 'active' || status === 'paused') return
    leaseStore.set(sessionId, null)
    try {
      localStorage.removeItem(queueKey(sessionId))
    } catch {
      // storage unavailable: nothing to clean
    }
  }, [status, sessionId])

  if (status === 'active' || status === 'paused')
    return (
      <main className="page narrow t-page">
        <h1 ref={heading} tabIndex={-1}>
          Your test is still in progress
        </h1>
        <p>
          <Link to={`/test/${sessionId}`}>Go back to the test</Link>
        </p>
      </main>
    )

  return (
    <main className="page narrow t-page">
      <div className="card t-done">
        <h1 ref={heading} tabIndex={-1}>
          {status === 'cancelled'
            ? 'Your test was ended by the recruiter'
            : 'Submitted — results will be reviewed'}
        </h1>
        <p>
          {status === 'expired'
            ? 'The time ran out. Everything you had saved was submitted.'
            : status === 'cancelled'
              ? 'This attempt was ended by the recruiter. The answers you had submitted are kept.'
              : status === 'abandoned'
                ? 'This attempt has ended. Everything you had saved was submitted.'
                : 'Thank you. Your answers are stored and will be reviewed.'}
        </p>
        {lastAnswer ? (
          <p>
            {lastAnswer.by_clock
              ? `Your last answer, to question ${lastAnswer.question_number}, was submitted by the clock at ${timeOf(lastAnswer.submitted_at)}, when its time ran out: as it stood then.`
              : `Your last answer, to question ${lastAnswer.question_number}, was submitted at ${timeOf(lastAnswer.submitted_at)}.`}
          </p>
        ) : null}
        {result?.status === 'grading' && (
          <p className="t-result" aria-live="polite">
            Your score will appear here once grading is finished.
          </p>
        )}
        {result?.status === 'ready' && (
          <p className="t-result" aria-live="polite">
            Your score: <strong>{formatScore(result.score)}</strong> of{' '}
            {formatScore(result.max_score)} ({Math.round(result.percentage)}%)
          </p>
        )}
        {preview ? (
          <p className="warning" role="note">
            This was your preview: it counts nowhere.{' '}
            <Link to={`/results/${sessionId}`}>Open its report</Link> to see how it was graded (the
            scores and the AI summary appear there as grading finishes).
          </p>
        ) : (
          <p className="muted">You can close this tab now.</p>
        )}
      </div>
    </main>
  )
}

const formatScore = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))

/** A time of day in the candidate's own locale and zone. */
const timeOf = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
