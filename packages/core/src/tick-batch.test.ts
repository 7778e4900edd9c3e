import { expect, test } from 'bun:test'
import { tickBatcher } from './tick-batch.ts'

test('adds of one tick flush once, in order; an add during a flush goes with the next', async () => {
  const flushed: number[][] = []
  let release = () => {}
  const add = tickBatcher<number>(async (items) => {
    flushed.push(items)
    if (flushed.length === 1) await new Promise<void>((resolve) => (release = resolve))
  })
  const first = Promise.all([add(1), add(2, 3)])
  await new Promise((resolve) => setImmediate(resolve))
  const second = add(4) // the first flush is still running
  release()
  await Promise.all([first, second])
  expect(flushed).toEqual([[1, 2, 3], [4]])
})

test('a failed flush rejects every add of its batch, and the next batch starts afresh', async () => {
  let calls = 0
  const add = tickBatcher<string>(async () => {
    if (++calls === 1) throw new Error('down')
  })
  const results = await Promise.allSettled([add('a'), add('b')])
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
  await expect(add('c')).resolves.toBeUndefined()
  expect(calls).toBe(2)
})

test("every add of a batch gets the flush's result", async () => {
  const add = tickBatcher<number, Map<number, number>>(
    async (items) => new Map(items.map((n) => [n, n * 10])),
  )
  const [a, b] = await Promise.all([add(1), add(2)])
  expect(a).toBe(b as Map<number, number>)
  expect(a.get(2)).toBe(20)
})

test('a full batch closes: what is added next goes out in another, in the same tick', async () => {
  const flushed: number[][] = []
  const add = tickBatcher<number>(
    async (items) => {
      flushed.push(items)
    },
    { maxItems: 2 },
  )
  await Promise.all([add(1), add(2), add(3), add(4), add(5)])
  expect(flushed).toEqual([[1, 2], [3, 4], [5]])
})
