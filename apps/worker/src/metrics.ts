import { Counter, Gauge, Histogram, Registry } from 'prom-client'

/**
 * The worker's Prometheus metrics, served on METRICS_PORT (see metrics-server.ts). Counters live
 * here, one definition each; the code that does the work increments them.
 */
export const workerRegistry = new Registry()

export const gradingDuration = new Histogram({
  name: 'assess_grading_duration_seconds',
  help: 'Time to grade one answer, by question type and grading method',
  labelNames: ['type', 'method'] as const,
  buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180],
  registers: [workerRegistry],
})

export const sandboxRunsTotal = new Counter({
  name: 'assess_sandbox_runs_total',
  help: 'Code runs in the sandbox, by language and per-test verdict',
  labelNames: ['language', 'verdict'] as const,
  registers: [workerRegistry],
})

export const modelCallsTotal = new Counter({
  name: 'assess_model_calls_total',
  help: 'Language-model calls, by outcome (ok, error, fallback)',
  labelNames: ['outcome'] as const,
  registers: [workerRegistry],
})

export const webhookDeliveriesTotal = new Counter({
  name: 'assess_webhook_deliveries_total',
  help: 'Webhook delivery attempts, by outcome (succeeded, retrying, failed, disabled)',
  labelNames: ['outcome'] as const,
  registers: [workerRegistry],
})

export const emailsTotal = new Counter({
  name: 'assess_emails_total',
  help: 'Emails, by outcome (sent, retrying, failed, cancelled)',
  labelNames: ['outcome'] as const,
  registers: [workerRegistry],
})

let outboxGauge: Gauge | null = null
/**
 * Emails waiting in the outbox: registered only by a worker without SMTP_URL (one that sends
 * would export a constant 0, misleading an alert).
 */
export function emailOutboxPendingGauge(): Gauge {
  outboxGauge ??= new Gauge({
    name: 'assess_email_outbox_pending',
    help: 'Emails waiting in the outbox, as of the last check (a worker without SMTP_URL)',
    registers: [workerRegistry],
  })
  return outboxGauge
}
