import { checkServerIdentity, type PeerCertificate, rootCertificates } from 'node:tls'

/** What one HTTP attempt came to: the status when the endpoint answered, or why it did not. */
export interface AttemptResult {
  /** Any 2xx. A redirect is a failure: it is never followed. */
  ok: boolean
  statusCode: number | null
  durationMs: number
  error: string | null
  /** The first bytes of the response body, for the delivery log. */
  responseExcerpt: string | null
}

export const DEFAULT_TIMEOUT_MS = 10_000
const EXCERPT_BYTES = 2048

/**
 * Where to connect for `url` when the connection must go to `address` (one the SSRF guard
 * checked) rather than to whatever the name resolves to by then: the URL with the address for
 * its host, the Host header and, for https, the name the certificate must be valid for.
 */
export function pinnedTarget(url: string, address: string) {
  const original = new URL(url)
  const target = new URL(url)
  target.hostname = address.includes(':') ? `[${address}]` : address
  const hostname = original.hostname.replace(/^\[(.*)\]$/, '$1')
  return { url: target.toString(), host: original.host, serverName: hostname }
}

/**
 * POSTs a signed body once. Never throws: a refused connection, a timeout or a redirect is an
 * attempt that failed, with its reason. At most a few KB of the answer are read.
 * `connectTo`: the address to connect to (the one the SSRF guard checked), so a name that
 * resolves elsewhere by the time of the request (DNS rebinding) is never asked; the Host header,
 * SNI and the certificate check still use the URL's name.
 */
export async function postWebhook(options: {
  url: string
  body: string
  headers: Record<string, string>
  timeoutMs?: number
  connectTo?: string
  /** Extra trusted CA certificates (PEM), for a private CA; the system's are always trusted. */
  ca?: string
}): Promise<AttemptResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const signal = AbortSignal.timeout(timeoutMs)
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const pinned = options.connectTo ? pinnedTarget(options.url, options.connectTo) : null
  let response: Response
  try {
    response = await fetch(pinned?.url ?? options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'assess-webhooks/1',
        ...options.headers,
        ...(pinned ? { host: pinned.host } : {}),
      },
      body: options.body,
      redirect: 'manual',
      signal,
      ...(pinned || options.ca
        ? {
            tls: {
              ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
              ...(pinned
                ? {
                    serverName: pinned.serverName,
                    // The certificate must name the URL's host, not the address connected to.
                    checkServerIdentity: (_: string, cert: PeerCertificate) =>
                      checkServerIdentity(pinned.serverName, cert),
                  }
                : {}),
            },
          }
        : {}),
    })
  } catch (err) {
    const error = signal.aborted
      ? `timed out after ${timeoutMs} ms`
      : `request failed: ${(err as Error).message}`
    return { ok: false, statusCode: null, durationMs: elapsed(), error, responseExcerpt: null }
  }
  const responseExcerpt = await readExcerpt(response)
  const status = response.status
  const redirected = status >= 300 && status < 400
  return {
    ok: status >= 200 && status < 300,
    statusCode: status,
    durationMs: elapsed(),
    error: redirected ? `redirect (${status}) not followed` : null,
    responseExcerpt,
  }
}

/** The first EXCERPT_BYTES of the body; whatever arrived when reading fails or times out. */
async function readExcerpt(response: Response): Promise<string | null> {
  const reader = response.body?.getReader()
  if (!reader) return null
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < EXCERPT_BYTES) {
      const { value, done } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } catch {
    // The status is what counts; a body cut short only shortens the excerpt.
  } finally {
    reader.cancel().catch(() => {})
  }
  if (size === 0) return null
  const bytes = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES)
  // Postgres text cannot hold NUL: a binary body must not make the attempt unrecordable.
  return new TextDecoder().decode(bytes).replaceAll('\u0000', '')
}

/**
 * postWebhook to the first of `addresses` (those the SSRF guard checked, in resolver order)
 * that takes the connection: an address refused or unreachable (an IPv6 one on a host without
 * IPv6, one A record of several down) passes to the next, within the one timeout. Without
 * addresses (private networks allowed: nothing was checked), the URL as it stands.
 */
export async function postWebhookToAny(
  options: Parameters<typeof postWebhook>[0] & { addresses: readonly string[] },
): Promise<AttemptResult> {
  const { addresses, ...request } = options
  if (addresses.length === 0) return postWebhook(request)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const started = performance.now()
  let result: AttemptResult | null = null
  for (const address of addresses) {
    const left = timeoutMs - (performance.now() - started)
    if (result && left < 1) break
    result = await postWebhook({ ...request, connectTo: address, timeoutMs: Math.max(1, left) })
    const connectionFailed = result.statusCode === null && !signalTimedOut(result)
    if (!connectionFailed) break
  }
  return { ...(result as AttemptResult), durationMs: Math.round(performance.now() - started) }
}

const signalTimedOut = (result: AttemptResult) => result.error?.startsWith('timed out') ?? false
