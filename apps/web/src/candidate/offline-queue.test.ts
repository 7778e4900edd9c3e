import { describe, expect, test } from 'bun:test'
import { backoffDelay } from '../api/backoff.ts'
import {
  classifyFailure,
  loadItems,
  OfflineQueue,
  type QueueItem,
  type QueueOptions,
  queueKey,
  type StorageLike,
  syncLabel,
} from './offline-queue.ts'

/** An error shaped like the app's ApiError (status 0 = no response). */
class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code)
  }
}

class MemoryStorage implements StorageLike {
  readonly map = new Map<string, string>()
  getItem(key: string) {
    return this.map.get(key) ?? null
  }
  setItem(key: string, value: string) {
    this.map.set(key, value)
  }
  removeItem(key: string) {
    this.map.delete(key)
  }
}

/** A fake network: every call is recorded; `fail` decides per item what goes wrong. */
function harness(
  options: {
    fail?: (item: QueueItem, attempt: number) => unknown
    storage?: MemoryStorage
    paused?: boolean
    extra?: Partial<QueueOptions<string>>
  } = {},
) {
  const storage = options.storage ?? new MemoryStorage()
  const sent: QueueItem[] = []
  const bodies: string[] = []
  const dropped: { item: QueueItem; error: unknown }[] = []
  const blocked: unknown[] = []
  const acked: QueueItem[] = []
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = []
  const attempts = new Map<string, number>()
  let ids = 0
  let clock = Date.parse('2026-03-01T09:00:00.000Z')
  const queue = new OfflineQueue<string>({
    storage,
    key: queueKey('s1'),
    paused: options.paused,
    newId: () => `i${++ids}`,
    now: () => {
      clock += 1_000
      return new Date(clock)
    },
    random: () => 0.5,
    schedule: (fn, ms) => {
      const timer = { fn, ms, cancelled: false }
      timers.push(timer)
      return () => {
        timer.cancelled = true
      }
    },
    async send(item) {
      const n = (attempts.get(item.id) ?? 0) + 1
      attempts.set(item.id, n)
      sent.push(item)
      bodies.push(JSON.stringify(item))
      await Promise.resolve()
      const error = options.fail?.(item, n)
      if (error) throw error
      return `ok:${item.id}`
    },
    onSent: (item) => acked.push(item),
    onDropped: (item, error) => dropped.push({ item, error }),
    onBlocked: (_item, error) => blocked.push(error),
    ...options.extra,
  })
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve()
  }
  const runTimers = async () => {
    const due = timers.filter((t) => !t.cancelled)
    timers.length = 0
    for (const t of due) t.fn()
    await settle()
  }
  return { queue, storage, sent, bodies, dropped, blocked, acked, timers, settle, runTimers }
}

const kinds = (items: readonly QueueItem[]) =>
  items.map((i) => (i.kind === 'flags' ? 'flags' : `${i.kind}:${i.questionId}`))

describe('ordering', () => {
  test('replays oldest first, one at a time: a draft never overtakes a submit', async () => {
    let online = false
    const h = harness({ fail: () => (online ? undefined : new FakeApiError(0, 'offline')) })
    h.queue.enqueueDraft('q1', { text: 'a' })
    await h.settle()
    h.queue.enqueueSubmit('q1', { text: 'ab' })
    h.queue.enqueueDraft('q2', { text: 'x' })
    h.queue.enqueueFlags(['q2'])
    expect(kinds(h.queue.getSnapshot().items)).toEqual(['submit:q1', 'draft:q2', 'flags'])

    online = true
    h.queue.resume()
    await h.settle()
    expect(kinds(h.acked)).toEqual(['submit:q1', 'draft:q2', 'flags'])
    expect(h.queue.getSnapshot().items).toEqual([])
    expect(h.queue.getSnapshot().status).toBe('idle')
  })

  test('never sends two calls at once', async () => {
    let inFlight = 0
    let most = 0
    const h = harness({
      extra: {
        async send(item) {
          inFlight++
          most = Math.max(most, inFlight)
          await new Promise((r) => setTimeout(r, 1))
          inFlight--
          return item.id
        },
      },
    })
    h.queue.enqueueDraft('q1', { text: '1' })
    h.queue.enqueueDraft('q2', { text: '2' })
    h.queue.enqueueSubmit('q3', { text: '3' })
    void h.queue.flush()
    // Until the queue drains (a busy machine may take longer than three 1 ms sends; 5 s only
    // bounds a failure).
    const deadline = Date.now() + 5000
    while (h.queue.getSnapshot().items.length > 0 && Date.now() < deadline) await Bun.sleep(1)
    expect(most).toBe(1)
    expect(h.queue.getSnapshot().items).toEqual([])
  })
})

describe('dedupe', () => {
  test('only the newest draft of a question stays queued', () => {
    const h = harness({ paused: true })
    h.queue.enqueueDraft('q1', { text: 'a' })
    h.queue.enqueueDraft('q2', { text: 'x' })
    h.queue.enqueueDraft('q1', { text: 'abc' })
    const items = h.queue.getSnapshot().items
    expect(kinds(items)).toEqual(['draft:q2', 'draft:q1'])
    expect(h.queue.queuedDraft('q1')).toEqual({ text: 'abc' })
  })

  test('a submit supersedes the drafts of its question; later drafts are ignored', () => {
    const h = harness({ paused: true })
    h.queue.enqueueDraft('q1', { text: 'a' })
    h.queue.enqueueDraft('q2', { text: 'x' })
    h.queue.enqueueSubmit('q1', { text: 'final' })
    expect(h.queue.enqueueDraft('q1', { text: 'late' })).toBeNull()
    expect(kinds(h.queue.getSnapshot().items)).toEqual(['draft:q2', 'submit:q1'])
  })

  test('a second submit of the same question returns the first', () => {
    const h = harness({ paused: true })
    const first = h.queue.enqueueSubmit('q1', { text: 'one' })
    const second = h.queue.enqueueSubmit('q1', { text: 'two' }, true)
    expect(second).toBe(first)
    expect(h.queue.getSnapshot().items).toHaveLength(1)
  })

  test('flags: the newest list wins', () => {
    const h = harness({ paused: true })
    h.queue.enqueueFlags(['q1'])
    h.queue.enqueueFlags(['q1', 'q2'])
    const items = h.queue.getSnapshot().items
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ kind: 'flags', flagged: ['q1', 'q2'] })
  })

  test('the draft in flight is not replaced (its successor queues behind it)', async () => {
    let release: () => void = () => {}
    const h = harness({
      extra: {
        send: (item) =>
          new Promise((resolve) => {
            release = () => resolve(item.id)
          }),
      },
    })
    h.queue.enqueueDraft('q1', { text: 'a' })
    expect(h.queue.getSnapshot().inFlightId).toBe('i1')
    h.queue.enqueueDraft('q1', { text: 'ab' })
    expect(kinds(h.queue.getSnapshot().items)).toEqual(['draft:q1', 'draft:q1'])
    release()
    await h.settle()
    release()
    await h.settle()
    expect(h.queue.getSnapshot().items).toEqual([])
  })
})

describe('offline and replay', () => {
  test('stops at the first offline failure, keeps everything, resumes in order', async () => {
    let online = true
    const h = harness({ fail: () => (online ? undefined : new FakeApiError(0, 'offline')) })
    h.queue.enqueueDraft('q1', { text: 'a' })
    await h.settle()
    expect(h.acked).toHaveLength(1)

    online = false
    h.queue.enqueueSubmit('q1', { text: 'final' })
    await h.settle()
    expect(h.queue.getSnapshot().status).toBe('offline')
    h.queue.enqueueDraft('q2', { text: 'b' }) // queued behind, not sent while offline
    await h.settle()
    expect(kinds(h.queue.getSnapshot().items)).toEqual(['submit:q1', 'draft:q2'])
    expect(h.sent.filter((i) => i.kind === 'draft' && i.questionId === 'q2')).toHaveLength(0)
    expect(syncLabel(h.queue.getSnapshot())).toBe('Offline — 2 queued')

    online = true
    h.queue.resume() // the browser's `online` event
    await h.settle()
    expect(kinds(h.acked)).toEqual(['draft:q1', 'submit:q1', 'draft:q2'])
    expect(syncLabel(h.queue.getSnapshot())).toBe('Saved')
  })

  test('retries by itself with growing backoff when no online event comes', async () => {
    let failuresLeft = 3
    const h = harness({
      fail: () => (failuresLeft-- > 0 ? new FakeApiError(0, 'offline') : undefined),
    })
    h.queue.enqueueSubmit('q1', { text: 'x' })
    await h.settle()
    expect(h.timers.map((t) => t.ms)).toEqual([1_000])
    await h.runTimers()
    expect(h.timers.map((t) => t.ms)).toEqual([2_000])
    await h.runTimers()
    expect(h.timers.map((t) => t.ms)).toEqual([4_000])
    await h.runTimers()
    expect(h.acked).toHaveLength(1)
    expect(h.queue.getSnapshot().failures).toBe(0)
  })

  test('a 5xx or 429 retries (status shows it), then succeeds', async () => {
    const h = harness({
      fail: (_item, n) => (n === 1 ? new FakeApiError(503, 'unavailable') : undefined),
    })
    h.queue.enqueueDraft('q1', { text: 'x' })
    await h.settle()
    expect(h.queue.getSnapshot().status).toBe('retrying')
    expect(syncLabel(h.queue.getSnapshot())).toBe('Retrying — 1 queued')
    await h.runTimers()
    expect(h.acked).toHaveLength(1)
  })

  test('markOffline stops sending until resume()', async () => {
    const h = harness()
    h.queue.markOffline()
    h.queue.enqueueDraft('q1', { text: 'x' })
    await h.settle()
    expect(h.sent).toHaveLength(0)
    expect(syncLabel(h.queue.getSnapshot())).toBe('Offline — 1 queued')
    h.queue.resume()
    await h.settle()
    expect(h.sent).toHaveLength(1)
  })

  test('persists per session and replays after a reload', async () => {
    const storage = new MemoryStorage()
    const before = harness({ storage, paused: true })
    before.queue.enqueueDraft('q1', { text: 'saved offline' })
    before.queue.enqueueSubmit('q2', { text: 'submitted offline' }, true)
    expect(loadItems(storage, queueKey('s1'))).toHaveLength(2)
    expect(loadItems(storage, queueKey('other'))).toHaveLength(0)

    const after = harness({ storage, paused: true })
    expect(kinds(after.queue.getSnapshot().items)).toEqual(['draft:q1', 'submit:q2'])
    after.queue.resume()
    await after.settle()
    expect(kinds(after.acked)).toEqual(['draft:q1', 'submit:q2'])
    expect(storage.getItem(queueKey('s1'))).toBeNull()
  })

  test('a corrupt stored queue is ignored, not fatal', () => {
    const storage = new MemoryStorage()
    storage.setItem(queueKey('s1'), '{not json')
    expect(harness({ storage }).queue.getSnapshot().items).toEqual([])
    storage.setItem(queueKey('s1'), JSON.stringify([{ kind: 'bogus' }, null, 3]))
    expect(harness({ storage }).queue.getSnapshot().items).toEqual([])
  })

  test('paused queues send nothing until resume()', async () => {
    const h = harness({ paused: true })
    h.queue.enqueueDraft('q1', { text: 'x' })
    await h.settle()
    expect(h.sent).toHaveLength(0)
    h.queue.resume()
    await h.settle()
    expect(h.sent).toHaveLength(1)
  })
})

describe('refusals', () => {
  test('a 4xx drops the item, reports it, and the replay goes on', async () => {
    const refused = new FakeApiError(409, 'time_limit_exceeded')
    const h = harness({ fail: (item) => (item.kind === 'submit' ? refused : undefined) })
    h.queue.pause()
    h.queue.enqueueSubmit('q1', { text: 'late' }, true)
    h.queue.enqueueDraft('q2', { text: 'next' })
    h.queue.resume()
    await h.settle()
    expect(h.dropped).toHaveLength(1)
    expect(h.dropped[0]?.error).toBe(refused)
    expect(h.dropped[0]?.item.kind).toBe('submit')
    expect(kinds(h.acked)).toEqual(['draft:q2'])
    expect(h.queue.getSnapshot().items).toEqual([])
  })

  test('a lost lease blocks with everything kept; resume() replays with the new lease', async () => {
    let lease = 'old'
    const h = harness({
      fail: () => (lease === 'old' ? new FakeApiError(409, 'lease_revoked') : undefined),
    })
    h.queue.enqueueSubmit('q1', { text: 'x' })
    h.queue.enqueueDraft('q2', { text: 'y' })
    await h.settle()
    expect(h.queue.getSnapshot().status).toBe('blocked')
    expect(h.blocked).toHaveLength(1)
    expect(h.queue.getSnapshot().items).toHaveLength(2)
    expect(h.timers).toHaveLength(0) // no retry loop against a lease we do not hold

    lease = 'new' // "Continue here" took the test back
    h.queue.resume()
    await h.settle()
    expect(kinds(h.acked)).toEqual(['submit:q1', 'draft:q2'])
  })
})

describe('idempotent replays', () => {
  test('a retried submit is sent with exactly the same body', async () => {
    const h = harness({
      fail: (_item, n) => (n < 3 ? new FakeApiError(0, 'offline') : undefined),
    })
    h.queue.enqueueSubmit('q1', { choice_ids: ['c'] })
    await h.settle()
    await h.runTimers()
    await h.runTimers()
    expect(h.bodies).toHaveLength(3)
    expect(new Set(h.bodies).size).toBe(1) // same id, answer and client_submitted_at
    expect(h.acked).toHaveLength(1)
  })

  test('an item whose response was lost is replayed after a reload, still identical', async () => {
    const storage = new MemoryStorage()
    const first = harness({ storage, fail: () => new FakeApiError(0, 'offline') })
    first.queue.enqueueSubmit('q1', { text: 'x' })
    await first.settle()
    const second = harness({ storage })
    second.queue.resume()
    await second.settle()
    expect(second.bodies[0]).toBe(first.bodies[0] as string)
  })
})

describe('helpers', () => {
  test('classifyFailure reads ApiError-like statuses', () => {
    expect(classifyFailure(new FakeApiError(0, 'offline'))).toBe('offline')
    expect(classifyFailure(new FakeApiError(500, 'internal'))).toBe('retry')
    expect(classifyFailure(new FakeApiError(503, 'unavailable'))).toBe('retry')
    expect(classifyFailure(new FakeApiError(429, 'rate_limited'))).toBe('retry')
    expect(classifyFailure(new FakeApiError(408, 'timeout'))).toBe('retry')
    expect(classifyFailure(new FakeApiError(409, 'lease_revoked'))).toBe('block')
    expect(classifyFailure(new FakeApiError(409, 'session_locked'))).toBe('block')
    expect(classifyFailure(new FakeApiError(409, 'session_paused'))).toBe('block')
    expect(classifyFailure(new FakeApiError(401, 'token_expired'))).toBe('block')
    expect(classifyFailure(new FakeApiError(409, 'already_answered'))).toBe('drop')
    expect(classifyFailure(new FakeApiError(400, 'validation_failed'))).toBe('drop')
    expect(classifyFailure(new Error('weird'))).toBe('retry')
  })

  test('backoff doubles up to a cap', () => {
    const opts = { baseMs: 1_000, maxMs: 15_000 }
    const mid = () => 0.5
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, opts, mid))).toEqual([
      1_000, 2_000, 4_000, 8_000, 15_000, 15_000,
    ])
  })

  test('sync labels', () => {
    const snap = (items: QueueItem[], status: 'idle' | 'sending' | 'blocked' = 'idle') => ({
      items,
      status,
      inFlightId: null,
      failures: 0,
    })
    const draft: QueueItem = { kind: 'draft', id: 'd', questionId: 'q', answer: {}, queuedAt: '' }
    const submit: QueueItem = {
      kind: 'submit',
      id: 's',
      questionId: 'q',
      answer: {},
      timeExpired: false,
      clientSubmittedAt: '',
      queuedAt: '',
    }
    expect(syncLabel(snap([]))).toBe('Saved')
    expect(syncLabel(snap([draft], 'sending'))).toBe('Saving…')
    expect(syncLabel(snap([draft, submit], 'sending'))).toBe('Waiting to submit…')
    expect(syncLabel(snap([draft]), { online: false })).toBe('Offline — 1 queued')
    expect(syncLabel(snap([]), { unsaved: 1 })).toBe('Saving…')
    expect(syncLabel(snap([submit], 'blocked'))).toBe('Not saved — 1 waiting')
  })
})
