import { afterAll, describe, expect, test } from 'bun:test'
import { type LiveEvent, UnavailableError } from '@assess/core'
import Redis from 'ioredis'
import { createLivePublisher } from './publisher.ts'
import { createLiveReader, type LiveSubscription } from './reader.ts'
import { compareIds, streamKey } from './stream.ts'

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
const prefix = `assess_test_live_${crypto.randomUUID().slice(0, 8)}`
const warnings: string[] = []
const logger = { warn: (_: object, msg: string) => void warnings.push(msg) }
const live = createLivePublisher({ redis, prefix, logger })

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length) await redis.del(...keys)
  await redis.quit()
})

const org = () => crypto.randomUUID()
/** A session of `orgId` that is not a preview. */
const subject = (orgId: string) => ({ orgId, preview: false })
const assessmentA = crypto.randomUUID()
const assessmentB = crypto.randomUUID()

function started(sessionId: string, assessmentId = assessmentA): LiveEvent {
  return {
    type: 'session.started',
    at: new Date().toISOString(),
    session_id: sessionId,
    assessment_id: assessmentId,
    data: { assessment_title: 'T', attempt_number: 1, total_questions: 3, expires_at: null },
  }
}

/** Reads until `count` entries came (or fails after `ms`): no fixed sleeps. */
async function take(subscription: LiveSubscription, count: number, ms = 10_000) {
  const got: { id: string; type: string; session: string }[] = []
  const deadline = Date.now() + ms
  while (got.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${got.length} of ${count} entries came`)
    for (const e of await subscription.next(200))
      got.push({ id: e.id, type: e.type, session: JSON.parse(e.data).session_id })
  }
  return got
}

describe('live streams', () => {
  test('several events published in one call arrive in order', async () => {
    const orgId = org()
    const reader = createLiveReader({ redis, prefix, maxStreams: 5 })
    const sub = await reader.open({ orgId })
    const ids = [4, 5, 6].map((n) => `00000000-0000-4000-8000-00000000000${n}`)
    await live.publish(subject(orgId), ...ids.map((id) => started(id)))
    expect((await take(sub, 3)).map((e) => e.session)).toEqual(ids)
    sub.close()
  })

  test('calls of one tick share a round trip: each stream gets its events in call order', async () => {
    const [orgA, orgB] = [org(), org()]
    let pipelines = 0
    const counted = Object.assign(Object.create(redis), {
      pipeline: () => {
        pipelines++
        return redis.pipeline()
      },
    })
    const publisher = createLivePublisher({ redis: counted, prefix, logger })
    const ids = Array.from({ length: 40 }, () => crypto.randomUUID())
    // Not awaited one by one: all forty calls land in the same tick, so in one pipeline.
    await Promise.all(
      ids.map((id, i) => publisher.publish(subject(i % 2 ? orgB : orgA), started(id))),
    )
    expect(pipelines).toBe(1)
    for (const [orgId, parity] of [
      [orgA, 0],
      [orgB, 1],
    ] as const) {
      const key = streamKey(prefix, orgId)
      const entries = await redis.xrange(key, '-', '+')
      const sessions = entries.map(
        ([, fields]) => JSON.parse(fields[fields.length - 1] ?? '{}').session_id,
      )
      expect(sessions).toEqual(ids.filter((_, i) => i % 2 === parity))
      expect(await redis.ttl(key)).toBeGreaterThan(0)
    }
  })

  test('a subscription sees what is published after it opened, nothing from before', async () => {
    const orgId = org()
    const reader = createLiveReader({ redis, prefix, maxStreams: 5 })
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-000000000001'))
    const sub = await reader.open({ orgId })
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-000000000002'))
    await live.publish(subject(org()), started('00000000-0000-4000-8000-000000000003')) // another org
    const [first] = await take(sub, 1)
    expect(first).toMatchObject({
      type: 'session.started',
      session: '00000000-0000-4000-8000-000000000002',
    })
    expect(await sub.next(50)).toEqual([])
    sub.close()
  })

  test('after an id: exactly the entries after it are replayed, then live ones follow', async () => {
    const orgId = org()
    const reader = createLiveReader({ redis, prefix, maxStreams: 5 })
    const sessions = Array.from(
      { length: 250 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    )
    for (const id of sessions) await live.publish(subject(orgId), started(id))
    const all = (await redis.xrange(streamKey(prefix, orgId), '-', '+')).map(([id]) => id)
    expect(all).toHaveLength(250)
    // Past one replay batch (100), so the replay takes several reads.
    const sub = await reader.open({ orgId, after: all[9] })
    const replayed = await take(sub, 240)
    expect(replayed.map((e) => e.id)).toEqual(all.slice(10))
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-999999999999'))
    const [next] = await take(sub, 1)
    expect(next?.session).toBe('00000000-0000-4000-8000-999999999999')
    sub.close()
  })

  test('an assessment filter passes only that assessment’s entries, in replay and live', async () => {
    const orgId = org()
    const reader = createLiveReader({ redis, prefix, maxStreams: 5 })
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-00000000000a', assessmentB))
    const firstId = (await redis.xrange(streamKey(prefix, orgId), '-', '+'))[0]?.[0]
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-00000000000b', assessmentA))
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-00000000000c', assessmentB))
    const sub = await reader.open({ orgId, after: firstId, assessmentId: assessmentB })
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-00000000000d', assessmentA))
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-00000000000e', assessmentB))
    const got = await take(sub, 2)
    expect(got.map((e) => e.session)).toEqual([
      '00000000-0000-4000-8000-00000000000c',
      '00000000-0000-4000-8000-00000000000e',
    ])
    sub.close()
  })

  test('the stream stays bounded (MAXLEN ~) and expires when quiet', async () => {
    const orgId = org()
    const small = createLivePublisher({ redis, prefix, logger, maxLen: 10 })
    for (let i = 0; i < 400; i++) await small.publish(subject(orgId), started(crypto.randomUUID()))
    const key = streamKey(prefix, orgId)
    // `~` trims whole nodes (100 entries by default), so a little over the bound may stay.
    expect(await redis.xlen(key)).toBeLessThanOrEqual(10 + 100)
    expect(await redis.ttl(key)).toBeGreaterThan(0)
  })

  test('an id from the future replays nothing and waits for new entries', async () => {
    const orgId = org()
    const reader = createLiveReader({ redis, prefix, maxStreams: 5 })
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-0000000000f1'))
    const sub = await reader.open({ orgId, after: `${Date.now() + 86_400_000}-0` })
    expect(await sub.next(50)).toEqual([])
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-0000000000f2'))
    expect((await take(sub, 1))[0]?.session).toBe('00000000-0000-4000-8000-0000000000f2')
    sub.close()
  })

  test('bounded: past maxStreams a client gets 503; closing frees the slot; close ends a wait', async () => {
    const reader = createLiveReader({ redis, prefix, maxStreams: 1 })
    const orgId = org()
    const first = await reader.open({ orgId })
    expect(reader.openCount).toBe(1)
    const refused = await reader.open({ orgId }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(UnavailableError)
    expect((refused as UnavailableError).details).toEqual({ retry_after_seconds: 5 })
    const waiting = first.next(30_000)
    first.close()
    // The pending XREAD is cut short by the dropped connection, not left for 30 s.
    await expect(waiting).rejects.toThrow()
    expect(reader.openCount).toBe(0)
    const second = await reader.open({ orgId })
    reader.closeAll()
    expect(second.closed).toBe(true)
    expect(await reader.open({ orgId }).catch((e: unknown) => e)).toBeInstanceOf(UnavailableError)
  })

  test("a staff member's preview publishes nothing; its organization's other sessions do", async () => {
    const orgId = org()
    const reader = createLiveReader({ redis, prefix, maxStreams: 5 })
    const sub = await reader.open({ orgId })
    await live.publish({ orgId, preview: true }, started('00000000-0000-4000-8000-0000000000a1'))
    await live.publish(subject(orgId), started('00000000-0000-4000-8000-0000000000a2'))
    expect((await take(sub, 1)).map((e) => e.session)).toEqual([
      '00000000-0000-4000-8000-0000000000a2',
    ])
    expect(await sub.next(50)).toEqual([])
    expect(await redis.xlen(streamKey(prefix, orgId))).toBe(1)
    sub.close()
  })

  test('publishing to a Redis that is down resolves, logs, and never throws', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
      lazyConnect: true,
    })
    down.on('error', () => {})
    const publisher = createLivePublisher({ redis: down, prefix, logger })
    const before = warnings.length
    await expect(
      publisher.publish(subject(org()), started(crypto.randomUUID())),
    ).resolves.toBeUndefined()
    expect(warnings.slice(before)).toEqual(['could not publish live events'])
    down.disconnect()
  })

  test('opening while Redis is down is a 503, not a hang', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true })
    down.on('error', () => {})
    const reader = createLiveReader({ redis: down, prefix, maxStreams: 5 })
    expect(await reader.open({ orgId: org() }).catch((e: unknown) => e)).toBeInstanceOf(
      UnavailableError,
    )
    expect(reader.openCount).toBe(0)
    down.disconnect()
  })
})

test('stream ids compare as numbers, not text', () => {
  expect(compareIds('9-0', '10-0')).toBe(-1)
  expect(compareIds('10-2', '10-10')).toBe(-1)
  expect(compareIds('10-1', '10-1')).toBe(0)
  expect(compareIds('1700000000001-0', '1700000000000-5')).toBe(1)
})
