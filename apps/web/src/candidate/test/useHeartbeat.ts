import { type Dispatch, type RefObject, type SetStateAction, useCallback, useEffect } from 'react'
import type { Auth } from '../api.ts'
import { candidateApi } from '../api.ts'
import { anchorFrom, applicableRemaining, drifted, remainingAt } from '../countdown.ts'
import type { Synced } from './useSessionSync.ts'

const HEARTBEAT_MS = 30_000

/**
 * Liveness every 30 s (it also renews the lease), and the server's clock with it: the countdown
 * takes the server's remaining times, and when they disagree by more than a tick (a window
 * closed, time was added) the state is read again. Returns the beat, for the page to send one
 * at once (back online, back to a visible tab).
 */
export function useHeartbeat(options: {
  auth: Auth
  sessionId: string
  /** The last state applied, as of now (a ref: a beat in flight must not apply to a newer one). */
  synced: RefObject<Synced>
  setSynced: Dispatch<SetStateAction<Synced>>
  /** The test is held elsewhere or over: no beats. */
  stopped: () => boolean
  refresh: () => Promise<void>
  onCallError: (e: unknown) => void
}) {
  const { auth, sessionId, synced, setSynced, stopped, refresh, onCallError } = options
  const heartbeat = useCallback(async () => {
    if (stopped()) return
    const at = performance.now()
    const sentFor = synced.current
    try {
      const hb = await candidateApi.heartbeat(auth, sessionId)
      const before = synced.current
      if (before !== sentFor) return // the state moved on while this was in flight
      const localAnchor = anchorFrom(before.state, before.at)
      const server = applicableRemaining(hb)
      const moved =
        (localAnchor === null) !== (server === null) ||
        (localAnchor !== null &&
          server !== null &&
          drifted(remainingAt(localAnchor, at), server.ms))
      setSynced((s) =>
        s !== sentFor
          ? s
          : {
              state: {
                ...s.state,
                question_remaining_ms: hb.question_remaining_ms,
                session_remaining_ms: hb.session_remaining_ms,
                server_time: hb.server_time,
              },
              at,
            },
      )
      if (moved) void refresh()
    } catch (e) {
      onCallError(e)
    }
  }, [auth, sessionId, synced, setSynced, stopped, refresh, onCallError])

  useEffect(() => {
    const id = setInterval(() => void heartbeat(), HEARTBEAT_MS)
    return () => clearInterval(id)
  }, [heartbeat])
  return heartbeat
}
