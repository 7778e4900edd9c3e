import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { Server } from 'bun'
import { postWebhook } from './deliver.ts'

let server: Server<undefined>
let received: { path: string; headers: Headers; body: string }[] = []
beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const path = new URL(req.url).pathname
      received.push({ path, headers: req.headers, body: await req.text() })
      if (path === '/ok') return new Response('thanks', { status: 202 })
      if (path === '/redirect') return Response.redirect(`${server.url}ok`, 302)
      if (path === '/binary') return new Response('ok\u0000binary', { status: 200 })
      if (path === '/big') return new Response('x'.repeat(100_000), { status: 500 })
      if (path === '/slow') {
        await Bun.sleep(2000)
        return new Response('late')
      }
      return new Response('nope', { status: 404 })
    },
  })
})
afterAll(() => server.stop(true))

const url = (path: string) => `${server.url}${path.slice(1)}`

describe('postWebhook', () => {
  test('POSTs the body and headers; any 2xx is success', async () => {
    received = []
    const result = await postWebhook({
      url: url('/ok'),
      body: '{"a":1}',
      headers: { 'webhook-id': 'msg_1' },
    })
    expect(result).toMatchObject({ ok: true, statusCode: 202, error: null })
    expect(result.responseExcerpt).toBe('thanks')
    expect(received[0]?.body).toBe('{"a":1}')
    expect(received[0]?.headers.get('webhook-id')).toBe('msg_1')
    expect(received[0]?.headers.get('content-type')).toBe('application/json')
  })

  test('a binary body keeps no NUL in the excerpt (Postgres text cannot store one)', async () => {
    const result = await postWebhook({ url: url('/binary'), body: '{}', headers: {} })
    expect(result).toMatchObject({ ok: true, statusCode: 200 })
    expect(result.responseExcerpt).toBe('okbinary')
  })

  test('a redirect is a failure and is not followed', async () => {
    received = []
    const result = await postWebhook({ url: url('/redirect'), body: '{}', headers: {} })
    expect(result).toMatchObject({ ok: false, statusCode: 302 })
    expect(result.error).toContain('redirect')
    expect(received.map((r) => r.path)).toEqual(['/redirect'])
  })

  test('a non-2xx answer fails with its status; only a few KB of the body are kept', async () => {
    const result = await postWebhook({ url: url('/big'), body: '{}', headers: {} })
    expect(result).toMatchObject({ ok: false, statusCode: 500, error: null })
    expect(result.responseExcerpt?.length).toBe(2048)
  })

  test('a slow endpoint times out with the reason', async () => {
    const result = await postWebhook({ url: url('/slow'), body: '{}', headers: {}, timeoutMs: 200 })
    expect(result).toMatchObject({ ok: false, statusCode: null, error: 'timed out after 200 ms' })
    expect(result.durationMs).toBeGreaterThanOrEqual(150)
  })

  test('a refused connection is a failure with the reason, never a throw', async () => {
    const closed = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
    const port = closed.port
    closed.stop(true)
    const result = await postWebhook({ url: `http://127.0.0.1:${port}/`, body: '{}', headers: {} })
    expect(result.ok).toBe(false)
    expect(result.statusCode).toBeNull()
    expect(result.error).toMatch(/^request failed/)
  })
})
