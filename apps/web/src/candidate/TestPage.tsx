import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { useCandidateAuth } from '../auth/store.ts'
import { describeError, ErrorNote, Loading } from '../ui/states.tsx'
import { ActiveTest, type Synced } from './ActiveTest.tsx'
import { candidateApi, isApiError } from './api.ts'
import { useRemaining } from './Countdown.tsx'
import { anchorFrom, describeRemaining, formatClock } from './countdown.ts'
import { freshStarts, leaseStore, useCandidateMemory } from './memory.ts'

/** /test/:sessionId — resume exactly where the server says, then the test itself. */
export function TestPage() {
  const { sessionId = '' } = useParams()
  const token = useCandidateAuth((s) => s.bySession[sessionId])
  if (!token)
    return (
      <main className="page narrow t-page">
        <h1>Open your invitation link</h1>
        <p>
          This test is not open on this device yet. Open the invitation link from your email on this
          device to continue; your progress is kept on our server.
        </p>
      </main>
    )
  return <TestBoot key={sessionId} sessionId={sessionId} token={token} />
}

type Boot =
  | { phase: 'loading' }
  | { phase: 'error'; error: unknown }
  | { phase: 'welcome'; synced: Synced; lease: string | null; conflict: boolean }
  | { phase: 'running'; synced: Synced; lease: string | null }

function TestBoot({ sessionId, token }: { sessionId: string; token: string }) {
  const navigate = useNavigate()
  const memory = useCandidateMemory()
  const [boot, setBoot] = useState<Boot>(() => {
    // Just started from the invitation page: straight to the first question.
    const fresh = freshStarts.get(sessionId)
    return fresh
      ? { phase: 'running', synced: fresh, lease: fresh.state.lease_id ?? null }
      : { phase: 'loading' }
  })
  useEffect(() => {
    freshStarts.delete(sessionId)
  }, [sessionId])

  const done = useCallback(
    () => navigate(`/test/${sessionId}/done`, { replace: true }),
    [navigate, sessionId],
  )

  /** Every reload lands here: ask the server where the test stands and who holds it. */
  const resolve = useCallback(async () => {
    setBoot({ phase: 'loading' })
    try {
      const at = performance.now()
      const { active_session: active } = await candidateApi.active(
        token,
        false,
        leaseStore.get(sessionId),
      )
      if (!active || active.session.id !== sessionId) {
        const state = await candidateApi.read(token, sessionId)
        if (state.session.status !== 'active') return done()
        throw new Error('unexpected: this session is active but not the candidate’s active one')
      }
      const synced = { state: active, at }
      // A lease back (this tab's own after a reload, or a free one): resume; none: held elsewhere.
      if (active.lease_id) {
        leaseStore.set(sessionId, active.lease_id)
        return setBoot({ phase: 'welcome', synced, lease: active.lease_id, conflict: false })
      }
      leaseStore.set(sessionId, null)
      setBoot({ phase: 'welcome', synced, lease: null, conflict: true })
    } catch (error) {
      setBoot({ phase: 'error', error })
    }
  }, [done, sessionId, token])

  const resolving = useRef(false)
  useEffect(() => {
    if (boot.phase !== 'loading' || resolving.current) return
    resolving.current = true
    void resolve().finally(() => {
      resolving.current = false
    })
  }, [boot.phase, resolve])

  // Offline at load: try again as soon as the network is back.
  useEffect(() => {
    if (boot.phase !== 'error') return
    const retry = () => void resolve()
    window.addEventListener('online', retry)
    return () => window.removeEventListener('online', retry)
  }, [boot.phase, resolve])

  const assessmentId =
    boot.phase === 'welcome' || boot.phase === 'running'
      ? boot.synced.state.session.assessment_id
      : memory.sessionAssessment[sessionId]
  const facts = assessmentId ? memory.assessments[assessmentId] : undefined
  const title = facts?.title ?? 'Your test'

  if (boot.phase === 'running')
    return (
      <ActiveTest
        sessionId={sessionId}
        token={token}
        initial={boot.synced}
        lease={boot.lease}
        title={title}
        extraTimePercent={facts?.extra_time_percent ?? 0}
        preview={facts?.preview === true}
      />
    )

  return (
    <main className="page narrow t-page">
      {boot.phase === 'loading' ? <Loading label="Opening your test…" /> : null}
      {boot.phase === 'error' ? (
        <>
          <h1>{title}</h1>
          <ErrorNote error={boot.error} onRetry={() => void resolve()} />
          {isApiError(boot.error, 'session_not_found') ||
          (isApiError(boot.error) && boot.error.status === 401) ? (
            <p>Open the invitation link from your email again.</p>
          ) : null}
        </>
      ) : null}
      {boot.phase === 'welcome' ? (
        <>
          <h1 className="t-behind">{title}</h1>
          <WelcomeBack
            title={title}
            synced={boot.synced}
            conflict={boot.conflict}
            token={token}
            onReady={(synced, lease) => setBoot({ phase: 'running', synced, lease })}
            lease={boot.lease}
            onEnded={done}
          />
        </>
      ) : null}
    </main>
  )
}

/** Shown on every reload of a test in progress: where you are, how long is left, go on. */
function WelcomeBack(props: {
  title: string
  synced: Synced
  conflict: boolean
  lease: string | null
  token: string
  onReady(synced: Synced, lease: string): void
  onEnded(): void
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [conflict, setConflict] = useState(props.conflict)
  const continueHere = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (conflict) continueHere.current?.focus()
  }, [conflict])
  const [synced, setSynced] = useState(props.synced)
  const anchor = useMemo(() => anchorFrom(synced.state, synced.at), [synced])
  const ms = useRemaining(anchor)
  const s = synced.state.session

  useEffect(() => {
    const d = dialog.current
    if (d && !d.open) d.showModal()
    return () => d?.close()
  }, [])

  const claim = async (takeover: boolean) => {
    setBusy(true)
    setMessage(null)
    const at = performance.now()
    try {
      const { active_session: active } = await candidateApi.active(props.token, takeover)
      if (!active) return props.onEnded()
      if (active.lease_id) {
        leaseStore.set(active.session.id, active.lease_id)
        return props.onReady({ state: active, at }, active.lease_id)
      }
      setSynced({ state: active, at })
      setConflict(true)
      setMessage(
        'The test is still open on another device or tab. Close it there, or choose “Continue here” to move it to this one.',
      )
    } catch (e) {
      setMessage(describeError(e))
    } finally {
      setBusy(false)
    }
  }

  const resume = () => {
    if (!conflict && props.lease) return props.onReady(synced, props.lease)
    void claim(false)
  }

  return (
    <dialog
      ref={dialog}
      className="t-dialog"
      aria-labelledby="t-welcome-title"
      aria-describedby="t-welcome-where"
      onCancel={(e) => e.preventDefault()}
    >
      <h2 id="t-welcome-title">Welcome back</h2>
      <div id="t-welcome-where">
        <p className="t-dialog-title">
          <strong>{props.title}</strong>
        </p>
        <p>
          Question {Math.min(s.current_question_index + 1, s.total_questions)} of{' '}
          {s.total_questions}
        </p>
        <p>
          {ms === null ? (
            'No time limit.'
          ) : (
            <>
              Time left: <span className="t-dialog-time">{formatClock(ms)}</span>{' '}
              <span className="t-sr">({describeRemaining(ms)})</span>
            </>
          )}
        </p>
        <p className="muted">The clock kept running on our server while you were away.</p>
      </div>
      {conflict ? (
        <p className="warning">
          This test is open on another device or tab, so it cannot resume here as it is. “Continue
          here” moves it to this one: the other stops saving, and what it saved is kept.
        </p>
      ) : null}
      {message ? (
        <p className="error" role="alert">
          {message}
        </p>
      ) : null}
      <div className="row t-dialog-actions">
        {conflict ? (
          <>
            {/* Resume cannot work while the other tab holds the test: this is the way on. */}
            <button
              ref={continueHere}
              type="button"
              onClick={() => void claim(true)}
              disabled={busy}
            >
              Continue here
            </button>
            <button type="button" className="secondary" onClick={resume} disabled={busy}>
              Try again
            </button>
          </>
        ) : (
          // biome-ignore lint/a11y/noAutofocus: the dialog's one expected action
          <button type="button" onClick={resume} disabled={busy} autoFocus>
            Resume
          </button>
        )}
      </div>
    </dialog>
  )
}
