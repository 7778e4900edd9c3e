/**
 * At most `limit` pieces of work at once; the others wait their turn in order, urgent ones
 * (someone is waiting for the result: a sample run) ahead of the rest (grading a backlog). Code
 * runs are CPU-bound children: more of them than cores only slows each one toward its limit.
 */
export function createSlots(limit: number) {
  let running = 0
  const urgent: (() => void)[] = []
  const normal: (() => void)[] = []
  return async function inSlot<R>(work: () => Promise<R>, isUrgent = false): Promise<R> {
    if (running >= limit)
      await new Promise<void>((resolve) => (isUrgent ? urgent : normal).push(resolve))
    else running++
    try {
      return await work()
    } finally {
      // The slot passes straight to the next waiter, so `running` stays as it is.
      const next = urgent.shift() ?? normal.shift()
      if (next) next()
      else running--
    }
  }
}
