import { waitUntil } from '@assess/db/testing'

export interface SseEvent {
  id: string | undefined
  event: string
  data: string
}

/**
 * A Server-Sent Events client for tests, as the SPA reads the stream: fetch with the
 * Authorization header and a stream reader. Events and comments collect as they arrive;
 * `waitFor` waits for a condition on them with a deadline (no fixed sleeps).
 */
export async function openSse(url: string, headers: Record<string, string>) {
  const abort = new AbortController()
  const res = await fetch(url, { headers, signal: abort.signal })
  const events: SseEvent[] = []
  const comments: string[] = []
  let ended = false
  const decoder = new TextDecoder()
  const reader = res.body?.getReader()
  const reading = (async () => {
    let buffer = ''
    try {
      for (;;) {
        const chunk = await reader?.read()
        if (!chunk || chunk.done) break
        buffer += decoder.decode(chunk.value, { stream: true })
        let end = buffer.indexOf('\n\n')
        while (end !== -1) {
          collect(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
          end = buffer.indexOf('\n\n')
        }
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true
    }
  })()

  function collect(block: string) {
    const event: SseEvent = { id: undefined, event: 'message', data: '' }
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim())
      else if (line.startsWith('id: ')) event.id = line.slice(4)
      else if (line.startsWith('event: ')) event.event = line.slice(7)
      else if (line.startsWith('data: ')) data.push(line.slice(6))
    }
    if (data.length > 0) events.push({ ...event, data: data.join('\n') })
  }

  return {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    get ended() {
      return ended
    },
    /** The parsed `data:` of every event so far (LiveEvent envelopes). */
    // biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary event JSON
    envelopes: (): any[] => events.map((e) => JSON.parse(e.data)),
    waitFor<T>(what: string, check: () => T | undefined | null | false, ms = 20_000) {
      return waitUntil(what, check, ms, 20)
    },
    async close() {
      abort.abort()
      await reading
    },
  }
}
export type SseClient = Awaited<ReturnType<typeof openSse>>
