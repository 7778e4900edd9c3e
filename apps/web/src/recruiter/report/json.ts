/** Reading the grader's stored jsonb, which the API passes through untyped. */
export type JsonObject = Record<string, unknown>

export const obj = (v: unknown): JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : {}

export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''

export const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null
