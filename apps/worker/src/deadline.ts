/** The job ran past its own deadline (BullMQ has none): retried like a model timeout. */
export class JobDeadlineError extends Error {
  override name = 'JobDeadlineError'
}

/** Runs `work` with an abort signal that fires at the deadline, and rejects when it passes. */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>) {
  const controller = new AbortController()
  let timer: Timer | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobDeadlineError(`grading took longer than ${ms} ms`)
      controller.abort(error)
      reject(error)
    }, ms)
  })
  try {
    return await Promise.race([work(controller.signal), expired])
  } finally {
    clearTimeout(timer)
  }
}
