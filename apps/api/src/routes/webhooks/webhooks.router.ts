import { ValidationError } from '@assess/core'
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  pingWebhook,
  redeliverWebhook,
  updateWebhook,
} from '@assess/db'
import { checkWebhookUrl, newWebhookSecret } from '@assess/webhooks'
import type { AppDeps } from '../../deps.ts'
import { requireAdmin, requireStaff } from '../../middleware/auth.ts'
import { createRouter } from '../openapi.ts'
import { deliveryView, webhookView } from './views.ts'
import * as routes from './webhooks.routes.ts'

export function createWebhooksRouter(deps: AppDeps) {
  const { db, now } = deps
  const adminOnly = { middleware: [requireStaff(deps), requireAdmin()] }

  /** The SSRF guard at save time (the worker checks again, after DNS, before each attempt). */
  async function allowedUrl(url: string): Promise<string> {
    const check = await checkWebhookUrl(url, deps.config.webhooks)
    if (!check.ok)
      throw new ValidationError('webhook_url_not_allowed', `The URL ${check.reason}`, {
        fields: { url: [`The URL ${check.reason}`] },
      })
    return url
  }

  return createRouter()
    .openapi({ ...routes.create, ...adminOnly }, async (c) => {
      const input = c.req.valid('json')
      const secret = newWebhookSecret()
      const webhook = await createWebhook(db, c.get('staff'), {
        url: await allowedUrl(input.url),
        events: input.events,
        description: input.description,
        secret,
      })
      return c.json({ webhook: webhookView(webhook), secret }, 201)
    })
    .openapi({ ...routes.list, ...adminOnly }, async (c) => {
      const webhooks = await listWebhooks(db, { orgId: c.get('staff').orgId })
      return c.json({ webhooks: webhooks.map(webhookView) }, 200)
    })
    .openapi({ ...routes.update, ...adminOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const input = c.req.valid('json')
      const webhook = await updateWebhook(db, c.get('staff'), {
        webhookId: id,
        url: input.url === undefined ? undefined : await allowedUrl(input.url),
        events: input.events,
        description: input.description,
        active: input.active,
      })
      return c.json({ webhook: webhookView(webhook) }, 200)
    })
    .openapi({ ...routes.remove, ...adminOnly }, async (c) => {
      const { id } = c.req.valid('param')
      await deleteWebhook(db, c.get('staff'), { webhookId: id })
      return c.body(null, 204)
    })
    .openapi({ ...routes.deliveries, ...adminOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const page = await listWebhookDeliveries(db, {
        ...c.req.valid('query'),
        orgId: c.get('staff').orgId,
        webhookId: id,
      })
      return c.json({ deliveries: page.items.map(deliveryView), next_cursor: page.nextCursor }, 200)
    })
    .openapi({ ...routes.redeliver, ...adminOnly }, async (c) => {
      const { id, delivery_id } = c.req.valid('param')
      const delivery = await redeliverWebhook(db, c.get('staff'), {
        webhookId: id,
        deliveryId: delivery_id,
      })
      return c.json({ delivery: deliveryView(delivery) }, 202)
    })
    .openapi({ ...routes.test, ...adminOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const delivery = await pingWebhook(db, c.get('staff'), { webhookId: id, now: now() })
      return c.json({ delivery: deliveryView(delivery) }, 202)
    })
}
