import { backoffDelay } from '../../api/backoff.ts'

/**
 * Server-Sent Events over fetch, for streams that need an Authorization header (EventSource
 * cannot send one, and a token never goes in a URL).
 *
 * Invariants:
 * - The parser follows the WHATWG event-stream rules: lines end in LF, CRLF or CR (even split
 *   across chunks), `:` lines are comments, one leading space after the colon is dropped, `data`
 *   lines join with LF, a blank line dispatches, and an event without data is not dispatched
 *   (its `id` still counts).
 * - The client remembers the last id it received and sends it as Last-Event-ID on every
 *   reconnect, so the server replays what was missed; nothing is delivered twice by design.
 * - It reconnects after any drop (the server ended the stream, the network failed, or nothing
 *   arrived for `idleTimeoutMs`, heartbeats included) with exponential backoff; a 4xx other
 *   than 408/429 is final: retrying would not change the answer.
 */

export interface SseMessage {
  /** The id in effect for this event (the stream's last `id:`), if any. */
  id: string | undefined
  event: string
  data: string
}

/** Incremental parser: push text as it arrives, get the complete events back. */
export class SseParser {
  private buffer = ''
  private data: string[] = []
  private event = ''
  private lastId: string | undefined
  /** A CR ended the last chunk: an LF opening the next one belongs to the same line end. */
  private pendingCr = false

  push(text: string): SseMessage[] {
    let input = text
    if (this.pendingCr && input.startsWith('\n')) input = input.slice(1)
    this.pendingCr = false
    this.buffer += input
    const out: SseMessage[] = []
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/)
      if (end === -1) break
      const line = this.buffer.slice(0, end)
      const crlf = this.buffer.startsWith('\r\n', end)
      if (!crlf && this.buffer[end] === '\r' && end === this.buffer.length - 1)
        this.pendingCr = true
      this.buffer = this.buffer.slice(end + (crlf ? 2 : 1))
      const message = this.line(line)
      if (message) out.push(message)
    }
    return out
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch()
    if (line.startsWith(':')) return null
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') this.data.push(value)
    else if (field === 'event') this.event = value
    else if (field === 'id' && !value.includes('\0')) this.lastId = value
    return null
  }

  private dispatch(): SseMessage | null {
    const message =
      this.data.length > 0
        ? { id: this.lastId, event: this.event || 'message', data: this.data.join('\n') }
        : null
    this.data = []
    this.event = ''
    return message
  }
}

/** The events of a response body, as they arrive, until it ends or `signal` aborts. */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  options: { onChunk?: () => void; signal?: AbortSignal } = {},
): AsyncGenerator<SseMessage> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const parser = new SseParser()
  // Not every body follows its request's signal: cancelling the reader ends a pending read.
  const cancel = () => void reader.cancel().catch(() => {})
  options.signal?.addEventListener('abort', cancel)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || options.signal?.aborted) return
      options.onChunk?.()
      yield* parser.push(decoder.decode(value, { stream: true }))
    }
  } finally {
    options.signal?.removeEventListener('abort', cancel)
    reader.releaseLock()
  }
}

export type SseState =
  | { kind: 'connecting' }
  | { kind: 'open'; reconnected: boolean }
  | { kind: 'retrying'; inMs: number; error: string }
  | { kind: 'failed'; status: number; body: string }
  | { kind: 'closed' }

export interface SseOptions {
  url: string
  /** Read on every (re)connect, so a renewed token is used. */
  headers: () => Record<string, string>
  onMessage: (message: SseMessage) => void
  onState?: (state: SseState) => void
  /** No bytes for this long (heartbeats included): the connection is dead; reconnect. */
  idleTimeoutMs?: number
  backoff?: { baseMs: number; maxMs: number }
  fetch?: typeof fetch
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  random?: () => number
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    })
  })

const isFinal = (status: number) =>
  status >= 400 && status < 500 && status !== 408 && status !== 429

/** Opens the stream and keeps it open until `close()` (or a final refusal). */
export function connectSse(options: SseOptions): { close: () => void } {
  const stop = new AbortController()
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const sleep = options.sleep ?? abortableSleep
  const backoff = options.backoff ?? { baseMs: 1000, maxMs: 30_000 }
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000
  const setState = (state: SseState) => {
    if (!stop.signal.aborted || state.kind === 'closed') options.onState?.(state)
  }
  let lastId: string | undefined

  async function run() {
    let failures = 0
    let opened = false
    while (!stop.signal.aborted) {
      const attempt = new AbortController()
      const abortAttempt = () => attempt.abort()
      stop.signal.addEventListener('abort', abortAttempt)
      let idle: ReturnType<typeof setTimeout> | undefined
      const alive = () => {
        clearTimeout(idle)
        idle = setTimeout(abortAttempt, idleTimeoutMs)
      }
      let error = 'the stream ended'
      try {
        setState({ kind: 'connecting' })
        alive()
        const res = await doFetch(options.url, {
          headers: {
            accept: 'text/event-stream',
            ...options.headers(),
            ...(lastId !== undefined && { 'last-event-id': lastId }),
          },
          signal: attempt.signal,
        })
        if (!res.ok || !res.body) {
          if (isFinal(res.status)) {
            setState({ kind: 'failed', status: res.status, body: await res.text().catch(() => '') })
            return
          }
          throw new Error(`HTTP ${res.status}`)
        }
        setState({ kind: 'open', reconnected: opened })
        opened = true
        failures = 0
        for await (const message of readSse(res.body, { onChunk: alive, signal: attempt.signal })) {
          if (message.id !== undefined) lastId = message.id
          options.onMessage(message)
        }
      } catch (err) {
        error = attempt.signal.aborted ? 'no data for too long' : (err as Error).message
      } finally {
        clearTimeout(idle)
        stop.signal.removeEventListener('abort', abortAttempt)
      }
      if (stop.signal.aborted) break
      failures++
      const inMs = backoffDelay(failures, backoff, options.random)
      setState({ kind: 'retrying', inMs, error })
      await sleep(inMs, stop.signal)
    }
  }

  void run().finally(() => setState({ kind: 'closed' }))
  return { close: () => stop.abort() }
}
