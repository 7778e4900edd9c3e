import { getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm'

/**
 * A row read with postgres.js directly (or as to_jsonb), shaped as drizzle returns it: camelCase
 * keys and each column's own conversion (timestamps to Date, and so on).
 */
export function fromRaw<T extends Table>(
  table: T,
  raw: Record<string, unknown>,
): InferSelectModel<T> {
  const row: Record<string, unknown> = {}
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name]
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value)
  }
  return row as InferSelectModel<T>
}
