/** Webhook endpoints, deliveries and attempts (issue 13: Webhooks). */
export {}
