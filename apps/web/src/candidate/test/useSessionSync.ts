import type { SessionState } from '@assess/core'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { ApiError } from '../../api/client.ts'
import { describeError } from '../../ui/states.tsx'
import { type Auth, candidateApi, isApiError } from '../api.ts'
import { leaseStore } from '../memory.ts'

/**
 * How often the page re-reads the session for a recruiter's change (pause, resume, more time,
 * cancel), so the candidate sees it within 5 s. The read is one prepared statement.
 */
const PROCTOR_POLL_MS = 4_000

export interface Synced {
  state: SessionState
  /** performance.now() when the request that brought `state` was sent. */
  at: number
}

/** Why this page may not change the test: held elsewhere, or the sign-in ran out. */
export type Lost = 'revoked' | 'locked' | 'signin'

/**
 * The page's copy of the server's session: what the last response said and when it was asked
 * (the clocks count from then), the lease this tab holds, and what a refused call means. Every
 * response goes through `apply`; a finished session leaves for the done page.
 */
export function useSessionSync(props: {
  sessionId: string
  token: string
  initial: Synced
  lease: string | null
}) {
  const { sessionId, token } = props
  const navigate = useNavigate()
  const [synced, setSynced] = useState(props.initial)
  const leaseRef = useRef(props.lease)
  const [lost, setLost] = useState<Lost | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [refreshes, setRefreshes] = useState(0)
  const auth = useMemo<Auth>(() => ({ token, lease: () => leaseRef.current }), [token])
  const finished = useRef(false)

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

  // A recruiter may pause, resume, extend or cancel at any moment: re-read to find out.
  const paused = synced.state.session.status === 'paused'
  useEffect(() => {
    if (lost) return
    const id = setInterval(() => {
      if (document.visibilityState === 'visible' || paused) void refresh()
    }, PROCTOR_POLL_MS)
    return () => clearInterval(id)
  }, [lost, paused, refresh])

  // The latest, for callbacks that outlive a render (a heartbeat in flight, the outbox).
  const syncedRef = useRef(synced)
  syncedRef.current = synced

  return {
    synced,
    setSynced,
    syncedRef,
    auth,
    leaseRef,
    apply,
    /** Bumped by every applied state: a response sent before a change is stale. */
    version,
    refresh,
    /** Bumped after every re-read, whatever it brought (re-arms a recheck). */
    refreshes,
    onCallError,
    lost,
    setLost,
    notice,
    setNotice,
    finished,
  }
}
