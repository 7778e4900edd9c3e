import type { CandidateQuestionView } from '@assess/core'
import { useEffect, useRef } from 'react'

/** After a window closed the server needs its grace to finalize; ask again after this. */
const RECHECK_MS = 3_000

/**
 * At zero the question on screen is submitted as it stands, once, if it was on screen with time
 * left (a question arrived at with no time left, or not opened, is the server's to finalize).
 * Otherwise, or when that submit was refused, the state is read again after the grace.
 */
export function useAutoSubmit(options: {
  ms: number | null
  viewed: CandidateQuestionView | null
  unopened: boolean
  held: boolean
  isQueued: (q: CandidateQuestionView) => boolean
  submitExpired: (q: CandidateQuestionView) => void
  refresh: () => Promise<void>
  /** Bumped after each re-read: re-arms the recheck. */
  refreshes: number
}) {
  const { ms, viewed, unopened, held, isQueued, submitExpired, refresh, refreshes } = options
  const live = useRef(new Set<string>())
  const autoSubmitted = useRef(new Set<string>())
  useEffect(() => {
    if (viewed && ms !== null && ms > 0 && !unopened) live.current.add(viewed.id)
  }, [viewed, ms, unopened])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refreshes` re-arms the recheck
  useEffect(() => {
    if (ms !== 0 || !viewed || held) return
    if (live.current.has(viewed.id) && !autoSubmitted.current.has(viewed.id) && !isQueued(viewed)) {
      autoSubmitted.current.add(viewed.id)
      submitExpired(viewed)
      return
    }
    const id = setTimeout(() => void refresh(), RECHECK_MS)
    return () => clearTimeout(id)
  }, [ms, viewed, held, refreshes])
}
