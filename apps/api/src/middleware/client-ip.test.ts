import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createInvitedCandidate, createStaff } from '../test/factories.ts'
import { createTestApp, type TestApp } from '../test/harness.ts'
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts'

// A few hundred requests on a busy 2-core machine.
setDefaultTimeout(60_000)

const ACCEPTS_PER_MINUTE = 60 // invitations.router.ts
const PROXY = '127.0.0.1' // the reverse proxy, as the API's socket sees it
const LOGINS_PER_WINDOW = 3

function trust(text: string): TrustProxy {
  const parsed = parseTrustProxy(text)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.rule
}
const config = (trustProxy?: TrustProxy) => ({
  ...(trustProxy ? { trustProxy } : {}),
  loginRateLimit: {
    perIp: LOGINS_PER_WINDOW,
    windowMs: 60_000,
    perAccountAndAddress: { freeAttempts: 100, baseDelayMs: 1, maxDelayMs: 1, forgetAfterMs: 1 },
  },
})

let direct: TestApp // TRUST_PROXY unset
let oneHop: TestApp // TRUST_PROXY=1
let loopback: TestApp // TRUST_PROXY=loopback
beforeAll(async () => {
  ;[direct, oneHop, loopback] = await Promise.all([
    createTestApp(config()),
    createTestApp(config(trust('1'))),
    createTestApp(config(trust('loopback'))),
  ])
})
afterAll(() => Promise.all([direct, oneHop, loopback].map((t) => t.close())))

let seq = 0
/** An address no other request in this file uses. */
const freshAddress = () => `198.51.${Math.floor(++seq / 250)}.${(seq % 250) + 1}`

/** An accept of an unknown link: 404 once the rate limit lets it through, 429 when it does not. */
const accept = (t: TestApp, ip: string, forwardedFor?: string) =>
  t.request('POST', `/api/invitations/${'x'.repeat(43)}/accept`, {
    ip,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  })

async function statuses(requests: (() => Promise<{ status: number }>)[]) {
  const seen: number[] = []
  for (const request of requests) seen.push((await request()).status)
  return seen
}

/** Accepts an invitation and starts the attempt through the proxy; returns the stored session ip. */
async function startThroughProxy(t: TestApp, socket: string, forwardedFor: string) {
  const staff = await createStaff(t)
  const { linkToken, assessment } = await createInvitedCandidate(t, staff.actor)
  const headers = { 'x-forwarded-for': forwardedFor }
  const accepted = await t.request('POST', `/api/invitations/${linkToken}/accept`, {
    ip: socket,
    headers,
  })
  expect(accepted.status).toBe(200)
  const started = await t.request('POST', `/api/assessments/${assessment.id}/sessions`, {
    token: accepted.body.token,
    ip: socket,
    headers,
  })
  expect(started.status).toBe(201)
  const [row] =
    await t.sql`SELECT host(ip) AS ip FROM test_sessions WHERE id = ${started.body.session.id}`
  return row?.ip as string | null
}

describe('TRUST_PROXY unset: the socket is the client', () => {
  test('a different X-Forwarded-For on every request still shares the socket’s limit', async () => {
    const socket = freshAddress()
    const seen = await statuses(
      Array.from(
        { length: ACCEPTS_PER_MINUTE + 1 },
        () => () => accept(direct, socket, freshAddress()),
      ),
    )
    expect(seen.slice(0, ACCEPTS_PER_MINUTE).every((s) => s === 404)).toBe(true)
    expect(seen.at(-1)).toBe(429)
    // Another socket is another client.
    expect((await accept(direct, freshAddress(), 'spoofed')).status).toBe(404)
  })

  test('the session records the socket’s address, not the forwarded one', async () => {
    const socket = freshAddress()
    expect(await startThroughProxy(direct, socket, '192.0.2.50')).toBe(socket)
  })

  test('login attempts count per socket too', async () => {
    const socket = freshAddress()
    const login = () =>
      direct.request('POST', '/api/auth/login', {
        ip: socket,
        headers: { 'x-forwarded-for': freshAddress() },
        body: { email: 'nobody@example.test', password: 'wrong' },
      })
    const seen = await statuses(Array.from({ length: LOGINS_PER_WINDOW + 1 }, () => login))
    expect(seen).toEqual([...Array<number>(LOGINS_PER_WINDOW).fill(401), 429])
  })
})

describe('TRUST_PROXY=1: the address the proxy forwarded is the client', () => {
  test('a hiring event behind one proxy is not one client; one candidate alone is limited', async () => {
    const crowd = await statuses(
      Array.from(
        { length: ACCEPTS_PER_MINUTE + 5 },
        () => () => accept(oneHop, PROXY, freshAddress()),
      ),
    )
    expect(crowd.every((s) => s === 404)).toBe(true)

    // One address, even with a spoofed entry on the left each time (the proxy appends the real one).
    const candidate = freshAddress()
    const alone = await statuses(
      Array.from(
        { length: ACCEPTS_PER_MINUTE + 1 },
        () => () => accept(oneHop, PROXY, `${freshAddress()}, ${candidate}`),
      ),
    )
    expect(alone.slice(0, ACCEPTS_PER_MINUTE).every((s) => s === 404)).toBe(true)
    expect(alone.at(-1)).toBe(429)
    expect((await accept(oneHop, PROXY, freshAddress())).status).toBe(404)
  })

  test('the session records the forwarded client, not a spoofed entry or the proxy', async () => {
    const client = freshAddress()
    expect(await startThroughProxy(oneHop, PROXY, `203.0.113.66, ${client}`)).toBe(client)
  })

  test('login attempts count per forwarded client; garbage falls back to the proxy', async () => {
    const client = freshAddress()
    const login = (forwardedFor: string) => () =>
      oneHop.request('POST', '/api/auth/login', {
        ip: PROXY,
        headers: { 'x-forwarded-for': forwardedFor },
        body: { email: 'nobody@example.test', password: 'wrong' },
      })
    const seen = await statuses(Array.from({ length: LOGINS_PER_WINDOW + 1 }, () => login(client)))
    expect(seen).toEqual([...Array<number>(LOGINS_PER_WINDOW).fill(401), 429])
    expect((await login(freshAddress())()).status).toBe(401)
    // An unreadable header is the proxy's own address: a 4xx from the limiter, never a 500.
    const garbage = await statuses(
      Array.from({ length: LOGINS_PER_WINDOW + 1 }, (_, i) => login(`not-an-ip-${i}`)),
    )
    expect(garbage).toEqual([...Array<number>(LOGINS_PER_WINDOW).fill(401), 429])
  })
})

describe('TRUST_PROXY=loopback', () => {
  test('a loopback proxy (even IPv4-mapped) is skipped; the first outside address is the client', async () => {
    const candidate = freshAddress()
    const seen = await statuses(
      Array.from(
        { length: ACCEPTS_PER_MINUTE + 1 },
        (_, i) => () =>
          accept(loopback, i % 2 ? '::ffff:127.0.0.1' : '::1', `${candidate}, 127.0.0.2`),
      ),
    )
    expect(seen.slice(0, ACCEPTS_PER_MINUTE).every((s) => s === 404)).toBe(true)
    expect(seen.at(-1)).toBe(429)
    expect((await accept(loopback, '::1', freshAddress())).status).toBe(404)
    // A socket outside loopback is a client itself, whatever it forwards.
    const outsider = freshAddress()
    expect(await startThroughProxy(loopback, outsider, '192.0.2.50')).toBe(outsider)
    const mapped = freshAddress()
    expect(await startThroughProxy(loopback, '::ffff:127.0.0.1', `::ffff:${mapped}`)).toBe(mapped)
  })
})
