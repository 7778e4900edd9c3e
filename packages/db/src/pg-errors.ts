/** Postgres errors arrive wrapped by drizzle (DrizzleQueryError) or bare from postgres.js. */
function pgError(err: unknown): { code?: string; constraint_name?: string } | undefined {
  let current: unknown = err
  for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown }
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return current as { code?: string; constraint_name?: string }
    }
    current = candidate.cause
  }
  return undefined
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const pg = pgError(err)
  return pg?.code === '23505' && (constraint === undefined || pg.constraint_name === constraint)
}

export function isCheckViolation(err: unknown, constraint: string): boolean {
  const pg = pgError(err)
  return pg?.code === '23514' && pg.constraint_name === constraint
}

/** Class 22 (data exception): a value Postgres cannot store, such as a NUL character in text. */
export function isDataException(err: unknown): boolean {
  return pgError(err)?.code?.startsWith('22') ?? false
}
