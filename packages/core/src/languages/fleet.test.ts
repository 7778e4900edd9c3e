import { expect, test } from 'bun:test'
import { fleetLanguages, STALE_AFTER_MS, type WorkerLanguageReport } from './fleet.ts'

const now = new Date('2026-11-29T10:00:00Z')
const ago = (ms: number) => new Date(now.getTime() - ms)
const report = (over: Partial<WorkerLanguageReport>): WorkerLanguageReport => ({
  workerId: 'w1',
  language: 'java',
  version: 'javac 17',
  available: true,
  problem: null,
  probedAt: ago(60_000),
  seenAt: ago(1_000),
  ...over,
})

test('available only when every running worker can run it, saying how many cannot', () => {
  const fleet = fleetLanguages(
    [
      report({ workerId: 'w1' }),
      report({ workerId: 'w2', available: false, version: null, problem: 'javac is missing' }),
      report({ workerId: 'w1', language: 'c', version: 'gcc 12' }),
    ],
    now,
  )
  expect(fleet.get('java')).toMatchObject({
    available: false,
    version: 'javac 17',
    problem: 'javac is missing (on 1 of 2 workers)',
  })
  expect(fleet.get('c')).toMatchObject({ available: true, problem: null })
})

test('a worker gone quiet no longer counts; when all are quiet the last reports stand', () => {
  const gone = report({
    workerId: 'old',
    available: false,
    problem: 'javac is missing',
    seenAt: ago(STALE_AFTER_MS + 1),
  })
  expect(fleetLanguages([gone, report({ workerId: 'new' })], now).get('java')?.available).toBe(true)
  expect(fleetLanguages([gone], now).get('java')).toMatchObject({
    available: false,
    problem: 'javac is missing',
  })
})
