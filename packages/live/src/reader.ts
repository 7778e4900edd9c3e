import { UnavailableError } from '@assess/core'
import type Redis from 'ioredis'
import { compareIds, type LiveEntry, type RawEntry, streamKey, toEntry } from './stream.ts'

/** Entries read per Redis call: bounds one replay step and one burst. */
const BATCH = 100
const CONNECT_TIMEOUT_MS = 2000

export interface LiveSubscription {
  /**
   * The next entries after the cursor: first what was missed (XRANGE after `after`, exclusive),
   * then live ones (XREAD BLOCK up to `blockMs`). An empty list when nothing came in time, or
   * when a whole batch belonged to other assessments. Rejects once closed or if Redis fails.
   */
  next(blockMs: number): Promise<LiveEntry[]>
  close(): void
  readonly closed: boolean
}

export interface LiveReader {
  /** Opens a stream client's subscription on a connection of its own; 503 when at capacity. */
  open(params: { orgId: string; after?: string; assessmentId?: string }): Promise<LiveSubscription>
  /** How many subscriptions are open in this process. */
  readonly openCount: number
  /** Shutdown: ends every open subscription (their responses then finish) and refuses new ones. */
  closeAll(): void
}

/**
 * Live subscriptions, each on a DEDICATED Redis connection, because XREAD BLOCK holds its
 * connection for the whole wait. Bounded: at most `maxStreams` per process (one connection
 * each); past that a client gets 503 and retries. Closing a subscription drops its connection,
 * which also ends a pending XREAD at once.
 */
export function createLiveReader(options: {
  redis: Redis
  prefix: string
  maxStreams: number
}): LiveReader {
  const open = new Set<LiveSubscription>()
  let shutDown = false
  let connecting = 0 // counted against the cap while their connections open
  const unavailable = (message: string) =>
    new UnavailableError('live_unavailable', message, { retry_after_seconds: 5 })

  return {
    get openCount() {
      return open.size
    },
    closeAll() {
      shutDown = true
      for (const subscription of [...open]) subscription.close()
    },
    async open({ orgId, after, assessmentId }) {
      if (shutDown) throw unavailable('This server is shutting down; reconnect')
      if (open.size + connecting >= options.maxStreams)
        throw unavailable('Too many live connections on this server; retry shortly')
      const connection = options.redis.duplicate({
        lazyConnect: true,
        enableOfflineQueue: false,
        connectTimeout: CONNECT_TIMEOUT_MS,
        // A dropped connection ends the stream; the client reconnects with Last-Event-ID.
        retryStrategy: () => null,
      })
      connection.on('error', () => {}) // surfaces as a rejected command below
      const key = streamKey(options.prefix, orgId)
      let cursor: string
      connecting++
      try {
        await connection.connect()
        const [latest] = (await connection.xrevrange(key, '+', '-', 'COUNT', 1)) as RawEntry[]
        const latestId = latest?.[0] ?? '0-0'
        // An id from the future (the stream expired and started over) replays nothing.
        cursor = after && compareIds(after, latestId) < 0 ? after : latestId
      } catch {
        connection.disconnect()
        throw unavailable('Live events are unavailable right now')
      } finally {
        connecting--
      }
      if (shutDown) {
        connection.disconnect()
        throw unavailable('This server is shutting down; reconnect')
      }
      // Missed entries are read with XRANGE first, so a long replay never waits on a BLOCK.
      let replaying = after !== undefined && cursor === after
      let closed = false

      const subscription: LiveSubscription = {
        get closed() {
          return closed
        },
        close() {
          if (closed) return
          closed = true
          open.delete(subscription)
          connection.disconnect()
        },
        async next(blockMs) {
          if (closed) throw new Error('subscription closed')
          let raw: RawEntry[]
          if (replaying) {
            raw = (await connection.xrange(key, `(${cursor}`, '+', 'COUNT', BATCH)) as RawEntry[]
            if (raw.length < BATCH) replaying = false
          } else {
            const reply = (await connection.xread(
              'COUNT',
              BATCH,
              'BLOCK',
              Math.max(1, Math.ceil(blockMs)),
              'STREAMS',
              key,
              cursor,
            )) as [key: string, entries: RawEntry[]][] | null
            raw = reply?.[0]?.[1] ?? []
          }
          const last = raw.at(-1)
          if (last) cursor = last[0]
          const entries = raw.map(toEntry)
          return assessmentId ? entries.filter((e) => e.assessmentId === assessmentId) : entries
        },
      }
      open.add(subscription)
      return subscription
    },
  }
}
