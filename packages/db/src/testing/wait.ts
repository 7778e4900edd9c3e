/**
 * Deadlines for tests that wait on real processes, queues and browsers. They only bound a
 * failure (a passing wait returns as soon as its condition holds), so they are set for a busy
 * 2-core machine, never for a fast one.
 */
export const PROCESS_START_MS = 60_000
export const GRADING_MS = 60_000

/**
 * Re-runs `check` until it returns a value (anything but undefined, null or false) and returns
 * that value; throws, naming `what`, once `ms` have passed without one.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  ms = GRADING_MS,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== null && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await Bun.sleep(everyMs)
  }
}
