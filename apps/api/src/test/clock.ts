/** A server clock tests can move: expiry is tested by moving time, never by sleeping. */
export function createTestClock(start = new Date()) {
  let current = start.getTime()
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms
    },
    /** Runs `fn` `ms` in the future, then comes back, so later tests keep valid tokens. */
    async later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
      current += ms
      try {
        return await fn()
      } finally {
        current -= ms
      }
    },
  }
}
export type TestClock = ReturnType<typeof createTestClock>
