import type { AnswerPayload, CandidateQuestionView, ProgressResponse } from '@assess/core'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { describeError } from '../ui/states.tsx'
import { isEmptyAnswer } from './answers.ts'
import { candidateApi, isApiError, type SubmitResponse } from './api.ts'
import { TimeWarning } from './Countdown.tsx'
import { DraftConflictNotice } from './DraftConflictNotice.tsx'
import { OpenQuestion } from './OpenQuestion.tsx'
import { syncLabel } from './offline-queue.ts'
import { PausedNotice } from './PausedNotice.tsx'
import { QuestionNav } from './QuestionNav.tsx'
import { QuestionView } from './QuestionView.tsx'
import { type PendingSubmit, SubmitConfirm } from './SubmitConfirm.tsx'
import { sectionsCompletedAfter } from './sections.ts'
import { TestBar } from './TestBar.tsx'
import { useAutoSubmit } from './test/useAutoSubmit.ts'
import { useDrafts } from './test/useDrafts.ts'
import { useFullscreen } from './test/useFullscreen.ts'
import { useHeartbeat } from './test/useHeartbeat.ts'
import { useOpenQuestion } from './test/useOpenQuestion.ts'
import { type OutboxHandlers, useOutbox } from './test/useOutbox.ts'
import { usePageLifecycle } from './test/usePageLifecycle.ts'
import { type Synced, useSessionSync } from './test/useSessionSync.ts'
import { useTakeover } from './test/useTakeover.ts'
import { useTestClock } from './test/useTestClock.ts'
import { useIntegrity } from './useIntegrity.ts'

export type { Synced }

const ACTIVITY_EVERY_MS = 15_000

type Sent =
  | { kind: 'submit'; response: SubmitResponse; at: number }
  | { kind: 'draft'; response: ProgressResponse; base: number | undefined }
  | { kind: 'saved' }

/**
 * The test in progress: the question on screen, its answer and clocks. Each concern is a hook
 * of its own (test/): the server's state, the outbox, drafts, the clocks and what zero does,
 * liveness, the page's life, taking the test back.
 */
export function ActiveTest(props: {
  sessionId: string
  token: string
  initial: Synced
  lease: string | null
  title: string
  extraTimePercent: number
  /** A staff member's own try: said in the bar, so nobody mistakes it for a real attempt. */
  preview?: boolean
}) {
  const { sessionId, token } = props
  const sync = useSessionSync(props)
  const { synced, syncedRef, auth, apply, refresh, onCallError, lost, notice, setNotice } = sync
  const { state } = synced
  const paused = state.session.status === 'paused'

  // --- the outbox ----------------------------------------------------------------------------

  const handlers: OutboxHandlers<Sent> = {
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
  const { queue, outbox } = useOutbox({ sessionId, handlers, paused, held: lost !== null })

  // --- which question is on screen -------------------------------------------------------------

  const free = state.session.navigation === 'free'
  const [viewId, setViewId] = useState<string | null>(null)
  const viewed: CandidateQuestionView | null = useMemo(() => {
    if (!free || !state.questions) return state.question
    const pick = state.questions.find((q) => q.id === viewId && !q.answered)
    return pick ?? state.question
  }, [free, state.questions, state.question, viewId])

  const opener = useOpenQuestion({
    auth,
    sessionId,
    state,
    viewed,
    held: lost !== null || state.session.status !== 'active',
    apply,
    version: sync.version,
    refresh,
    onCallError,
    setNotice,
  })
  const { unopened } = opener

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
    [answerFor, forgetDraft, queue, setNotice],
  )

  // An empty answer, or the last one (it finishes the test), is submitted only once confirmed.
  const [confirming, setConfirming] = useState<PendingSubmit | null>(null)
  const askToSubmit = (q: CandidateQuestionView) => {
    const empty = isEmptyAnswer(q, answerFor(q))
    const last = state.session.answered_count + 1 >= state.session.total_questions
    if (!empty && !last) return submit(q, false)
    setConfirming({ question: q, empty, last })
  }

  // --- the clocks, and zero -----------------------------------------------------------------

  const { ms, questionMs, sessionMs } = useTestClock({ state, syncedAt: synced.at, viewed })
  useAutoSubmit({
    ms,
    viewed,
    unopened,
    held: locked,
    isQueued: submitQueued,
    submitExpired: (q) => {
      saveNow()
      submit(q, true)
    },
    refresh,
    refreshes: sync.refreshes,
  })

  // --- liveness, integrity, the page's life ------------------------------------------------

  const stopped = useCallback(() => lost !== null || sync.finished.current, [lost, sync.finished])
  const heartbeat = useHeartbeat({
    auth,
    sessionId,
    synced: syncedRef,
    setSynced: sync.setSynced,
    stopped,
    refresh,
    onCallError,
  })

  const viewedRef = useRef(viewed)
  viewedRef.current = viewed
  const integrity = useIntegrity({
    enabled: !lost,
    questionId: () => viewedRef.current?.id ?? null,
    send: (events, keepalive) => candidateApi.events(auth, sessionId, events, keepalive),
    onError: onCallError,
  })

  const { online, unloading } = usePageLifecycle({
    sessionId,
    token,
    queue,
    leaseRef: sync.leaseRef,
    finished: sync.finished,
    heartbeat,
    saveNow,
    flushIntegrity: integrity.flush,
  })

  const { takeOver, takingOver } = useTakeover({
    token,
    apply,
    refresh,
    setNotice,
    onTaken: () => {
      sync.setLost(null)
      queue.resume()
    },
  })

  // --- focus: the new question's heading -----------------------------------------------------

  const heading = useRef<HTMLHeadingElement>(null)
  const viewedId = viewed?.id
  useEffect(() => {
    if (viewedId) heading.current?.focus()
  }, [viewedId])

  useEffect(() => {
    document.title = `${viewed ? `Question ${viewed.index + 1} · ` : ''}${props.title}`
  }, [viewed, props.title])

  const fs = useFullscreen()

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
      <TestBar
        title={props.title}
        preview={props.preview === true}
        answered={state.session.answered_count}
        total={total}
        ms={ms}
        clocks={
          questionMs !== null && sessionMs !== null && viewed?.time_limit_seconds != null
            ? { questionMs, sessionMs }
            : null
        }
        saveLabel={label}
        saveTone={stuck || lost || conflicted ? 'off' : label === 'Saved' ? 'ok' : 'busy'}
        fullscreen={{ available: fs.available, on: fs.fullscreen, toggle: fs.toggle }}
        lost={lost}
        takingOver={takingOver}
        onTakeOver={() => void takeOver()}
      />

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
          <QuestionNav
            questions={state.questions}
            currentId={viewed?.id ?? null}
            flagged={flags}
            onGo={(id) => {
              saveNow()
              setViewId(id)
            }}
          />
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
            sessionRemainingMs={sessionMs}
            opening={opener.opening}
            disabled={locked}
            headingRef={heading}
            onOpen={() => void opener.open(viewed.id)}
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
      <SubmitConfirm
        pending={confirming}
        onConfirm={(q) => submit(q, false)}
        onCancel={() => setConfirming(null)}
      />
    </main>
  )
}
