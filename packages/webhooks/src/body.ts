/** The stored payload of a delivery: what the database trigger (or a ping) wrote. */
export interface WebhookPayload {
  type: string
  timestamp: string
  data: Record<string, unknown>
}

/**
 * The exact body sent: `{ type, timestamp, data }`, with `report_url` (PUBLIC_URL + the
 * payload's `report_path`) added for a summary. Deterministic, so a redelivery sends the same
 * bytes under the same webhook-id.
 */
export function renderWebhookBody(payload: WebhookPayload, publicUrl: string): string {
  const data = { ...payload.data }
  if (typeof data.report_path === 'string')
    data.report_url = new URL(data.report_path, publicUrl).toString()
  return JSON.stringify({ type: payload.type, timestamp: payload.timestamp, data })
}
