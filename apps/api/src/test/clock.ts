/** A server clock tests can move: expiry is tested by advancing time, never by sleeping. */
export function createTestClock(start = new Date()) {
  let current = start.getTime()
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms
    },
  }
}
export type TestClock = ReturnType<typeof createTestClock>
