import type { SessionState } from '@assess/core'
import { useState } from 'react'
import { describeError } from '../../ui/states.tsx'
import { candidateApi } from '../api.ts'

/**
 * "Continue here": this tab takes the test back from the other tab or device (the server
 * revokes that one's lease), applies the state it is handed and sends what waited meanwhile.
 */
export function useTakeover(options: {
  token: string
  apply: (state: SessionState, at: number) => void
  refresh: () => Promise<void>
  onTaken: () => void
  setNotice: (notice: string | null) => void
}) {
  const { token, apply, refresh, onTaken, setNotice } = options
  const [takingOver, setTakingOver] = useState(false)
  const takeOver = async () => {
    setTakingOver(true)
    const at = performance.now()
    try {
      const { active_session: active } = await candidateApi.active(token, true)
      if (!active) return void refresh()
      setNotice(null)
      apply(active, at) // the new lease first: what waited goes out under it
      onTaken()
    } catch (e) {
      setNotice(describeError(e))
    } finally {
      setTakingOver(false)
    }
  }
  return { takeOver, takingOver }
}
