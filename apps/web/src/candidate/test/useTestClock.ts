import type { CandidateQuestionView, SessionState } from '@assess/core'
import { useMemo } from 'react'
import { useRemaining } from '../Countdown.tsx'
import { type Anchor, anchorFrom, type ServerRemaining, singleAnchor } from '../countdown.ts'

/**
 * The clocks of the question on screen, from the server's last word (`syncedAt`: when the
 * request that brought `state` was sent): the one that ends first (`ms`, which auto-submits at
 * zero), and each limit on its own. In free navigation each question has its own window, from
 * its first opening (the server lists each one's deadline); one not opened yet has none. Paused:
 * they stand still.
 */
export function useTestClock(options: {
  state: SessionState
  syncedAt: number
  viewed: CandidateQuestionView | null
}) {
  const { state, syncedAt, viewed } = options
  const paused = state.session.status === 'paused'
  const free = state.session.navigation === 'free'
  const remainingNow: ServerRemaining | null = useMemo(() => {
    if (!viewed) return null
    const listed = free ? state.questions?.find((q) => q.id === viewed.id) : undefined
    if (!listed) return state
    // The deadline against the server's time of the last sync (a heartbeat moves both).
    const own =
      listed.time_limit_seconds === null
        ? null
        : paused || listed.deadline === null
          ? listed.remaining_ms
          : Math.max(0, Date.parse(listed.deadline) - Date.parse(state.server_time))
    return { question_remaining_ms: own, session_remaining_ms: state.session_remaining_ms }
  }, [viewed, free, state, paused])
  const at = paused ? Number.POSITIVE_INFINITY : syncedAt
  const anchor: Anchor | null = useMemo(
    () => remainingNow && anchorFrom(remainingNow, at),
    [remainingNow, at],
  )
  const questionAnchor = useMemo(
    () => singleAnchor(remainingNow?.question_remaining_ms, at, 'question'),
    [remainingNow, at],
  )
  const sessionAnchor = useMemo(
    () => singleAnchor(remainingNow?.session_remaining_ms, at, 'session'),
    [remainingNow, at],
  )
  return {
    ms: useRemaining(anchor),
    questionMs: useRemaining(questionAnchor),
    sessionMs: useRemaining(sessionAnchor),
  }
}
