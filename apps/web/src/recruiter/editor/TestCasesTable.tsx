import type { TestStyle } from '@assess/core'
import { useState } from 'react'

/**
 * A code question's tests as a table: one row per test, sample (shown to candidates) or hidden,
 * with an optional weight. The draft keeps them as the JSON the raw view edits
 * (`sample_tests`, `hidden_tests`); the table reads that JSON and writes it back on every change.
 * A cell that is not valid JSON says so as it is typed, and is written as typed, so saving
 * reports it too instead of dropping it.
 */
export interface TestRow {
  key: string
  kind: 'sample' | 'hidden'
  /** Function style: the arguments as a JSON array; stdio: the standard input. */
  input: string
  /** Function style: the expected value as JSON; stdio: the expected output. */
  expected: string
  /** Empty: weight 1. */
  weight: string
}

let nextKey = 0
const key = () => `t${nextKey++}`

/** The rows of the JSON texts, or null when either does not parse as a list of tests. */
export function rowsOf(sample: string, hidden: string, style: TestStyle): TestRow[] | null {
  const read = (text: string, kind: TestRow['kind']): TestRow[] | null => {
    if (text.trim() === '') return []
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return null
    }
    if (!Array.isArray(value)) return null
    const rows: TestRow[] = []
    for (const item of value) {
      if (typeof item !== 'object' || item === null) return null
      const t = item as Record<string, unknown>
      const weight = typeof t.weight === 'number' ? String(t.weight) : ''
      if (style === 'stdio')
        rows.push({
          key: key(),
          kind,
          input: typeof t.stdin === 'string' ? t.stdin : '',
          expected: typeof t.expected_stdout === 'string' ? t.expected_stdout : '',
          weight,
        })
      else
        rows.push({
          key: key(),
          kind,
          input: JSON.stringify(t.input ?? []),
          expected: t.expected === undefined ? '' : JSON.stringify(t.expected),
          weight,
        })
    }
    return rows
  }
  const samples = read(sample, 'sample')
  const hiddens = read(hidden, 'hidden')
  return samples && hiddens ? [...samples, ...hiddens] : null
}

/** Why a cell cannot be saved as typed, or null. */
export function cellProblem(
  row: TestRow,
  cell: 'input' | 'expected' | 'weight',
  style: TestStyle,
): string | null {
  if (cell === 'weight') {
    if (row.weight.trim() === '') return null
    const n = Number(row.weight)
    return Number.isFinite(n) && n > 0 && n <= 100 ? null : 'a number above 0, at most 100'
  }
  if (style === 'stdio') return null
  const text = cell === 'input' ? row.input : row.expected
  if (text.trim() === '') return cell === 'input' ? 'the arguments, e.g. [1, 2]' : 'a JSON value'
  try {
    const value = JSON.parse(text)
    if (cell === 'input' && !Array.isArray(value)) return 'a JSON array of the arguments'
    return null
  } catch {
    return 'not valid JSON'
  }
}

/** The rows back as the two JSON texts (a cell that does not parse goes in as typed). */
export function textsOf(rows: TestRow[], style: TestStyle): { sample: string; hidden: string } {
  const item = (row: TestRow) => {
    const weight =
      row.weight.trim() !== '' && Number.isFinite(Number(row.weight))
        ? `, "weight": ${Number(row.weight)}`
        : ''
    if (style === 'stdio')
      return `{"stdin": ${JSON.stringify(row.input)}, "expected_stdout": ${JSON.stringify(row.expected)}${weight}}`
    return `{"input": ${row.input.trim() || '[]'}, "expected": ${row.expected.trim() || 'null'}${weight}}`
  }
  const list = (kind: TestRow['kind']) => {
    const items = rows.filter((r) => r.kind === kind).map(item)
    return items.length === 0 ? '' : `[\n${items.map((i) => `  ${i}`).join(',\n')}\n]`
  }
  return { sample: list('sample'), hidden: list('hidden') }
}

export function TestCasesTable(props: {
  style: TestStyle
  sample: string
  hidden: string
  entryPoint: string
  onChange(texts: { sample: string; hidden: string }): void
}) {
  const { style } = props
  // The table's own rows, so a cell being typed keeps its text; re-read when the JSON changed
  // from elsewhere (the raw view, another style).
  const [state, setState] = useState(() => ({
    from: `${props.sample}\u0000${props.hidden}\u0000${style}`,
    rows: rowsOf(props.sample, props.hidden, style),
  }))
  const source = `${props.sample}\u0000${props.hidden}\u0000${style}`
  let rows = state.rows
  if (state.from !== source) {
    const written = rows && textsOf(rows, style)
    if (!written || `${written.sample}\u0000${written.hidden}\u0000${style}` !== source) {
      rows = rowsOf(props.sample, props.hidden, style)
      setState({ from: source, rows })
    }
  }
  if (rows === null)
    return (
      <p className="warning">
        The tests' JSON does not parse as a list of tests: fix it in the JSON view to edit them as a
        table.
      </p>
    )
  const write = (next: TestRow[]) => {
    const texts = textsOf(next, style)
    setState({ from: `${texts.sample}\u0000${texts.hidden}\u0000${style}`, rows: next })
    props.onChange(texts)
  }
  const update = (key: string, patch: Partial<TestRow>) =>
    write(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)))
  const stdio = style === 'stdio'
  const inputLabel = stdio ? 'Standard input' : `Arguments of ${props.entryPoint || 'the function'}`
  const expectedLabel = stdio ? 'Expected output' : 'Expected result'
  return (
    <div className="r-tests">
      <table className="r-tests-table">
        <caption className="r-sr-only">Tests</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{inputLabel}</th>
            <th scope="col">{expectedLabel}</th>
            <th scope="col">Shown to candidates</th>
            <th scope="col">Weight</th>
            <th scope="col">
              <span className="r-sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const problems = {
              input: cellProblem(row, 'input', style),
              expected: cellProblem(row, 'expected', style),
              weight: cellProblem(row, 'weight', style),
            }
            const cell = (name: 'input' | 'expected', label: string) => (
              <td>
                <textarea
                  aria-label={`Test ${i + 1}: ${label}`}
                  aria-invalid={problems[name] ? true : undefined}
                  rows={stdio ? 3 : 1}
                  spellCheck={false}
                  value={row[name]}
                  onChange={(e) => update(row.key, { [name]: e.target.value })}
                />
                {problems[name] ? <span className="r-cell-error">{problems[name]}</span> : null}
              </td>
            )
            return (
              <tr key={row.key}>
                <th scope="row">{i + 1}</th>
                {cell('input', inputLabel)}
                {cell('expected', expectedLabel)}
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Test ${i + 1}: shown to candidates (a sample)`}
                    checked={row.kind === 'sample'}
                    onChange={(e) =>
                      update(row.key, { kind: e.target.checked ? 'sample' : 'hidden' })
                    }
                  />
                </td>
                <td>
                  <input
                    aria-label={`Test ${i + 1}: weight`}
                    aria-invalid={problems.weight ? true : undefined}
                    inputMode="decimal"
                    placeholder="1"
                    className="r-weight"
                    value={row.weight}
                    onChange={(e) => update(row.key, { weight: e.target.value })}
                  />
                  {problems.weight ? <span className="r-cell-error">{problems.weight}</span> : null}
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => write(rows.filter((r) => r.key !== row.key))}
                  >
                    Remove<span className="r-sr-only"> test {i + 1}</span>
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          write([
            ...rows,
            { key: key(), kind: 'hidden', input: stdio ? '' : '[]', expected: '', weight: '' },
          ])
        }
      >
        Add test
      </button>
    </div>
  )
}
