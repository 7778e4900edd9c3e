// The response shapes come from @assess/core (the API's own schemas): one source for both.

export interface FieldErrors {
  [field: string]: string[]
}

/** What every API error carries: `{ error: { code, message, details? } }`, plus the status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { fields?: FieldErrors; [key: string]: unknown } = {},
  ) {
    super(message)
  }
  /** No response at all: offline, DNS, a dropped connection. */
  get offline() {
    return this.status === 0
  }
}

/** Sends one JSON request; resolves with the body, or throws ApiError (status 0 when offline). */
export async function request<T>(
  method: string,
  path: string,
  options: {
    token?: string | null
    lease?: string | null
    body?: unknown
    keepalive?: boolean
  } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.lease) headers['x-session-lease'] = options.lease
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      keepalive: options.keepalive,
    })
  } catch {
    throw new ApiError(0, 'offline', 'You appear to be offline.')
  }
  const text = await res.text()
  const body = text ? safeJson(text) : undefined
  if (!res.ok) throw errorOf(res, body)
  return body as T
}

/**
 * Downloads a file the API builds (a CSV export) with the same credentials and errors as
 * `request`: its body as a Blob and the file name from Content-Disposition.
 */
export async function requestFile(
  path: string,
  options: { token?: string | null } = {},
): Promise<{ blob: Blob; filename: string | null }> {
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let res: Response
  try {
    res = await fetch(path, { headers })
  } catch {
    throw new ApiError(0, 'offline', 'You appear to be offline.')
  }
  let blob: Blob
  try {
    blob = await res.blob()
  } catch {
    // The server streams the file: a failure after the first bytes cuts the body off.
    throw new ApiError(res.status, 'download_interrupted', 'The download stopped before the end.')
  }
  if (!res.ok) throw errorOf(res, safeJson(await blob.text()))
  const disposition = res.headers.get('content-disposition') ?? ''
  return { blob, filename: disposition.match(/filename="([^"]+)"/)?.[1] ?? null }
}

function errorOf(res: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: object } })?.error
  return new ApiError(
    res.status,
    error?.code ?? `http_${res.status}`,
    error?.message ?? res.statusText,
    (error?.details ?? {}) as ApiError['details'],
  )
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
