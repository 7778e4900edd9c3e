import { describe, expect, test } from 'bun:test'
import { parseEnv } from '@assess/core'
import { WorkerEnv } from '../env.ts'

const parse = (env: Record<string, string>) => parseEnv(WorkerEnv, env)

describe('the worker’s webhook settings', () => {
  test('defaults: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h; private networks refused; 10 s timeout', () => {
    const parsed = parse({})
    if (!parsed.ok) throw new Error(parsed.message)
    expect(parsed.env.WEBHOOK_RETRY_DELAYS).toEqual([5, 300, 1800, 7200, 18000, 36000])
    expect(parsed.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false)
    expect(parsed.env.WEBHOOK_TIMEOUT_MS).toBe(10_000)
  })

  test('WEBHOOK_RETRY_DELAYS takes seconds, comma-separated; WEBHOOK_ALLOW_PRIVATE_NETWORKS a boolean', () => {
    const parsed = parse({ WEBHOOK_RETRY_DELAYS: '1, 2,3', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' })
    if (!parsed.ok) throw new Error(parsed.message)
    expect(parsed.env.WEBHOOK_RETRY_DELAYS).toEqual([1, 2, 3])
    expect(parsed.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(true)
  })

  test.each(['0', '-5', '1.5', '5,,10', 'soon', '1,2,x', '999999999'])(
    'WEBHOOK_RETRY_DELAYS=%s is refused, naming the variable',
    (value) => {
      const parsed = parse({ WEBHOOK_RETRY_DELAYS: value })
      expect(parsed.ok).toBe(false)
      if (!parsed.ok) expect(parsed.message).toContain('WEBHOOK_RETRY_DELAYS')
    },
  )

  test('WEBHOOK_ALLOW_PRIVATE_NETWORKS=maybe is refused', () => {
    expect(parse({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'maybe' }).ok).toBe(false)
  })
})
