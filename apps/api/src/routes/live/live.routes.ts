import { LiveEvent, LiveHeaders, LiveQuery } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { bearer, errors } from '../openapi.ts'

export const stream = createRoute({
  method: 'get',
  path: '/live',
  tags: ['live'],
  summary:
    "Server-Sent Events of the organization's sessions as they happen, from every API instance " +
    'and the worker. Each event: `id:` (send it back as Last-Event-ID to replay what was ' +
    'missed), `event:` (the type) and `data:` (a LiveEvent as JSON); a `: heartbeat` comment ' +
    'every 15 s. Read it with fetch and the Authorization header (tokens never go in the URL).',
  description:
    'Staff of the organization; `assessment_id` narrows the stream to one of its assessments ' +
    "(another organization's is a 404). Staff previews send nothing. The stream ends when the " +
    'token expires or the user is deactivated: reconnect with a fresh token and Last-Event-ID. ' +
    '503 when the event store (Redis) is unavailable.',
  security: bearer,
  request: { query: LiveQuery, headers: LiveHeaders },
  responses: {
    200: {
      description: 'The stream (text/event-stream); `data:` of each event is a LiveEvent',
      content: { 'text/event-stream': { schema: LiveEvent } },
    },
    ...errors(400, 401, 403, 404, 503),
  },
})
