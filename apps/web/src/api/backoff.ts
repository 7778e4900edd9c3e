/** Exponential backoff with a little jitter, capped. `failures` counts from 1. */
export function backoffDelay(
  failures: number,
  options: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failures - 1))
  return Math.round(exp * (0.8 + 0.4 * random()))
}
