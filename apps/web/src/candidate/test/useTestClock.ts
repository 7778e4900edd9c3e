import type { CandidateQuestionView, SessionState } from '@assess/core'
import { useMemo } from 'react'
import { useRemaining } from '../Countdown.tsx'
import {
  type Anchor,
  anchorFrom,
  freeQuestionRemainingMs,
  type ServerRemaining,
  singleAnchor,
} from '../countdown.ts'

/**
 * The clocks of the question on screen, from the server's last word (`syncedAt`: when the
 * request that brought `state` was sent): the one that ends first (`ms`, which auto-submits at
 * zero), and each limit on its own. In free navigation a question that is not the current one
 * has its own window, computed from when the test started. Paused: they stand still.
 */
export function useTestClock(options: {
  state: SessionState
  syncedAt: number
  viewed: CandidateQuestionView | null
  extraTimePercent: number
}) {
  const { state, syncedAt, viewed, extraTimePercent } = options
  const paused = state.session.status === 'paused'
  const free = state.session.navigation === 'free'
  const remainingNow: ServerRemaining | null = useMemo(() => {
    if (!viewed) return null
    if (!paused && free && viewed.index !== state.session.current_question_index)
      return {
        question_remaining_ms:
          viewed.time_limit_seconds === null
            ? null
            : freeQuestionRemainingMs({
                startedAt: state.session.started_at,
                serverTime: state.server_time,
                timeLimitSeconds: viewed.time_limit_seconds,
                extraTimePercent,
                sessionRemainingMs: null,
              }),
        session_remaining_ms: state.session_remaining_ms,
      }
    return state
  }, [viewed, free, state, extraTimePercent, paused])
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
