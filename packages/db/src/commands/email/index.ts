export {
  cancelOutboxEmail,
  getOutboxEmail,
  markEmailSent,
  type OutboxEmailRow,
  pendingEmailBacklog,
  pendingEmailIds,
  recordEmailFailure,
} from './outbox.ts'
export { queueEmail } from './queue-email.ts'
export { queueResultsReadyEmail } from './results-ready.ts'
