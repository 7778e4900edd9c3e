import { describe, expect, test } from 'bun:test'
import { prepareSource, stripExports } from './runtime/js-source.ts'

describe('stripExports', () => {
  test('drops export on declarations and removes export lists', () => {
    const source = [
      'export function a() {}',
      'export default function b() {}',
      'export async function c() {}',
      'export default class D {}',
      'export const e = 1',
      '  export let f = 2',
      'export { a, b as bee }',
      'export default a;',
      "const text = 'export function stays inside strings on one line'",
    ].join('\n')
    expect(stripExports(source)).toBe(
      [
        'function a() {}',
        'function b() {}',
        'async function c() {}',
        'class D {}',
        'const e = 1',
        '  let f = 2',
        '',
        '',
        "const text = 'export function stays inside strings on one line'",
      ].join('\n'),
    )
  })
})

describe('prepareSource', () => {
  test('TypeScript loses its types and exports, and keeps enums as code', () => {
    const prepared = prepareSource(
      'typescript',
      'enum E { A }\nexport function f(x: number): E { return x as E }',
    )
    expect(prepared.ok).toBe(true)
    if (!prepared.ok) return
    expect(prepared.source).not.toContain('export')
    expect(prepared.source).not.toContain(': number')
    expect(prepared.source).toContain('function f(x)')
  })

  test('a TypeScript syntax error is reported with its line', () => {
    expect(prepareSource('typescript', 'const a = 1\nfunction f(x: number {}')).toEqual({
      ok: false,
      error: 'SyntaxError: Expected ")" but found "{" (line 2)',
    })
  })

  test('JavaScript is passed through apart from exports', () => {
    expect(prepareSource('javascript', 'export const x = 1 /* : number */')).toEqual({
      ok: true,
      source: 'const x = 1 /* : number */',
    })
  })
})
