import {
  PageQuery,
  WebhookCreateInput,
  WebhookDeliveryView,
  WebhookUpdateInput,
  WebhookView,
} from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

const tags = ['webhooks']
const DeliveryParams = z.object({ id: z.uuid(), delivery_id: z.uuid() })
const Delivery = json(z.object({ delivery: WebhookDeliveryView }), 'The delivery, queued')

export const create = createRoute({
  method: 'post',
  path: '/webhooks',
  tags,
  summary: 'Add an endpoint (admin); its signing secret is shown once, here',
  description:
    'Admins only. The URL must be http or https without credentials and, unless the deployment ' +
    'allows private networks, resolve to public addresses only: otherwise a 400 ' +
    '`webhook_url_not_allowed` (the worker checks again before each attempt). Every delivery is ' +
    'signed with the secret returned here, which is never shown again.',
  security: bearer,
  request: {
    body: jsonBody(WebhookCreateInput, {
      url: 'https://example.com/hooks/assess',
      events: ['session.completed', 'session.summarized'],
      description: 'ATS sync',
    }),
  },
  responses: {
    201: json(
      z.object({
        webhook: WebhookView,
        secret: z.string().meta({ description: '`whsec_…`: verify signatures with it' }),
      }),
      'The endpoint and its secret (never returned again)',
    ),
    ...errors(400, 401, 403),
  },
})

export const list = createRoute({
  method: 'get',
  path: '/webhooks',
  tags,
  summary: "The organization's endpoints (admin)",
  description:
    'Admins only (a recruiter is a 403 `admin_only`). Signing secrets are never listed; an ' +
    'endpoint turned off says why in `disabled_reason`.',
  security: bearer,
  responses: {
    200: json(z.object({ webhooks: z.array(WebhookView) }), 'Every endpoint, newest first'),
    ...errors(401, 403),
  },
})

export const update = createRoute({
  method: 'patch',
  path: '/webhooks/{id}',
  tags,
  summary: 'Change an endpoint, or turn it off and on (admin)',
  description:
    "Admins only; another organization's endpoint is a 404. A new URL is checked as on " +
    'creation (400 `webhook_url_not_allowed`). `active: false` turns the endpoint off (its ' +
    'pending deliveries fail when their turn comes), `active: true` turns it back on and clears ' +
    '`disabled_reason`; the secret never changes.',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(WebhookUpdateInput, {
      events: ['session.started', 'session.completed', 'session.summarized'],
      active: true,
    }),
  },
  responses: {
    200: json(z.object({ webhook: WebhookView }), 'The endpoint'),
    ...errors(400, 401, 403, 404),
  },
})

export const remove = createRoute({
  method: 'delete',
  path: '/webhooks/{id}',
  tags,
  summary: 'Delete an endpoint with its delivery log (admin)',
  description:
    "Admins only; another organization's endpoint is a 404. Its deliveries and their attempts " +
    'are deleted with it: one still pending is never sent.',
  security: bearer,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
})

export const deliveries = createRoute({
  method: 'get',
  path: '/webhooks/{id}/deliveries',
  tags,
  summary: "An endpoint's deliveries, newest first, each with its attempts (admin)",
  description:
    "Admins only; another organization's endpoint is a 404. Each delivery carries its payload " +
    'and every HTTP attempt, first to last (status code, duration, error, an excerpt of the ' +
    'response); pass next_cursor for older ones.',
  security: bearer,
  request: { params: IdParam, query: PageQuery },
  responses: {
    200: json(
      z.object({
        deliveries: z.array(WebhookDeliveryView),
        next_cursor: z.string().nullable(),
      }),
      'A page of deliveries',
    ),
    ...errors(400, 401, 403, 404),
  },
})

export const redeliver = createRoute({
  method: 'post',
  path: '/webhooks/{id}/deliveries/{delivery_id}/redeliver',
  tags,
  summary: 'Send a finished delivery again, under the same webhook-id (admin)',
  description:
    "Admins only; another organization's endpoint or delivery is a 404. Queues a new delivery " +
    'with the same payload and `message_id` (the webhook-id header, so a receiver can ' +
    'deduplicate). A delivery still being attempted (409 `delivery_pending`) or an endpoint ' +
    'turned off (409 `webhook_inactive`) is refused.',
  security: bearer,
  request: { params: DeliveryParams },
  responses: { 202: Delivery, ...errors(400, 401, 403, 404, 409) },
})

export const test = createRoute({
  method: 'post',
  path: '/webhooks/{id}/test',
  tags,
  summary: 'Send a `ping` event to the endpoint (admin)',
  description:
    "Admins only; another organization's endpoint is a 404. The ping goes whatever the " +
    'endpoint subscribes to, and is signed, retried and logged like any delivery; an endpoint ' +
    'turned off is a 409 `webhook_inactive`.',
  security: bearer,
  request: { params: IdParam },
  responses: { 202: Delivery, ...errors(400, 401, 403, 404, 409) },
})
