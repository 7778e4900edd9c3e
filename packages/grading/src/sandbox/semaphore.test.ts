import { describe, expect, test } from 'bun:test'
import { limitConcurrency } from './semaphore.ts'

describe('limitConcurrency', () => {
  test('never more than the limit at once, every call served in order, errors passed on', async () => {
    let running = 0
    let most = 0
    const order: number[] = []
    const gates: (() => void)[] = []
    const limited = limitConcurrency(2, async (i: number) => {
      running++
      most = Math.max(most, running)
      await new Promise<void>((resolve) => gates.push(resolve))
      running--
      order.push(i)
      if (i === 3) throw new Error('boom')
      return i
    })
    const calls = [1, 2, 3, 4, 5].map((i) => limited(i))
    const settled = Promise.allSettled(calls)
    // Release one waiting call at a time, as each becomes ready.
    while (order.length < 5) {
      await Bun.sleep(0)
      gates.shift()?.()
    }
    const results = await settled
    expect(most).toBe(2)
    expect(order).toEqual([1, 2, 3, 4, 5])
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ])
  })
})
