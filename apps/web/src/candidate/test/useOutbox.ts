import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { OfflineQueue, type QueueItem, queueKey, type StorageLike } from '../offline-queue.ts'

const safeStorage = (): StorageLike | null => {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

/** What the page does with each outbox item: send it, and what came of it. */
export interface OutboxHandlers<Sent> {
  send(item: QueueItem): Promise<Sent>
  sent(item: QueueItem, result: Sent): void
  /** Refused for good (a 4xx): not sent again. */
  dropped(item: QueueItem, error: unknown): void
  /** Held (the lease is elsewhere, the test paused): kept, sent again once resumed. */
  blocked(item: QueueItem, error: unknown): void
}

/**
 * The outbox: submits, drafts and flags, kept in this browser until the server has them, sent
 * in order, waiting out the network. `handlers` may change every render (the latest are used).
 * It starts once mounted, and sends again when the test comes back from a recruiter's pause.
 */
export function useOutbox<Sent>(options: {
  sessionId: string
  handlers: OutboxHandlers<Sent>
  paused: boolean
  held: boolean
}) {
  const handlers = useRef(options.handlers)
  handlers.current = options.handlers
  const [queue] = useState(
    () =>
      new OfflineQueue<Sent>({
        storage: safeStorage(),
        key: queueKey(options.sessionId),
        paused: true,
        send: (item) => handlers.current.send(item),
        onSent: (item, r) => handlers.current.sent(item, r),
        onDropped: (item, e) => handlers.current.dropped(item, e),
        onBlocked: (item, e) => handlers.current.blocked(item, e),
      }),
  )
  const outbox = useSyncExternalStore(queue.subscribe, queue.getSnapshot)

  useEffect(() => {
    queue.resume()
    if (!navigator.onLine) queue.markOffline()
    return () => queue.pause()
  }, [queue])

  // Back from a pause: what waited in the outbox (held by the 409s) goes out now.
  const { paused, held } = options
  const wasPaused = useRef(paused)
  useEffect(() => {
    if (wasPaused.current && !paused && !held) queue.resume()
    wasPaused.current = paused
  }, [paused, held, queue])

  return { queue, outbox }
}
