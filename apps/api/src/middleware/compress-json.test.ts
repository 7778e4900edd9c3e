import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createStaff, oneMcq, startCandidate } from '../test/factories.ts'
import { createTestApp, type TestApp } from '../test/harness.ts'
import { acceptsGzip, COMPRESS_MIN_BYTES } from './compress-json.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

test('Accept-Encoding: gzip named, or * when gzip is not, without q=0', () => {
  const cases: [string | undefined, boolean][] = [
    ['gzip, deflate, br, zstd', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['GZIP', true],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip;q=0.0, *', false],
    ['*;q=0', false],
    ['identity', false],
    ['br', false],
    [undefined, false],
  ]
  expect(cases.map(([header]) => acceptsGzip(header))).toEqual(cases.map(([, ok]) => ok))
})

describe('JSON responses', () => {
  async function candidate() {
    // Enough questions for a session state well past COMPRESS_MIN_BYTES.
    const questions = Array.from({ length: 12 }, (_, i) => oneMcq(`Question ${i + 1}`))
    return startCandidate(t, (await createStaff(t)).actor, {
      assessment: { navigation: 'free', questions },
    })
  }
  const get = (path: string, token: string, acceptEncoding?: string) =>
    t.app.request(path, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(acceptEncoding && { 'accept-encoding': acceptEncoding }),
      },
    })

  test('go out gzip-compressed, whole, to a client that accepts it', async () => {
    const c = await candidate()
    const path = `/api/sessions/${c.sessionId}`
    const plain = await get(path, c.token)
    expect(plain.headers.get('content-encoding')).toBeNull()
    const text = await plain.text()
    expect(text.length).toBeGreaterThan(COMPRESS_MIN_BYTES)

    const zipped = await get(path, c.token, 'gzip, deflate, br')
    expect(zipped.status).toBe(200)
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(zipped.headers.get('vary')).toContain('Accept-Encoding')
    expect(zipped.headers.get('content-type')).toStartWith('application/json')
    // The security headers are still there.
    expect(zipped.headers.get('x-content-type-options')).toBe('nosniff')
    const bytes = new Uint8Array(await zipped.arrayBuffer())
    expect(bytes.byteLength).toBeLessThan(text.length / 2)
    const unzipped = JSON.parse(new TextDecoder().decode(Bun.gunzipSync(bytes)))
    // The same state (the server's clock moved on between the two reads).
    const { server_time: _a, ...same } = JSON.parse(text)
    const { server_time: _b, ...again } = unzipped
    expect(again).toEqual(same)
  })

  // The read above sends JSON text it serialized itself (routes/json-text.ts); resume's
  // response is built by c.json, and this middleware compresses it.
  test('built by c.json, they are compressed the same way', async () => {
    const c = await candidate()
    const zipped = await get('/api/sessions/active', c.token, 'gzip')
    expect(zipped.status).toBe(200)
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(zipped.headers.get('vary')).toContain('Accept-Encoding')
    expect(zipped.headers.get('x-content-type-options')).toBe('nosniff')
    const body = JSON.parse(
      new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await zipped.arrayBuffer()))),
    )
    expect(body.active_session.session.id).toBe(c.sessionId)
    expect(body.active_session.questions).toHaveLength(12)
  })

  test('small ones, errors included, go out as they are', async () => {
    const c = await candidate()
    const heartbeat = await t.app.request(`/api/sessions/${c.sessionId}/heartbeat`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${c.token}`,
        'x-session-lease': c.lease,
        'accept-encoding': 'gzip',
      },
    })
    expect(heartbeat.status).toBe(200)
    expect(heartbeat.headers.get('content-encoding')).toBeNull()
    expect(((await heartbeat.json()) as { server_time: unknown }).server_time).toBeString()
    const missing = await get(`/api/sessions/${crypto.randomUUID()}`, c.token, 'gzip')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-encoding')).toBeNull()
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'session_not_found',
    )
  })
})
