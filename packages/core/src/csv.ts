/**
 * CSV cells and rows as RFC 4180 writes them (quoted when needed, CRLF line ends), with text
 * cells neutralized against formula injection (OWASP "CSV Injection").
 */

/** What a cell may hold: text (candidate-supplied or not), a number we computed, or nothing. */
export type CsvValue = string | number | null | undefined

/** Characters a spreadsheet may read as the start of a formula (or, for tab and CR, hide one). */
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** A text cell that a spreadsheet would run as a formula gets a leading single quote. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/**
 * One encoded cell. Text is neutralized, then quoted when it holds a comma, quote, CR or LF.
 * Numbers are written plainly (a negative number stays a number); null, undefined and
 * non-finite numbers are empty cells.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = neutralizeFormula(value)
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One record, CRLF-terminated. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}

/**
 * A file-name-safe slug of a title: ASCII letters and digits joined by dashes, accents dropped,
 * at most 60 characters; `fallback` when nothing is left.
 */
export function fileSlug(title: string, fallback = 'export'): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '')
  return slug || fallback
}
