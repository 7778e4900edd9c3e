import type { LiveEntry } from '@assess/live'
import type { SSEMessage } from 'hono/streaming'

/** One stream entry as an SSE event: its stream id, its type, and the envelope as stored. */
export const liveEventView = (entry: LiveEntry): SSEMessage => ({
  id: entry.id,
  event: entry.type,
  data: entry.data,
})
