/** Webhooks: signing (Standard Webhooks), the SSRF guard, delivery over HTTP. */
