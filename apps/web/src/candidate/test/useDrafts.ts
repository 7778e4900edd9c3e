import type {
  AnswerPayload,
  CandidateQuestionView,
  ProgressResponse,
  SessionState,
} from '@assess/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import { fitDraft, startingAnswer } from '../answers.ts'
import type { OfflineQueue } from '../offline-queue.ts'

const DRAFT_DEBOUNCE_MS = 1_000

/** A draft another tab or device saved after this tab's text was edited from an older one. */
export type DraftConflict = { revision: number; answer: unknown }

/**
 * The candidate's drafts: what is on screen per question, saved a second after the last
 * keystroke through the outbox, each save carrying the server revision its text was edited from
 * (core/session/draft-versions.ts). Drafts arrive with the state that hands this tab its lease
 * (start, resume, taking the test back): a draft another tab saved since is the one to show,
 * unless this tab has unsent text of it; then its save is refused (`draft_conflicts`) and the
 * candidate chooses (`resolveConflict`). Nothing typed and shown "Saved" is overwritten unseen.
 */
export function useDrafts<R>(queue: OfflineQueue<R>, progress: SessionState['progress']) {
  const [drafts, setDrafts] = useState<Record<string, AnswerPayload>>({})
  // The server's revision of each draft this tab's text continues: the server's, except where
  // this device still has a draft waiting in its outbox (kept across a reload), which continues
  // the revision it was edited from.
  const revisions = useRef<Map<string, number>>(
    (() => {
      const known = new Map(Object.entries(progress.draft_revisions ?? {}))
      for (const item of queue.getSnapshot().items)
        if (item.kind === 'draft' && item.base !== undefined) known.set(item.questionId, item.base)
      return known
    })(),
  )
  const [conflicts, setConflicts] = useState<Record<string, DraftConflict>>({})
  const conflictsNow = useRef(conflicts)
  conflictsNow.current = conflicts
  // Bumped when a draft on screen is replaced from outside (another tab's, chosen or adopted):
  // the editors take their text when they mount.
  const [epoch, setEpoch] = useState(0)
  // Later states leave the drafts out, so the last ones received stay in use.
  const [serverDrafts, setServerDrafts] = useState(progress.pending_answers ?? {})
  const answerFor = useCallback(
    (q: CandidateQuestionView) =>
      drafts[q.id] ?? startingAnswer(q, queue.queuedDraft(q.id), serverDrafts[q.id]),
    [drafts, queue, serverDrafts],
  )

  const timers = useRef(
    new Map<string, { timer: ReturnType<typeof setTimeout>; answer: unknown }>(),
  )
  const [unsaved, setUnsaved] = useState(0)
  const enqueue = useCallback(
    (questionId: string, answer: unknown) =>
      queue.enqueueDraft(questionId, answer, revisions.current.get(questionId) ?? 0),
    [queue],
  )
  /** The candidate changed an answer: on screen now, saved a second after the last change. */
  const edit = useCallback(
    (questionId: string, answer: AnswerPayload) => {
      setDrafts((d) => ({ ...d, [questionId]: answer }))
      const pending = timers.current.get(questionId)
      if (pending) clearTimeout(pending.timer)
      const timer = setTimeout(() => {
        timers.current.delete(questionId)
        setUnsaved(timers.current.size)
        enqueue(questionId, answer)
      }, DRAFT_DEBOUNCE_MS)
      timers.current.set(questionId, { timer, answer })
      setUnsaved(timers.current.size)
    },
    [enqueue],
  )
  /** Everything typed goes to the outbox now (leaving the page, another question, the clock). */
  const saveNow = useCallback(() => {
    for (const [questionId, { timer, answer }] of timers.current) {
      clearTimeout(timer)
      enqueue(questionId, answer)
    }
    timers.current.clear()
    setUnsaved(0)
  }, [enqueue])
  /** The question was submitted: its pending save and any conflict no longer matter. */
  const forget = useCallback((questionId: string) => {
    const pending = timers.current.get(questionId)
    if (pending) clearTimeout(pending.timer)
    timers.current.delete(questionId)
    setUnsaved(timers.current.size)
    setConflicts(({ [questionId]: _, ...rest }) => rest)
  }, [])
  useEffect(() => () => saveNow(), [saveNow])

  // This tab's own last save of each question: a draft queued before it was answered was edited
  // from the same base, and continues the revision it wrote (the server refuses any older base,
  // whoever sends it: a duplicated tab shares the lease).
  const acked = useRef(new Map<string, { from: number; to: number }>())
  /** The base a queued draft is sent with. */
  const baseFor = useCallback((questionId: string, base: number | undefined) => {
    if (base === undefined) return undefined
    const last = acked.current.get(questionId)
    return last && last.from === base ? last.to : base
  }, [])

  /** What a draft save answered: the new revisions, and the drafts refused as older. */
  const saved = useCallback((response: ProgressResponse, sentBase?: number) => {
    const written = Object.entries(response.draft_revisions ?? {})
    for (const [id, revision] of written) {
      revisions.current.set(id, revision)
      if (sentBase !== undefined) acked.current.set(id, { from: sentBase, to: revision })
    }
    const refused = response.draft_conflicts ?? {}
    setConflicts((c) => {
      // A draft saved since its conflict was chosen over: the notice has nothing left to say.
      const kept = Object.fromEntries(
        Object.entries(c).filter(([id]) => !written.some(([savedId]) => savedId === id)),
      )
      return Object.keys(refused).length > 0 || Object.keys(kept).length !== Object.keys(c).length
        ? { ...kept, ...refused }
        : c
    })
  }, [])

  const { pending_answers: latestDrafts, draft_revisions: latestRevisions } = progress
  useEffect(() => {
    if (!latestDrafts) return
    const adopted: string[] = []
    for (const [id, revision] of Object.entries(latestRevisions ?? {})) {
      if (revisions.current.get(id) === revision) continue
      // Unsent text, or text refused and waiting for the candidate's choice: kept on screen.
      if (timers.current.has(id) || queue.hasDraft(id) || conflictsNow.current[id]) continue
      revisions.current.set(id, revision)
      adopted.push(id)
    }
    setServerDrafts(latestDrafts)
    if (adopted.length === 0) return
    setDrafts((d) => Object.fromEntries(Object.entries(d).filter(([id]) => !adopted.includes(id))))
    setEpoch((n) => n + 1)
  }, [latestDrafts, latestRevisions, queue])

  /** The candidate's choice between this tab's text and the newer one another tab saved. */
  const resolveConflict = (q: CandidateQuestionView, keep: 'this' | 'newer') => {
    const conflict = conflicts[q.id]
    if (!conflict) return
    const pending = timers.current.get(q.id)
    if (pending) clearTimeout(pending.timer)
    timers.current.delete(q.id)
    setUnsaved(timers.current.size)
    const answer = keep === 'newer' ? (fitDraft(q, conflict.answer) ?? answerFor(q)) : answerFor(q)
    revisions.current.set(q.id, conflict.revision)
    if (keep === 'newer') {
      setDrafts((d) => ({ ...d, [q.id]: answer }))
      setEpoch((n) => n + 1)
    }
    // Saved from the revision chosen over: it replaces any older text still queued.
    queue.enqueueDraft(q.id, answer, conflict.revision)
    setConflicts(({ [q.id]: _, ...rest }) => rest)
  }

  return {
    answerFor,
    edit,
    saveNow,
    forget,
    baseFor,
    saved,
    unsaved,
    conflicts,
    resolveConflict,
    epoch,
  }
}
