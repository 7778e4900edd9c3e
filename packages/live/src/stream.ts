/**
 * One bounded Redis Stream per organization holds its live events. Each entry keeps the
 * assessment id and the type beside the JSON envelope, so a reader filters and labels entries
 * without parsing them.
 */
export const streamKey = (prefix: string, orgId: string) => `${prefix}:live:${orgId}`

/** About this many entries are kept per organization (XADD MAXLEN ~): the replay window. */
export const DEFAULT_MAX_LEN = 10_000

/** A quiet organization's stream is dropped after a day; nobody reconnects that late. */
export const STREAM_TTL_SECONDS = 24 * 60 * 60

export const FIELD = { assessment: 'a', type: 't', envelope: 'e' } as const

/** One stream entry as a reader hands it on: the SSE `id:`, `event:` and `data:`. */
export interface LiveEntry {
  id: string
  type: string
  assessmentId: string
  data: string
}

/** A raw XRANGE/XREAD entry: its id and a flat [field, value, ...] list. */
export type RawEntry = [id: string, fields: string[]]

export function toEntry([id, fields]: RawEntry): LiveEntry {
  const value = (name: string) => {
    const at = fields.indexOf(name)
    return at >= 0 && at % 2 === 0 ? (fields[at + 1] ?? '') : ''
  }
  return {
    id,
    type: value(FIELD.type),
    assessmentId: value(FIELD.assessment),
    data: value(FIELD.envelope),
  }
}

/** Orders two stream ids (`<ms>-<seq>`) numerically: -1, 0 or 1. */
export function compareIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split('-').map(BigInt)
  const [bm = 0n, bs = 0n] = b.split('-').map(BigInt)
  if (am !== bm) return am < bm ? -1 : 1
  if (as !== bs) return as < bs ? -1 : 1
  return 0
}
