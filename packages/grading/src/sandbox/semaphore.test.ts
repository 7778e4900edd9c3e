import { describe, expect, test } from 'bun:test'
import { createSlots } from './semaphore.ts'

describe('createSlots', () => {
  test('never more than the limit at once, every call served in order, errors passed on', async () => {
    let running = 0
    let most = 0
    const order: number[] = []
    const gates: (() => void)[] = []
    const inSlot = createSlots(2)
    const work = (i: number) => async () => {
      running++
      most = Math.max(most, running)
      await new Promise<void>((resolve) => gates.push(resolve))
      running--
      order.push(i)
      if (i === 3) throw new Error('boom')
      return i
    }
    const calls = [1, 2, 3, 4, 5].map((i) => inSlot(work(i)))
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

  test('urgent work takes the next free slot ahead of work that waited longer', async () => {
    const inSlot = createSlots(1)
    const started: string[] = []
    let release: () => void = () => {}
    const first = inSlot(async () => {
      started.push('first')
      await new Promise<void>((resolve) => {
        release = resolve
      })
    })
    const later = ['backlog 1', 'backlog 2'].map((name) =>
      inSlot(async () => {
        started.push(name)
      }),
    )
    const urgent = inSlot(async () => {
      started.push('sample run')
    }, true)
    release()
    await Promise.all([first, ...later, urgent])
    expect(started).toEqual(['first', 'sample run', 'backlog 1', 'backlog 2'])
  })
})
