import type { CandidateQuestionView, SessionState } from '@assess/core'
import { type RefObject, useCallback, useEffect, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { describeError } from '../../ui/states.tsx'
import { type Auth, candidateApi } from '../api.ts'

const OPEN_RETRY_MS = 5000

/**
 * Free navigation: a question is served when first opened (its own time starts then, on the
 * server). A timed one comes without its content until the candidate chooses to open it; an
 * untimed one has nothing to withhold, so showing it opens it.
 */
export function useOpenQuestion(options: {
  auth: Auth
  sessionId: string
  state: SessionState
  viewed: CandidateQuestionView | null
  /** The page may not change the test now (held elsewhere, paused). */
  held: boolean
  apply: (state: SessionState, at: number) => void
  version: RefObject<number>
  refresh: () => Promise<void>
  onCallError: (e: unknown) => void
  setNotice: (notice: string | null) => void
}) {
  const { auth, sessionId, state, viewed, held, apply, version, refresh } = options
  const { onCallError, setNotice } = options
  const listed =
    state.session.navigation === 'free'
      ? state.questions?.find((q) => q.id === viewed?.id)
      : undefined
  const unopened = listed !== undefined && !listed.opened && !listed.answered
  const [opening, setOpening] = useState(false)
  /** Opens the question; false when the server could not be reached (worth another try). */
  const open = useCallback(
    async (questionId: string) => {
      const at = performance.now()
      const sent = version.current
      setOpening(true)
      try {
        const next = await candidateApi.open(auth, sessionId, questionId)
        // A submit's answer came back meanwhile: this one is older; read the state afresh.
        if (version.current === sent) apply(next, at)
        else void refresh()
        return true
      } catch (e) {
        onCallError(e)
        const offline = e instanceof ApiError && e.offline
        if (!offline) setNotice(describeError(e))
        return !offline
      } finally {
        setOpening(false)
      }
    },
    [apply, auth, sessionId, onCallError, setNotice, version, refresh],
  )
  const untimed = unopened && listed.time_limit_seconds === null ? listed.id : null
  useEffect(() => {
    if (!untimed || held) return
    // Shown offline, it is opened once the server is back: at once when the browser says it is
    // online again, and every few seconds meanwhile (a server down is not "offline").
    let stopped = false
    let retry: ReturnType<typeof setTimeout> | undefined
    const attempt = async () => {
      clearTimeout(retry)
      if (!(await open(untimed)) && !stopped) retry = setTimeout(attempt, OPEN_RETRY_MS)
    }
    const online = () => void attempt()
    void attempt()
    window.addEventListener('online', online)
    return () => {
      stopped = true
      clearTimeout(retry)
      window.removeEventListener('online', online)
    }
  }, [untimed, held, open])
  return {
    /** The question on screen was not opened yet (no window of its own, maybe no content). */
    unopened,
    opening,
    open,
  }
}
