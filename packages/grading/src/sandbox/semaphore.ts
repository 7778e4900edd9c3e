/**
 * At most `limit` calls of `fn` at once; the others wait their turn in order. Code runs are
 * CPU-bound children: more of them than cores only slows each one toward its time limit.
 */
export function limitConcurrency<A extends unknown[], R>(
  limit: number,
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  let running = 0
  const waiting: (() => void)[] = []
  return async (...args) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    try {
      return await fn(...args)
    } finally {
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}
