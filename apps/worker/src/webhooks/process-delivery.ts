import { DeliverWebhookJob } from '@assess/core'
import { type Database, loadDeliveryForSending, recordWebhookAttempt } from '@assess/db'
import type { WebhookProducer } from '@assess/queues'
import {
  type AttemptResult,
  checkWebhookUrl,
  type Lookup,
  postWebhookToAny,
  renderWebhookBody,
  signatureHeaders,
  type WebhookPayload,
} from '@assess/webhooks'
import type { Job } from 'bullmq'
import type { Logger } from 'pino'
import { webhookDeliveriesTotal } from '../metrics.ts'
import { messageOf } from '../processors/context.ts'

export interface WebhookDeliveryDeps {
  db: Database
  producer: Pick<WebhookProducer, 'enqueueAttempts'>
  /** Seconds before each retry (WEBHOOK_RETRY_DELAYS): one attempt more than entries. */
  retryDelaysSeconds: readonly number[]
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: skip the SSRF check (on-premises, tests). */
  allowPrivateNetworks: boolean
  /** PUBLIC_URL: a summary's report_url is built from it. */
  publicUrl: string
  timeoutMs: number
  logger: Logger
  /** The resolver for the SSRF check (the system's by default). */
  lookup?: Lookup
}

const failedBeforeSending = (error: string): AttemptResult => ({
  ok: false,
  statusCode: null,
  durationMs: 0,
  error,
  responseExcerpt: null,
})

/**
 * One attempt of one delivery: skipped unless the delivery is pending and this is its next
 * attempt; failed at once when its endpoint was turned off; refused (and retried on schedule)
 * when the URL now resolves to a private address; otherwise signed, sent and recorded. The next
 * attempt is queued right away with its delay (the relay would find it too).
 */
export async function processWebhookDelivery(deps: WebhookDeliveryDeps, job: Job) {
  const { delivery_id: deliveryId, attempt } = DeliverWebhookJob.schema.parse(job.data)
  const loaded = await loadDeliveryForSending(deps.db, deliveryId)
  if (!loaded) return { outcome: 'skipped', reason: 'no such delivery' }
  const { delivery, webhook } = loaded
  if (delivery.status !== 'pending' || delivery.attempts + 1 !== attempt)
    return { outcome: 'skipped', reason: 'not the next attempt' }

  let result: AttemptResult
  const giveUp = !webhook.active
  if (!webhook.active) result = failedBeforeSending('the endpoint is turned off')
  else {
    // Again at every attempt, after DNS: a name that now points inside is refused, and the
    // request goes to an address this check saw.
    const check = await checkWebhookUrl(webhook.url, {
      allowPrivateNetworks: deps.allowPrivateNetworks,
      requireHttps: false,
      lookup: deps.lookup,
    })
    if (!check.ok) result = failedBeforeSending(`refused: the URL ${check.reason}`)
    else {
      const body = renderWebhookBody(delivery.payload as WebhookPayload, deps.publicUrl)
      const headers = signatureHeaders(webhook.secret, delivery.messageId, Date.now() / 1000, body)
      result = await postWebhookToAny({
        url: webhook.url,
        body,
        headers: { ...headers },
        timeoutMs: deps.timeoutMs,
        // To an address just checked: a second lookup could answer differently (DNS rebinding).
        addresses: check.addresses,
      })
    }
  }

  const record = (what: AttemptResult) =>
    recordWebhookAttempt(deps.db, {
      deliveryId,
      attempt,
      result: what,
      retryDelaysSeconds: deps.retryDelaysSeconds,
      giveUp,
    })
  let recorded: Awaited<ReturnType<typeof record>>
  try {
    recorded = await record(result)
  } catch (err) {
    // The request went out: it must count as an attempt, or the delivery would be sent again
    // and again. Whatever in the answer could not be stored (its excerpt) is dropped.
    deps.logger.warn(
      { delivery_id: deliveryId, attempt, err: messageOf(err) },
      'could not record a webhook attempt; recording it without the response',
    )
    recorded = await record({
      ...result,
      error: `the response could not be recorded: ${messageOf(err)}`,
      responseExcerpt: null,
    })
  }
  if (recorded.outcome === 'stale') return { outcome: 'skipped', reason: 'recorded elsewhere' }
  webhookDeliveriesTotal.inc({ outcome: recorded.outcome })
  const log = {
    delivery_id: deliveryId,
    webhook_id: webhook.id,
    event_type: delivery.eventType,
    attempt,
    status_code: result.statusCode,
    duration_ms: result.durationMs,
    err: result.error ?? undefined,
    outcome: recorded.outcome,
  }
  if (recorded.outcome === 'succeeded') deps.logger.debug(log, 'webhook delivered')
  else deps.logger.info(log, 'webhook attempt failed')
  if (recorded.outcome === 'retrying') {
    const delaySeconds = deps.retryDelaysSeconds[attempt - 1] ?? 0
    await deps.producer.enqueueAttempts([
      { deliveryId, attempt: attempt + 1, delayMs: delaySeconds * 1000 },
    ])
  }
  return { outcome: recorded.outcome, status_code: result.statusCode, error: result.error }
}
