import type {
  AnswerPayload,
  CandidateQuestionView,
  ProgressResponse,
  SessionState,
} from '@assess/core'
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { useNavigate } from 'react-router'
import { ApiError } from '../api/client.ts'
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx'
import { describeError } from '../ui/states.tsx'
import { isEmptyAnswer } from './answers.ts'
import {
  type Auth,
  candidateApi,
  isApiError,
  type SubmitResponse,
  sendAbandonBeacon,
} from './api.ts'
import { Countdown, TimeWarning } from './Countdown.tsx'
import { formatClock } from './countdown.ts'
import { DraftConflictNotice } from './DraftConflictNotice.tsx'
import { leaseStore } from './memory.ts'
import { OpenQuestion } from './OpenQuestion.tsx'
import {
  OfflineQueue,
  type QueueItem,
  queueKey,
  type StorageLike,
  syncLabel,
} from './offline-queue.ts'
import { PausedNotice } from './PausedNotice.tsx'
import { QuestionView } from './QuestionView.tsx'
import { sectionsCompletedAfter } from './sections.ts'
import { useDrafts } from './test/useDrafts.ts'
import { useHeartbeat } from './test/useHeartbeat.ts'
import { useTestClock } from './test/useTestClock.ts'
import { useIntegrity } from './useIntegrity.ts'

const ACTIVITY_EVERY_MS = 15_000
/**
 * How often the page re-reads the session for a recruiter's change (pause, resume, more time,
 * cancel), so the candidate sees it within 5 s. The read is one prepared statement.
 */
const PROCTOR_POLL_MS = 4_000
/** After a window closed the server needs its grace to finalize; ask again after this. */
const RECHECK_MS = 3_000

type Sent =
  | { kind: 'submit'; response: SubmitResponse; at: number }
  | { kind: 'draft'; response: ProgressResponse; base: number | undefined }
  | { kind: 'saved' }

type Lost = 'revoked' | 'locked' | 'signin'

export interface Synced {
  state: SessionState
  /** performance.now() when the request that brought `state` was sent. */
  at: number
}

const safeStorage = (): StorageLike | null => {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

/** The test in progress: one question at a time, the server's clock, drafts, the outbox. */
export function ActiveTest(props: {
  sessionId: string
  token: string
  initial: Synced
  lease: string | null
  title: string
  extraTimePercent: number
}) {
  const { sessionId, token } = props
  const navigate = useNavigate()
  const [synced, setSynced] = useState(props.initial)
  const { state } = synced
  const leaseRef = useRef(props.lease)
  const [lost, setLost] = useState<Lost | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [online, setOnline] = useState(() => navigator.onLine)
  const [refreshes, setRefreshes] = useState(0)
  const auth = useMemo<Auth>(() => ({ token, lease: () => leaseRef.current }), [token])
  const unloading = useRef(false)
  const finished = useRef(false)

  // --- applying what the server said ---------------------------------------------------------

  const finish = useCallback(() => {
    if (finished.current) return
    finished.current = true
    leaseStore.set(sessionId, null)
    navigate(`/test/${sessionId}/done`, { replace: true })
  }, [navigate, sessionId])

  // Bumped by every applied state: a response to a call sent before the last change (a read or
  // heartbeat racing a submit) is stale and must not bring back the previous question's clock.
  const version = useRef(0)
  const apply = useCallback(
    (next: SessionState, at: number) => {
      version.current++
      if (next.session.status !== 'active' && next.session.status !== 'paused') return finish()
      if (next.lease_id) {
        leaseRef.current = next.lease_id
        leaseStore.set(sessionId, next.lease_id)
      }
      setSynced({ state: next, at })
    },
    [finish, sessionId],
  )

  /** Re-read the state (no lease needed): after a refusal, a closed window, a drift. */
  const refresh = useCallback(async () => {
    const at = performance.now()
    const sentAt = version.current
    try {
      const next = await candidateApi.read(token, sessionId)
      if (version.current === sentAt) apply(next, at)
    } catch (e) {
      if (!(e instanceof ApiError && e.offline)) setNotice(describeError(e))
    } finally {
      setRefreshes((n) => n + 1)
    }
  }, [apply, sessionId, token])

  /** What a failed side call (heartbeat, activity, events, run) means for the page. */
  const onCallError = useCallback(
    (e: unknown) => {
      if (isApiError(e, 'lease_revoked')) setLost('revoked')
      else if (isApiError(e, 'session_locked')) setLost('locked')
      else if (e instanceof ApiError && e.status === 401) setLost('signin')
      else if (isApiError(e, 'session_not_active') || isApiError(e, 'session_paused'))
        void refresh()
    },
    [refresh],
  )

  // --- the outbox ----------------------------------------------------------------------------

  const handlers = useRef({
    send: async (_item: QueueItem): Promise<Sent> => ({ kind: 'saved' }),
    sent: (_item: QueueItem, _r: Sent) => {},
    dropped: (_item: QueueItem, _e: unknown) => {},
    blocked: (_item: QueueItem, _e: unknown) => {},
  })
  handlers.current = {
    async send(item) {
      if (item.kind === 'submit') {
        const at = performance.now()
        const response = await candidateApi.submit(auth, sessionId, {
          question_id: item.questionId,
          answer: item.answer as AnswerPayload,
          ...(item.timeExpired && { time_expired: true }),
          client_submitted_at: item.clientSubmittedAt,
        })
        return { kind: 'submit', response, at }
      }
      if (item.kind === 'draft') {
        const base = drafts.baseFor(item.questionId, item.base)
        const body = {
          pending_answers: { [item.questionId]: item.answer as AnswerPayload },
          ...(base !== undefined && { draft_bases: { [item.questionId]: base } }),
        }
        const response = await candidateApi.progress(auth, sessionId, body, unloading.current)
        return { kind: 'draft', response, base }
      }
      const body = { flagged_question_ids: item.flagged }
      await candidateApi.progress(auth, sessionId, body, unloading.current)
      return { kind: 'saved' }
    },
    sent(item, r) {
      if (r.kind === 'draft') return drafts.saved(r.response, r.base)
      if (r.kind !== 'submit') return
      if (item.kind === 'submit' && item.timeExpired)
        setNotice('Time was up, so your answer was submitted as it stood.')
      const sections = sectionsCompletedAfter(syncedRef.current.state, r.response)
      apply(r.response, r.at)
      // Section progress is informational (the recruiter's live view): best effort.
      if (sections && r.response.session.status === 'active')
        void candidateApi
          .progress(auth, sessionId, { sections_completed: sections }, false)
          .catch(() => {})
    },
    dropped(item, e) {
      if (isApiError(e, 'session_not_active')) return void refresh()
      if (item.kind === 'submit') {
        setNotice(describeError(e))
        return void refresh()
      }
      setNotice(`A draft could not be saved: ${describeError(e)}`)
    },
    blocked(_item, e) {
      onCallError(e)
    },
  }

  const [queue] = useState(
    () =>
      new OfflineQueue<Sent>({
        storage: safeStorage(),
        key: queueKey(sessionId),
        paused: true,
        send: (item) => handlers.current.send(item),
        onSent: (item, r) => handlers.current.sent(item, r),
        onDropped: (item, e) => handlers.current.dropped(item, e),
        onBlocked: (item, e) => handlers.current.blocked(item, e),
      }),
  )
  const outbox = useSyncExternalStore(queue.subscribe, queue.getSnapshot)

  useEffect(() => {
    if (navigator.onLine) queue.resume()
    else {
      queue.resume()
      queue.markOffline()
    }
    return () => queue.pause()
  }, [queue])

  // --- which question is on screen -------------------------------------------------------------

  const free = state.session.navigation === 'free'
  const [viewId, setViewId] = useState<string | null>(null)
  const viewed: CandidateQuestionView | null = useMemo(() => {
    if (!free || !state.questions) return state.question
    const pick = state.questions.find((q) => q.id === viewId && !q.answered)
    return pick ?? state.question
  }, [free, state.questions, state.question, viewId])

  // --- opening questions (free navigation) -----------------------------------------------------

  // A question not opened yet has no window of its own; a timed one comes without its content.
  const listed = free ? state.questions?.find((q) => q.id === viewed?.id) : undefined
  const unopened = listed !== undefined && !listed.opened && !listed.answered
  const [opening, setOpening] = useState(false)
  const open = useCallback(
    async (questionId: string) => {
      const at = performance.now()
      setOpening(true)
      try {
        apply(await candidateApi.open(auth, sessionId, questionId), at)
      } catch (e) {
        onCallError(e)
        if (!(e instanceof ApiError && e.offline)) setNotice(describeError(e))
      } finally {
        setOpening(false)
      }
    },
    [apply, auth, sessionId, onCallError],
  )
  // An untimed question has nothing to withhold: opening it only records when it was reached.
  const openUntimed = unopened && listed.time_limit_seconds === null ? listed.id : null
  useEffect(() => {
    if (openUntimed && lost === null && state.session.status === 'active') void open(openUntimed)
  }, [openUntimed, open, lost, state.session.status])

  // --- drafts and flags ----------------------------------------------------------------------

  const drafts = useDrafts(queue, state.progress)
  const { answerFor, saveNow, unsaved, conflicts, forget: forgetDraft } = drafts
  const [flags, setFlags] = useState<string[]>(() => {
    const queued = queue.getSnapshot().items.findLast((i) => i.kind === 'flags')
    return queued?.kind === 'flags' ? queued.flagged : state.progress.flagged_question_ids
  })

  const lastActivity = useRef(0)
  const touch = () => {
    const now = performance.now()
    if (now - lastActivity.current < ACTIVITY_EVERY_MS) return
    lastActivity.current = now
    candidateApi.activity(auth, sessionId).catch(onCallError)
  }

  const locked = lost !== null
  const submitQueued = (q: CandidateQuestionView | null) =>
    q ? outbox.items.some((i) => i.kind === 'submit' && i.questionId === q.id) : false

  const change = (q: CandidateQuestionView, answer: AnswerPayload) => {
    if (locked || submitQueued(q)) return
    drafts.edit(q.id, answer)
    touch()
  }

  const toggleFlag = (q: CandidateQuestionView) => {
    const next = flags.includes(q.id) ? flags.filter((id) => id !== q.id) : [...flags, q.id]
    setFlags(next)
    queue.enqueueFlags(next)
    touch()
  }

  const submit = useCallback(
    (q: CandidateQuestionView, timeExpired: boolean) => {
      forgetDraft(q.id)
      setNotice(null)
      queue.enqueueSubmit(q.id, answerFor(q), timeExpired)
    },
    [answerFor, forgetDraft, queue],
  )

  // An empty answer, or the last one (it finishes the test), is submitted only once confirmed.
  const [confirming, setConfirming] = useState<{
    question: CandidateQuestionView
    empty: boolean
    last: boolean
  } | null>(null)
  const askToSubmit = (q: CandidateQuestionView) => {
    const empty = isEmptyAnswer(q, answerFor(q))
    const last = state.session.answered_count + 1 >= state.session.total_questions
    if (!empty && !last) return submit(q, false)
    setConfirming({ question: q, empty, last })
  }

  // --- the clock -----------------------------------------------------------------------------

  const paused = state.session.status === 'paused'
  const { ms, questionMs, sessionMs } = useTestClock({
    state,
    syncedAt: synced.at,
    viewed,
  })

  // A question is "live" once it was on screen with time left: only then does zero submit it.
  const live = useRef(new Set<string>())
  const autoSubmitted = useRef(new Set<string>())
  useEffect(() => {
    // An unopened question is not on screen (its content never came): the session's end, not
    // this page, finalizes it.
    if (viewed && ms !== null && ms > 0 && !unopened) live.current.add(viewed.id)
  }, [viewed, ms, unopened])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refreshes` re-arms the recheck
  useEffect(() => {
    if (ms !== 0 || !viewed || locked) return
    if (
      live.current.has(viewed.id) &&
      !autoSubmitted.current.has(viewed.id) &&
      !submitQueued(viewed)
    ) {
      autoSubmitted.current.add(viewed.id)
      saveNow()
      submit(viewed, true)
      return
    }
    // Arrived with no time left, or the submit was refused: the server's catch-up decides.
    const id = setTimeout(() => void refresh(), RECHECK_MS)
    return () => clearTimeout(id)
  }, [ms, viewed, locked, refreshes])

  // --- heartbeat -----------------------------------------------------------------------------

  const syncedRef = useRef(synced)
  syncedRef.current = synced
  const stopped = useCallback(() => lost !== null || finished.current, [lost])
  const heartbeat = useHeartbeat({
    auth,
    sessionId,
    synced: syncedRef,
    setSynced,
    stopped,
    refresh,
    onCallError,
  })

  // A recruiter may pause, resume, extend or cancel at any moment: re-read to find out.
  useEffect(() => {
    if (lost) return
    const id = setInterval(() => {
      if (document.visibilityState === 'visible' || paused) void refresh()
    }, PROCTOR_POLL_MS)
    return () => clearInterval(id)
  }, [lost, paused, refresh])

  // Back from a pause: what waited in the outbox (held by the 409s) goes out now.
  const wasPaused = useRef(paused)
  useEffect(() => {
    if (wasPaused.current && !paused && !lost) queue.resume()
    wasPaused.current = paused
  }, [paused, lost, queue])

  // --- integrity, network, leaving -----------------------------------------------------------

  const viewedRef = useRef(viewed)
  viewedRef.current = viewed
  const integrity = useIntegrity({
    enabled: !lost,
    questionId: () => viewedRef.current?.id ?? null,
    send: (events, keepalive) => candidateApi.events(auth, sessionId, events, keepalive),
    onError: onCallError,
  })

  useEffect(() => {
    const onOffline = () => {
      setOnline(false)
      queue.markOffline()
    }
    const onOnline = () => {
      setOnline(true)
      queue.resume()
      void heartbeat()
    }
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') saveNow()
      else void heartbeat() // timers sleep in background tabs: re-sync the clock
    }
    const onPageHide = () => {
      unloading.current = true
      saveNow()
      void integrity.flush(true)
      if (!finished.current) sendAbandonBeacon(sessionId, token, leaseRef.current)
    }
    const onPageShow = () => {
      unloading.current = false
    }
    window.addEventListener('offline', onOffline)
    window.addEventListener('online', onOnline)
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('pagehide', onPageHide)
    window.addEventListener('pageshow', onPageShow)
    return () => {
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('pageshow', onPageShow)
    }
  }, [queue, heartbeat, saveNow, integrity, sessionId, token])

  // --- taking the test back ------------------------------------------------------------------

  const [takingOver, setTakingOver] = useState(false)
  const takeOver = async () => {
    setTakingOver(true)
    const at = performance.now()
    try {
      const { active_session: active } = await candidateApi.active(token, true)
      if (!active) return void refresh()
      setLost(null)
      setNotice(null)
      apply(active, at)
      queue.resume()
    } catch (e) {
      setNotice(describeError(e))
    } finally {
      setTakingOver(false)
    }
  }

  // --- focus: the new question's heading -----------------------------------------------------

  const heading = useRef<HTMLHeadingElement>(null)
  const viewedId = viewed?.id
  useEffect(() => {
    if (viewedId) heading.current?.focus()
  }, [viewedId])

  useEffect(() => {
    document.title = `${viewed ? `Question ${viewed.index + 1} · ` : ''}${props.title}`
  }, [viewed, props.title])

  const [fullscreen, setFullscreen] = useState(() => Boolean(document.fullscreenElement))
  useEffect(() => {
    const onChange = () => setFullscreen(Boolean(document.fullscreenElement))
    document.addEventListener('fullscreenchange', onChange)
    return () => document.removeEventListener('fullscreenchange', onChange)
  }, [])
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {})
    else void document.documentElement.requestFullscreen?.().catch(() => {})
  }

  // --- render --------------------------------------------------------------------------------

  const total = state.session.total_questions
  const queuedHere = viewed ? submitQueued(viewed) : false
  const stuck = outbox.status === 'offline' || outbox.status === 'retrying' || !online
  // Which questions wait for the candidate's choice (in free navigation it may be another one).
  const conflictNumbers = Object.keys(conflicts)
    .map((id) => state.questions?.find((q) => q.id === id) ?? (viewed?.id === id ? viewed : null))
    .flatMap((q) => (q ? [q.index + 1] : []))
  const conflicted = Object.keys(conflicts).length > 0
  const label = conflicted
    ? `Not saved: choose a version${conflictNumbers.length > 0 ? ` (question ${conflictNumbers.join(', ')})` : ''}`
    : syncLabel(outbox, { online, unsaved })

  return (
    <main className="t-test">
      <header className="t-bar">
        <div className="t-bar-inner">
          <div className="t-bar-title">
            <h1 className="t-title">{props.title}</h1>
            <span className="muted t-progress">
              {state.session.answered_count} of {total} answered
            </span>
          </div>
          <Countdown ms={ms} />
          {questionMs !== null && sessionMs !== null && viewed?.time_limit_seconds != null ? (
            // Both limits, always in sight: the big clock is the one that ends first.
            <p className="t-clocks muted">
              This question{' '}
              <span role="timer" aria-label="This question's clock">
                {formatClock(questionMs)}
              </span>{' '}
              · Whole test{' '}
              <span role="timer" aria-label="The whole test's clock">
                {formatClock(sessionMs)}
              </span>
            </p>
          ) : null}
          <p
            role="status"
            className={`t-sync${stuck || lost || conflicted ? ' t-sync-off' : label === 'Saved' ? '' : ' t-sync-busy'}`}
          >
            {label}
          </p>
          {document.fullscreenEnabled ? (
            <button type="button" className="link t-fs" onClick={toggleFullscreen}>
              {fullscreen ? 'Exit full screen' : 'Full screen'}
            </button>
          ) : null}
        </div>
        {lost ? (
          <div className="error t-lost" role="alert">
            <p>
              {lost === 'signin'
                ? 'Your sign-in has expired. Open your invitation link again to continue; your work on this device is kept.'
                : lost === 'revoked'
                  ? 'This test was continued on another device or tab. Your unsent work is kept on this device.'
                  : 'This test is open on another device or tab.'}
            </p>
            {lost !== 'signin' ? (
              <button type="button" onClick={() => void takeOver()} disabled={takingOver}>
                Continue here
              </button>
            ) : null}
          </div>
        ) : null}
      </header>

      <div className={`page narrow t-body${viewed?.type === 'code' ? ' t-body-wide' : ''}`}>
        <TimeWarning ms={ms} />
        {notice ? (
          <div className="t-notice" role="alert">
            <p>{notice}</p>
            <button type="button" className="link" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </div>
        ) : null}

        {free && state.questions ? (
          <nav aria-label="Questions" className="t-qnav">
            <ol>
              {state.questions.map((q) => (
                <li key={q.id}>
                  <button
                    type="button"
                    className={`secondary${viewed?.id === q.id ? ' t-current' : ''}`}
                    aria-current={viewed?.id === q.id ? 'step' : undefined}
                    disabled={q.answered}
                    onClick={() => {
                      saveNow()
                      setViewId(q.id)
                    }}
                  >
                    Question {q.index + 1}
                    {q.answered ? ' (answered)' : flags.includes(q.id) ? ' (flagged)' : ''}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}

        {viewed && conflicts[viewed.id] && !paused ? (
          <DraftConflictNotice
            question={viewed}
            mine={answerFor(viewed)}
            newer={conflicts[viewed.id]?.answer}
            onKeep={(keep) => drafts.resolveConflict(viewed, keep)}
          />
        ) : null}
        {paused ? (
          <PausedNotice reason={state.session.pause_reason} />
        ) : viewed && unopened && viewed.time_limit_seconds !== null ? (
          <OpenQuestion
            key={viewed.id}
            question={viewed}
            total={total}
            limitSeconds={Math.round(
              viewed.time_limit_seconds * (1 + props.extraTimePercent / 100),
            )}
            opening={opening}
            disabled={locked}
            headingRef={heading}
            onOpen={() => void open(viewed.id)}
          />
        ) : viewed ? (
          <QuestionView
            key={`${viewed.id}:${drafts.epoch}`}
            question={viewed}
            total={total}
            answer={answerFor(viewed)}
            locked={locked || queuedHere}
            flagged={flags.includes(viewed.id)}
            submitQueued={!queuedHere ? 'no' : stuck ? 'waiting' : 'sending'}
            headingRef={heading}
            onChange={(a) => change(viewed, a)}
            onToggleFlag={() => toggleFlag(viewed)}
            onSubmit={() => askToSubmit(viewed)}
            runSamples={(code, language, custom) =>
              candidateApi
                .run(auth, sessionId, {
                  question_id: viewed.id,
                  code,
                  language,
                  ...(custom && { custom_input: custom }),
                })
                .catch((e) => {
                  onCallError(e)
                  throw e
                })
            }
          />
        ) : (
          <p className="muted">Finishing your test…</p>
        )}
      </div>
      <ConfirmDialog
        open={confirming !== null}
        title={confirming?.empty ? 'Submit an empty answer?' : 'Submit your last answer?'}
        confirmLabel={confirming?.last ? 'Submit and finish' : 'Submit anyway'}
        cancelLabel="Keep answering"
        onConfirm={() => {
          if (confirming) submit(confirming.question, false)
          setConfirming(null)
        }}
        onCancel={() => setConfirming(null)}
      >
        {confirming?.empty ? (
          <p>
            Question {confirming.question.index + 1} has no answer yet. A submitted answer is final:
            you cannot come back to it.
          </p>
        ) : null}
        {confirming?.last ? (
          <p>
            This is the last question without an answer: submitting it finishes your test, and no
            answer can change afterwards.
          </p>
        ) : null}
      </ConfirmDialog>
    </main>
  )
}
