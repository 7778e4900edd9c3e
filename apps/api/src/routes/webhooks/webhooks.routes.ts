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
  security: bearer,
  request: { body: jsonBody(WebhookCreateInput) },
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
  security: bearer,
  request: { params: IdParam, body: jsonBody(WebhookUpdateInput) },
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
  security: bearer,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
})

export const deliveries = createRoute({
  method: 'get',
  path: '/webhooks/{id}/deliveries',
  tags,
  summary: "An endpoint's deliveries, newest first, each with its attempts (admin)",
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
  security: bearer,
  request: { params: DeliveryParams },
  responses: { 202: Delivery, ...errors(400, 401, 403, 404, 409) },
})

export const test = createRoute({
  method: 'post',
  path: '/webhooks/{id}/test',
  tags,
  summary: 'Send a `ping` event to the endpoint (admin)',
  security: bearer,
  request: { params: IdParam },
  responses: { 202: Delivery, ...errors(400, 401, 403, 404, 409) },
})
