/**
 * The candidate's outbox, pure: drafts, flags and submits wait here (persisted per session) and
 * replay in order through the same idempotent calls when the network is back. No React, no DOM:
 * storage, sending, timers and ids are injected.
 *
 * - One call at a time, oldest first: a draft never overtakes the submit it preceded.
 * - Drafts are deduped per question (only the newest counts); a submit supersedes its drafts.
 * - No response (offline) or a transient error (408, 429, 5xx) stops the replay, keeps the
 *   item and retries with backoff (or at once on resume(), e.g. the browser's `online` event).
 * - Any other 4xx drops the item and reports it (the server refused it; retrying cannot help).
 * - A lost lease (409 session_locked / lease_revoked), a paused test (409 session_paused) or a
 *   lost sign-in (401) blocks the queue with everything kept, until the page takes the test
 *   back (or the recruiter resumes it) and calls resume().
 * - Replays are idempotent: an item is sent with the same body every time (a submit keeps its
 *   client_submitted_at), so a call that reached the server before the tab lost the response
 *   is answered as a duplicate, never stored twice.
 */

import { backoffDelay } from '../api/backoff.ts'

export interface DraftItem {
  kind: 'draft'
  id: string
  questionId: string
  answer: unknown
  /** The server's revision of the draft this text was edited from (its order across tabs). */
  base?: number
  queuedAt: string
}

export interface FlagsItem {
  kind: 'flags'
  id: string
  flagged: string[]
  queuedAt: string
}

export interface SubmitItem {
  kind: 'submit'
  id: string
  questionId: string
  answer: unknown
  timeExpired: boolean
  /** Set once at enqueue: replays send exactly the same body. */
  clientSubmittedAt: string
  queuedAt: string
}

export type QueueItem = DraftItem | FlagsItem | SubmitItem

/** What a failed send means for the queue. */
export type Failure = 'offline' | 'retry' | 'drop' | 'block'

export type QueueStatus = 'idle' | 'sending' | 'offline' | 'retrying' | 'blocked' | 'paused'

export interface QueueSnapshot {
  items: readonly QueueItem[]
  status: QueueStatus
  /** The item being sent now (still in items until the server answered). */
  inFlightId: string | null
  /** Failed attempts in a row (drives the backoff). */
  failures: number
}

/** localStorage's shape, so tests pass a Map-backed fake. */
export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface QueueOptions<R> {
  /** Where the queue persists (null: memory only). */
  storage: StorageLike | null
  /** One key per session, e.g. `assess.queue.<sessionId>`. */
  key: string
  /** Performs the call; resolves with the response or throws (see classify). */
  send(item: QueueItem): Promise<R>
  classify?(error: unknown): Failure
  /** Timers (tests inject a fake); returns a cancel function. */
  schedule?(fn: () => void, ms: number): () => void
  now?(): Date
  newId?(): string
  random?(): number
  backoff?: { baseMs: number; maxMs: number }
  /** Start paused (e.g. until the page holds a lease); resume() starts sending. */
  paused?: boolean
  onSent?(item: QueueItem, result: R): void
  onDropped?(item: QueueItem, error: unknown): void
  onBlocked?(item: QueueItem, error: unknown): void
}

export const queueKey = (sessionId: string) => `assess.queue.${sessionId}`

/** The default reading of an error: `status` 0 (no response) means offline, like ApiError. */
export function classifyFailure(error: unknown): Failure {
  const e = error as { status?: unknown; code?: unknown } | null
  const status = typeof e?.status === 'number' ? e.status : undefined
  if (status === undefined) return 'retry'
  if (status === 0) return 'offline'
  if (status === 401) return 'block'
  // Held, not dropped: the lease comes back with a takeover, a paused test with its resume.
  if (
    status === 409 &&
    (e?.code === 'session_locked' || e?.code === 'lease_revoked' || e?.code === 'session_paused')
  )
    return 'block'
  if (status === 408 || status === 429 || status >= 500) return 'retry'
  if (status >= 400) return 'drop'
  return 'retry'
}

let fallbackCounter = 0
const defaultId = () =>
  `${Date.now().toString(36)}-${(fallbackCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`

const defaultSchedule = (fn: () => void, ms: number) => {
  const handle = globalThis.setTimeout(fn, ms)
  return () => globalThis.clearTimeout(handle)
}

function isItem(value: unknown): value is QueueItem {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  if (typeof v.id !== 'string') return false
  if (v.kind === 'draft') return typeof v.questionId === 'string'
  if (v.kind === 'flags') return Array.isArray(v.flagged)
  if (v.kind === 'submit')
    return typeof v.questionId === 'string' && typeof v.clientSubmittedAt === 'string'
  return false
}

/** Reads a persisted queue, ignoring anything malformed (a corrupt entry never blocks a test). */
export function loadItems(storage: StorageLike | null, key: string): QueueItem[] {
  if (!storage) return []
  try {
    const raw = storage.getItem(key)
    if (!raw) return []
    const parsed: unknown = JSON.parse(raw)
    return Array.isArray(parsed) ? parsed.filter(isItem) : []
  } catch {
    return []
  }
}

export class OfflineQueue<R = unknown> {
  private items: QueueItem[]
  private status: QueueStatus
  private inFlightId: string | null = null
  private failures = 0
  private flushing = false
  private cancelRetry: (() => void) | null = null
  private snapshot: QueueSnapshot
  private readonly listeners = new Set<() => void>()
  private readonly opts: QueueOptions<R> & {
    classify(error: unknown): Failure
    schedule(fn: () => void, ms: number): () => void
    now(): Date
    newId(): string
    random(): number
    backoff: { baseMs: number; maxMs: number }
  }

  constructor(options: QueueOptions<R>) {
    this.opts = {
      classify: classifyFailure,
      schedule: defaultSchedule,
      now: () => new Date(),
      newId: defaultId,
      random: Math.random,
      backoff: { baseMs: 1_000, maxMs: 15_000 },
      ...options,
    }
    this.items = loadItems(options.storage, options.key)
    this.status = options.paused ? 'paused' : 'idle'
    this.snapshot = this.makeSnapshot()
  }

  // --- reading -----------------------------------------------------------------------------

  getSnapshot = (): QueueSnapshot => this.snapshot

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The newest unsent draft of a question (it is newer than what the server holds). */
  /** Whether a draft of the question waits to be sent (or is being sent). */
  hasDraft(questionId: string): boolean {
    return this.items.some((i) => i.kind === 'draft' && i.questionId === questionId)
  }

  queuedDraft(questionId: string): unknown {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i]
      if (item?.kind === 'draft' && item.questionId === questionId) return item.answer
    }
    return undefined
  }

  queuedSubmit(questionId: string): SubmitItem | undefined {
    return this.items.find(
      (i): i is SubmitItem => i.kind === 'submit' && i.questionId === questionId,
    )
  }

  // --- writing -----------------------------------------------------------------------------

  enqueueDraft(questionId: string, answer: unknown, base?: number): DraftItem | null {
    if (this.queuedSubmit(questionId)) return null // submitted: the draft no longer matters
    const item: DraftItem = {
      kind: 'draft',
      id: this.opts.newId(),
      questionId,
      answer,
      ...(base !== undefined && { base }),
      queuedAt: this.opts.now().toISOString(),
    }
    this.replace(
      (i) => i.kind === 'draft' && i.questionId === questionId && i.id !== this.inFlightId,
      item,
    )
    return item
  }

  enqueueFlags(flagged: readonly string[]): FlagsItem {
    const item: FlagsItem = {
      kind: 'flags',
      id: this.opts.newId(),
      flagged: [...flagged],
      queuedAt: this.opts.now().toISOString(),
    }
    this.replace((i) => i.kind === 'flags' && i.id !== this.inFlightId, item)
    return item
  }

  /** Queues a submit (once per question: a second call returns the first). */
  enqueueSubmit(questionId: string, answer: unknown, timeExpired = false): SubmitItem {
    const existing = this.queuedSubmit(questionId)
    if (existing) return existing
    const now = this.opts.now().toISOString()
    const item: SubmitItem = {
      kind: 'submit',
      id: this.opts.newId(),
      questionId,
      answer,
      timeExpired,
      clientSubmittedAt: now,
      queuedAt: now,
    }
    this.replace(
      (i) => i.kind === 'draft' && i.questionId === questionId && i.id !== this.inFlightId,
      item,
    )
    return item
  }

  /** Forgets everything (the session is over). */
  clear() {
    this.cancelTimer()
    this.items = []
    this.persist()
    this.emit()
  }

  // --- control -----------------------------------------------------------------------------

  /** Stop sending (items stay); resume() starts again. */
  pause() {
    this.cancelTimer()
    this.setStatus('paused')
  }

  /** Start or restart sending now: after the lease is (re)gained, or the network is back. */
  resume() {
    this.cancelTimer()
    this.failures = 0
    if (!this.flushing) this.setStatus('idle')
    else if (this.status !== 'sending') this.setStatus('sending')
    void this.flush()
  }

  /** The browser says the network is gone: stop trying until resume() (items stay). */
  markOffline() {
    if (this.status === 'paused' || this.status === 'blocked') return
    this.cancelTimer()
    if (!this.flushing) this.setStatus('offline')
  }

  dispose() {
    this.cancelTimer()
    this.listeners.clear()
  }

  /** Sends queued items in order until the queue is empty or a send fails. */
  async flush(): Promise<void> {
    if (this.flushing) return
    if (this.status !== 'idle' && this.status !== 'sending') return
    this.flushing = true
    try {
      while (this.items.length > 0) {
        if (this.status !== 'idle' && this.status !== 'sending') return
        const item = this.items[0] as QueueItem
        this.inFlightId = item.id
        this.status = 'sending'
        this.emit()
        let result: R
        try {
          result = await this.opts.send(item)
        } catch (error) {
          this.inFlightId = null
          const failure = this.opts.classify(error)
          if (failure === 'drop') {
            this.remove(item.id)
            this.opts.onDropped?.(item, error)
            continue
          }
          if (failure === 'block') {
            this.setStatus('blocked')
            this.opts.onBlocked?.(item, error)
            return
          }
          this.failures++
          if (this.status !== 'sending') return // paused meanwhile: resume() retries
          this.setStatus(failure === 'offline' ? 'offline' : 'retrying')
          this.scheduleRetry()
          return
        }
        this.inFlightId = null
        this.failures = 0
        this.remove(item.id)
        this.opts.onSent?.(item, result)
      }
      if (this.status === 'sending') this.setStatus('idle')
    } finally {
      this.flushing = false
      this.inFlightId = null
      this.emit()
    }
  }

  // --- internals ---------------------------------------------------------------------------

  private replace(stale: (item: QueueItem) => boolean, item: QueueItem) {
    this.items = [...this.items.filter((i) => !stale(i)), item]
    this.persist()
    this.emit()
    if (this.status === 'idle' || this.status === 'sending') void this.flush()
  }

  private remove(id: string) {
    this.items = this.items.filter((i) => i.id !== id)
    this.persist()
    this.emit()
  }

  private scheduleRetry() {
    this.cancelTimer()
    const delay = backoffDelay(this.failures, this.opts.backoff, this.opts.random)
    this.cancelRetry = this.opts.schedule(() => {
      this.cancelRetry = null
      if (this.status === 'offline' || this.status === 'retrying') {
        this.setStatus('idle')
        void this.flush()
      }
    }, delay)
  }

  private cancelTimer() {
    this.cancelRetry?.()
    this.cancelRetry = null
  }

  private setStatus(status: QueueStatus) {
    if (this.status === status) return
    this.status = status
    this.emit()
  }

  private persist() {
    const { storage, key } = this.opts
    if (!storage) return
    try {
      if (this.items.length === 0) storage.removeItem(key)
      else storage.setItem(key, JSON.stringify(this.items))
    } catch {
      // Storage full or disabled: the queue still works in memory for this page's life.
    }
  }

  private makeSnapshot(): QueueSnapshot {
    return {
      items: this.items,
      status: this.status,
      inFlightId: this.inFlightId,
      failures: this.failures,
    }
  }

  private emit() {
    const next = this.makeSnapshot()
    const prev = this.snapshot
    if (
      prev.items === next.items &&
      prev.status === next.status &&
      prev.inFlightId === next.inFlightId &&
      prev.failures === next.failures
    )
      return
    this.snapshot = next
    for (const listener of this.listeners) listener()
  }
}

/**
 * The sync indicator's words. `unsaved` counts edits not yet handed to the queue (the autosave
 * debounce): they are not "Saved" either.
 */
export function syncLabel(
  snapshot: QueueSnapshot,
  { online = true, unsaved = 0 }: { online?: boolean; unsaved?: number } = {},
): string {
  const n = snapshot.items.length
  if (!online || snapshot.status === 'offline') return `Offline — ${n} queued`
  if (snapshot.status === 'blocked') return `Not saved — ${n} waiting`
  if (n === 0 && snapshot.status !== 'sending') return unsaved > 0 ? 'Saving…' : 'Saved'
  if (snapshot.status === 'retrying') return `Retrying — ${n} queued`
  if (snapshot.items.some((i) => i.kind === 'submit')) return 'Waiting to submit…'
  return 'Saving…'
}
