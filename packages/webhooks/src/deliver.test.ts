import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Server } from 'bun'
import { pinnedTarget, postWebhook, postWebhookToAny } from './deliver.ts'

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

/** A self-signed certificate for `name` (its own CA), made by Debian's openssl. */
async function selfSigned(name: string) {
  const dir = await mkdtemp(join(tmpdir(), 'webhook-tls-'))
  const run = Bun.spawn(
    [
      'openssl',
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=DNS:${name}`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdout: 'ignore', stderr: 'pipe' },
  )
  if ((await run.exited) !== 0) throw new Error(await new Response(run.stderr).text())
  const pem = {
    cert: await readFile(join(dir, 'cert.pem'), 'utf8'),
    key: await readFile(join(dir, 'key.pem'), 'utf8'),
  }
  await rm(dir, { recursive: true, force: true })
  return pem
}

describe('postWebhook connecting to the checked address (no second DNS lookup)', () => {
  // `.test` names never resolve: a request that reaches the server went to the pinned address.
  const NAME = 'hooks.example.test'

  test('http: the request reaches the address, with the name in the Host header', async () => {
    received = []
    const result = await postWebhook({
      url: `http://${NAME}:${server.port}/ok?x=1`,
      connectTo: '127.0.0.1',
      body: '{}',
      headers: {},
    })
    expect(result).toMatchObject({ ok: true, statusCode: 202 })
    expect(received[0]?.headers.get('host')).toBe(`${NAME}:${server.port}`)
    // Without the pin the name is looked up, and does not resolve.
    const unpinned = await postWebhook({
      url: `http://${NAME}:${server.port}/ok`,
      body: '{}',
      headers: {},
    })
    expect(unpinned.ok).toBe(false)
  })

  test('https: SNI and the certificate check use the name, not the address', async () => {
    const good = await selfSigned(NAME)
    const other = await selfSigned('elsewhere.example.test')
    const serve = (pem: { cert: string; key: string }) =>
      Bun.serve({
        port: 0,
        hostname: '127.0.0.1',
        tls: pem,
        fetch: (req) => new Response(`hello ${req.headers.get('host')}`),
      })
    const right = serve(good)
    const wrong = serve(other)
    try {
      const ok = await postWebhook({
        url: `https://${NAME}:${right.port}/hook`,
        connectTo: '127.0.0.1',
        ca: good.cert,
        body: '{}',
        headers: {},
      })
      expect(ok).toMatchObject({ ok: true, statusCode: 200 })
      expect(ok.responseExcerpt).toBe(`hello ${NAME}:${right.port}`)
      // A certificate for another name is refused, even from a trusted CA.
      const refused = await postWebhook({
        url: `https://${NAME}:${wrong.port}/hook`,
        connectTo: '127.0.0.1',
        ca: other.cert,
        body: '{}',
        headers: {},
      })
      expect(refused.ok).toBe(false)
      expect(refused.statusCode).toBeNull()
      expect(refused.error).toStartWith('request failed')
    } finally {
      right.stop(true)
      wrong.stop(true)
    }
  })

  test('an address that refuses the connection passes to the next one checked', async () => {
    received = []
    // Nothing listens on 127.0.0.2 (the server is bound to 127.0.0.1): refused at once.
    const result = await postWebhookToAny({
      url: `http://${NAME}:${server.port}/ok`,
      addresses: ['127.0.0.2', '127.0.0.1'],
      body: '{}',
      headers: {},
    })
    expect(result).toMatchObject({ ok: true, statusCode: 202 })
    expect(received).toHaveLength(1)
    const none = await postWebhookToAny({
      url: `http://${NAME}:${server.port}/ok`,
      addresses: ['127.0.0.2', '127.0.0.3'],
      body: '{}',
      headers: {},
    })
    expect(none).toMatchObject({ ok: false, statusCode: null })
    expect(none.error).toStartWith('request failed')
  })

  test('an endpoint that answers (even 500) is not tried at another address', async () => {
    received = []
    const result = await postWebhookToAny({
      url: `http://${NAME}:${server.port}/big`,
      addresses: ['127.0.0.1', '127.0.0.1'],
      body: '{}',
      headers: {},
    })
    expect(result.statusCode).toBe(500)
    expect(received).toHaveLength(1)
  })

  test('an IPv6 address is bracketed in the URL; the Host keeps the name and port', () => {
    expect(pinnedTarget('https://hooks.example.test:8443/a?b=1', '2001:db8::1')).toEqual({
      url: 'https://[2001:db8::1]:8443/a?b=1',
      host: 'hooks.example.test:8443',
      serverName: 'hooks.example.test',
    })
    expect(pinnedTarget('http://hooks.example.test/a', '93.184.216.34')).toEqual({
      url: 'http://93.184.216.34/a',
      host: 'hooks.example.test',
      serverName: 'hooks.example.test',
    })
  })
})
