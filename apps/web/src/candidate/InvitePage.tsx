import type { CandidateAssessmentView, SessionState } from '@assess/core'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useNavigate, useParams } from 'react-router'
import { useCandidateAuth } from '../auth/store.ts'
import { ErrorNote, Loading } from '../ui/states.tsx'
import { candidateApi, isApiError } from './api.ts'
import { describeDuration } from './countdown.ts'
import { freshStarts, leaseStore, useCandidateMemory } from './memory.ts'

/** /invite/:token — accept the link, show what the test is, start (or resume) it. */
export function InvitePage() {
  const { token: invitation = '' } = useParams()
  const remember = useCandidateAuth((s) => s.remember)
  const rememberAssessment = useCandidateMemory((s) => s.rememberAssessment)

  const accepted = useQuery({
    queryKey: ['candidate', 'accept', invitation],
    queryFn: () => candidateApi.accept(invitation),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  })

  useEffect(() => {
    if (!accepted.data) return
    remember(invitation, accepted.data.token, accepted.data.assessment.id)
    rememberAssessment(accepted.data.assessment)
  }, [accepted.data, invitation, remember, rememberAssessment])

  useEffect(() => {
    document.title = accepted.data ? `${accepted.data.assessment.title} · assess` : 'assess'
  }, [accepted.data])

  return (
    <main className="page narrow t-page" aria-busy={accepted.isPending}>
      {accepted.isPending ? <Loading label="Opening your invitation…" /> : null}
      {accepted.isError ? (
        <>
          <h1>We could not open this invitation</h1>
          <ErrorNote
            error={accepted.error}
            onRetry={isRetryable(accepted.error) ? () => void accepted.refetch() : undefined}
          />
        </>
      ) : null}
      {accepted.data ? (
        <StartPage token={accepted.data.token} assessment={accepted.data.assessment} />
      ) : null}
    </main>
  )
}

const isRetryable = (e: unknown) => isApiError(e) && (e.status === 0 || e.status >= 500)

function StartPage({
  token,
  assessment: a,
}: {
  token: string
  assessment: CandidateAssessmentView
}) {
  const navigate = useNavigate()
  const rememberSession = useCandidateAuth((s) => s.rememberSession)
  const rememberSessionAssessment = useCandidateMemory((s) => s.rememberSessionAssessment)

  const open = (sessionId: string, started?: { state: SessionState; at: number }) => {
    rememberSession(sessionId, token)
    rememberSessionAssessment(sessionId, a.id)
    if (started) {
      if (started.state.lease_id) leaseStore.set(sessionId, started.state.lease_id)
      freshStarts.set(sessionId, started)
    }
    navigate(`/test/${sessionId}`)
  }

  const start = useMutation({
    mutationFn: async (): Promise<
      { started: { state: SessionState; at: number } } | { resumeId: string }
    > => {
      const at = performance.now()
      try {
        return { started: { state: await candidateApi.start(token, a.id), at } }
      } catch (e) {
        // Already running (another tab, device or an earlier visit): resume it instead.
        if (!isApiError(e, 'session_active')) throw e
        const id = e.details.session_id
        if (typeof id === 'string') return { resumeId: id }
        const active = await candidateApi.active(token)
        if (active.active_session) return { resumeId: active.active_session.session.id }
        throw e
      }
    },
    onSuccess: (r) => {
      if ('started' in r) open(r.started.state.session.id, r.started)
      else open(r.resumeId)
    },
  })

  const limits = a.question_time_limits_seconds
  const limited = limits.filter((s): s is number => s !== null)
  const sequential = a.navigation === 'sequential'

  return (
    <article className="card t-start" aria-labelledby="t-start-title">
      <h1 id="t-start-title">{a.title}</h1>
      {a.preview ? (
        <p className="warning" role="note">
          <strong>Your preview.</strong> You take this test exactly as a candidate would: the clock,
          grading and the report. It counts nowhere: not in results, analytics, the live board,
          webhooks or emails. At the end, a link opens its report.
        </p>
      ) : null}
      {a.description ? <p className="t-prose">{a.description}</p> : null}

      <h2>About this test</h2>
      <dl className="t-facts">
        <dt>Questions</dt>
        <dd>
          {a.question_count} ({a.total_points} points)
        </dd>
        <dt>Time</dt>
        <dd>
          {a.effective_duration_minutes !== null
            ? `${describeDuration(a.effective_duration_minutes * 60)} in total`
            : 'No overall limit'}
          {a.extra_time_percent > 0
            ? ` (includes ${a.extra_time_percent}% extra time for you)`
            : null}
        </dd>
        {limited.length > 0 ? (
          <>
            <dt>Per question</dt>
            <dd>
              <ol className="t-limits">
                {limits.map((s, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: positions are the identity here
                  <li key={i}>
                    {s === null
                      ? 'no own limit'
                      : describeDuration(Math.round(s * (1 + a.extra_time_percent / 100)))}
                  </li>
                ))}
              </ol>
            </dd>
          </>
        ) : null}
        {a.sections.length > 0 ? (
          <>
            <dt>Sections</dt>
            <dd>{a.sections.join(', ')}</dd>
          </>
        ) : null}
        <dt>Attempts</dt>
        <dd>
          {a.attempts_used} of {a.max_attempts} used
        </dd>
      </dl>

      <h2>Before you start</h2>
      <ul className="t-rules">
        <li>
          The clock runs on our server. It starts when you press “Start test” and keeps running if
          you close the tab, reload or lose your connection.
        </li>
        {sequential ? (
          <li>
            Questions come one at a time. Once you submit an answer you cannot go back to it.
            {limited.length > 0
              ? ' A question’s own time limit starts when it appears, right after the previous answer.'
              : null}
          </li>
        ) : (
          <li>
            You may answer the questions in any order. A submitted answer is final.
            {limited.length > 0
              ? ' A question with its own time limit shows its content when you open it: its time starts then, once, and keeps running if you move to another question.'
              : null}
          </li>
        )}
        <li>
          Your answer is saved automatically as you type, also while you are offline; it is sent as
          soon as the connection is back.
        </li>
        <li>
          When the timer reaches 00:00, your current answer is submitted automatically, as it
          stands, and the next question opens.
        </li>
        <li>
          Keep the test open in one tab. You can continue on another device with this same link.
        </li>
        <li>Leaving the tab, leaving full screen and pasting are recorded for the reviewer.</li>
      </ul>

      {start.isError ? <ErrorNote error={start.error} /> : null}
      <div className="row t-actions">
        <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start test'}
        </button>
        <span className="muted">Already started? The same button takes you back to it.</span>
      </div>
    </article>
  )
}
