import type { MiddlewareHandler } from 'hono'

/** Below this a JSON body goes out as it is: compressing it would save next to nothing. */
export const COMPRESS_MIN_BYTES = 1024

// A browser sends the same Accept-Encoding on every call: its answer is kept.
let lastHeader: string | undefined
let lastAccepts = false

/** Accept-Encoding allows gzip: named (or, if not named, `*`) without q=0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (header !== undefined && header === lastHeader) return lastAccepts
  lastHeader = header
  lastAccepts = parseAcceptsGzip(header)
  return lastAccepts
}

function parseAcceptsGzip(header: string | undefined): boolean {
  const weights = new Map<string, number>()
  for (const part of header?.split(',') ?? []) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    const q = params.find((p) => p.startsWith('q='))
    weights.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0)
  }
  return (weights.get('gzip') ?? weights.get('*') ?? 0) > 0
}

/**
 * A JSON body as it goes out to a client that accepts gzip, with the headers that say so:
 * gzip-compressed (level 1: ~17 µs for a 12 KB session state) from COMPRESS_MIN_BYTES on.
 * Besides the bytes it keeps responses under Bun's 16 KB cork buffer: Bun 1.4.5 sends a larger
 * response that completes after an await (every route that reads the database) as one send()
 * per header fragment (oven-sh/bun#41341, open), which tripled the API's CPU per session read
 * once an assessment's question views passed 16 KB. Compressed in one piece, not streamed: a
 * stream's chunks would take the same slow path.
 */
export function gzipJson(body: Uint8Array<ArrayBuffer> | string, headers: Headers) {
  headers.append('vary', 'Accept-Encoding')
  // A string's length in UTF-16 units is at most its UTF-8 bytes: never compressed below it.
  const size = typeof body === 'string' ? body.length : body.byteLength
  if (size < COMPRESS_MIN_BYTES) return body
  headers.set('content-encoding', 'gzip')
  headers.delete('content-length')
  return Bun.gzipSync(body, { level: 1 })
}

/**
 * JSON responses built by `c.json` go out through gzipJson to clients that accept it, as every
 * browser does. (Routes that send JSON text serialized already do it themselves: json-text.ts.)
 */
export function compressJson(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const res = c.res
    if (
      c.req.method === 'HEAD' ||
      !res.body ||
      res.headers.has('content-encoding') ||
      !res.headers.get('content-type')?.startsWith('application/json') ||
      !acceptsGzip(c.req.header('accept-encoding'))
    )
      return
    const headers = new Headers(res.headers)
    const body = gzipJson(new Uint8Array(await res.arrayBuffer()), headers)
    // Cleared first: Hono's setter would otherwise copy the old headers over these and wrap the
    // bytes in a stream.
    c.res = undefined
    c.res = new Response(body, { status: res.status, statusText: res.statusText, headers })
  }
}
