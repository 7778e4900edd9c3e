/** Queue producers, one module per queue, shared by the API and the worker. */
export {
  type CodeRunClient,
  CodeRunUnavailableError,
  createCodeRunClient,
  startCodeRunWorker,
} from './code-runs.ts'
export { createEmailProducer, type EmailProducer } from './emails.ts'
export { createProducerConnection, type ProducerLogger } from './enqueue.ts'
export { createGradingProducer, type GradingOptions, type GradingProducer } from './grading.ts'
export {
  bearerMatches,
  collectQueueJobs,
  JOB_STATES,
  QUEUE_JOBS_GAUGE,
  type QueueJobsGauge,
} from './metrics.ts'
export { openProductQueues, type ProductQueues } from './product-queues.ts'
export { createSummaryProducer, type SummaryProducer } from './summaries.ts'
export { createWebhookProducer, type WebhookProducer } from './webhooks.ts'
