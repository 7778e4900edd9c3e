import { describe, expect, test } from 'bun:test'
import { connectSse, readSse, type SseMessage, SseParser, type SseState } from './sse.ts'

const parseAll = (chunks: string[]) => {
  const parser = new SseParser()
  return chunks.flatMap((c) => parser.push(c))
}

describe('SseParser', () => {
  test('events, ids, types, comments and multi-line data', () => {
    const text =
      ': connected\n\n' +
      'id: 1-0\nevent: session.started\ndata: {"a":1}\n\n' +
      ': heartbeat\n\n' +
      'data: line one\ndata: line two\n\n'
    expect(parseAll([text])).toEqual([
      { id: '1-0', event: 'session.started', data: '{"a":1}' },
      // The id stays in effect for later events, as EventSource does.
      { id: '1-0', event: 'message', data: 'line one\nline two' },
    ])
  })

  test('the same events whatever the chunking, with LF, CRLF or CR line ends', () => {
    const lf = 'id: 7-1\nevent: x\ndata: hello\n\nid: 7-2\ndata: bye\n\n'
    const expected = parseAll([lf])
    expect(expected).toHaveLength(2)
    for (const text of [lf, lf.replaceAll('\n', '\r\n'), lf.replaceAll('\n', '\r')]) {
      for (let cut = 0; cut <= text.length; cut++)
        expect(parseAll([text.slice(0, cut), text.slice(cut)])).toEqual(expected)
      expect(parseAll([...text])).toEqual(expected) // one character at a time
    }
  })

  test('field rules: one space dropped, no colon, unknown fields, no data means no event', () => {
    expect(parseAll(['data:  two spaces\n\n'])).toEqual([
      { id: undefined, event: 'message', data: ' two spaces' },
    ])
    expect(parseAll(['data\n\n'])).toEqual([{ id: undefined, event: 'message', data: '' }])
    expect(parseAll(['retry: 10\nfoo: bar\nevent: only\n\n'])).toEqual([])
    expect(parseAll(['id: 3-0\n\ndata: x\n\n'])).toEqual([
      { id: '3-0', event: 'message', data: 'x' },
    ])
    expect(parseAll(['data: incomplete'])).toEqual([])
  })
})

test('readSse reads a byte stream split inside a multi-byte character', async () => {
  const bytes = new TextEncoder().encode('event: é\ndata: ünïcode\n\n')
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const byte of bytes) controller.enqueue(new Uint8Array([byte]))
      controller.close()
    },
  })
  const got: SseMessage[] = []
  for await (const m of readSse(body)) got.push(m)
  expect(got).toEqual([{ id: undefined, event: 'é', data: 'ünïcode' }])
})

/** A scripted server: each connection gets the next response; records what was asked. */
function fakeServer(responses: (() => Response | Promise<Response>)[]) {
  const requests: Record<string, string>[] = []
  const fetch = (async (_url: string, init: RequestInit) => {
    requests.push({ ...(init.headers as Record<string, string>) })
    const next = responses.shift()
    if (!next)
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      ) // no more: hang until aborted
    return next()
  }) as unknown as typeof globalThis.fetch
  return { fetch, requests }
}

const streamOf = (text: string, keepOpen = false) =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text))
        if (!keepOpen) controller.close()
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  )

/** Waits for `check` (in-process work only: 5 s bounds a failure, never a pass). */
async function until(check: () => boolean) {
  const deadline = Date.now() + 5000
  while (!check() && Date.now() < deadline) await Bun.sleep(1)
  expect(check()).toBe(true)
}

describe('connectSse', () => {
  test('reconnects after a drop, with Last-Event-ID and growing backoff', async () => {
    const server = fakeServer([
      () => streamOf('id: 1-0\nevent: a\ndata: {}\n\nid: 2-0\nevent: b\ndata: {}\n\n'),
      () => new Response('down', { status: 503 }),
      () => streamOf('id: 3-0\nevent: c\ndata: {}\n\n', true),
    ])
    const messages: string[] = []
    const states: SseState[] = []
    const sleeps: number[] = []
    const client = connectSse({
      url: '/api/live',
      headers: () => ({ authorization: 'Bearer t' }),
      onMessage: (m) => messages.push(`${m.event}@${m.id}`),
      onState: (s) => states.push(s),
      fetch: server.fetch,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    })
    await until(() => messages.length === 3)
    expect(messages).toEqual(['a@1-0', 'b@2-0', 'c@3-0'])
    expect(server.requests.map((h) => h['last-event-id'])).toEqual([undefined, '2-0', '2-0'])
    expect(server.requests.every((h) => h.authorization === 'Bearer t')).toBe(true)
    expect(sleeps).toEqual([1000, 2000]) // after the drop, then after the 503
    expect(states.filter((s) => s.kind === 'open')).toEqual([
      { kind: 'open', reconnected: false },
      { kind: 'open', reconnected: true },
    ])
    client.close()
    await until(() => states.at(-1)?.kind === 'closed')
  })

  test('a 401 is final: no retry, the failure is reported', async () => {
    const server = fakeServer([() => new Response('{"error":{}}', { status: 401 })])
    const states: SseState[] = []
    connectSse({
      url: '/api/live',
      headers: () => ({}),
      onMessage: () => {},
      onState: (s) => states.push(s),
      fetch: server.fetch,
      sleep: async () => {},
    })
    await until(() => states.at(-1)?.kind === 'closed')
    expect(states.map((s) => s.kind)).toEqual(['connecting', 'failed', 'closed'])
    expect(server.requests).toHaveLength(1)
  })

  test('a connection that goes quiet past the idle timeout is dropped and reopened', async () => {
    const server = fakeServer([
      () => streamOf(': connected\n\n', true), // then silence
      () => streamOf('id: 9-0\ndata: {}\n\n', true),
    ])
    const messages: SseMessage[] = []
    const client = connectSse({
      url: '/api/live',
      headers: () => ({}),
      onMessage: (m) => messages.push(m),
      fetch: server.fetch,
      sleep: async () => {},
      idleTimeoutMs: 20,
    })
    await until(() => messages.length === 1)
    expect(server.requests).toHaveLength(2)
    client.close()
  })
})
