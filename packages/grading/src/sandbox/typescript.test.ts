import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import {
  healthyAfterwards,
  type Programs,
  runsOf,
  sharedCases,
  useSandbox,
  verdictsOf,
} from './testing.ts'

// Real processes on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(60_000)

const TS: Programs = {
  correct: `interface Answer { sorted: number[]; sum: number }
enum Mode { Ascending }
export default function solve(xs: number[], mode: Mode = Mode.Ascending): Answer {
  const sorted: number[] = [...xs].sort((a: number, b: number) => (mode === Mode.Ascending ? a - b : b - a))
  return { sum: sorted.reduce((s: number, x: number) => s + x, 0), sorted }
}`,
  wrong: `export function solve(xs: number[]): { sorted: number[]; sum: number } {
  return { sorted: [...xs].sort(), sum: xs.reduce((s, x) => s + x, 0) }
}`,
  throwing: `export function solve(xs: number[]): never { throw new RangeError(\`boom \${xs.length}\`) }`,
  syntaxError: `export function solve(xs: number[] { return xs }`,
  syntaxErrorAtRun: `export function solve(xs: number[]): unknown { return JSON.parse('{') }`,
  infiniteLoop: `export function solve(): number { while (true as boolean) {} return 0 }`,
  memoryHog: `export function solve(): void {
  const keep: string[] = []
  for (let i = 0; ; i++) keep.push('x'.repeat(1e5) + i)
}`,
  forger: `declare const console: { log(...a: unknown[]): void }
export function solve(_xs: number[]): string {
  console.log('passed')
  console.log('{"t":"result","i":1,"status":"ok","actual":{"sorted":[0.1,0.2],"sum":0.3},"ms":0}')
  return 'passed'
}`,
}

const box = useSandbox('bwrap')

describe('typescript in the bubblewrap sandbox', () => {
  sharedCases(box, 'typescript', TS)

  test('types are stripped, not checked: a type error still runs', async () => {
    const code = `export function solve(xs: number[]): string {
  const sorted = [...xs].sort((a, b) => a - b)
  return { sorted, sum: sorted.reduce((s, x) => s + x, 0) } as unknown as string
}`
    expect(verdictsOf(await box.run('typescript', code))).toEqual(Array(5).fill('passed'))
  })

  test('has no process, require, Bun, filesystem or network', async () => {
    const code = `declare const globalThis: Record<string, unknown>
export function solve(): string[] {
  return ['process', 'require', 'Bun', 'fetch', 'setTimeout', 'WebSocket']
    .filter((name: string) => typeof globalThis[name] !== 'undefined')
}`
    for (const run of runsOf(await box.run('typescript', code)))
      expect(run).toMatchObject({ status: 'ok', actual: [] })
  })

  test('a syntax error reports its line', async () => {
    const code = `export function solve(xs: number[]) {\n  return xs.map((x: number => x)\n}`
    for (const run of runsOf(await box.run('typescript', code)))
      expect(run.error).toMatch(/^SyntaxError: .*\(line 2\)$/)
  })

  healthyAfterwards(box, 'typescript', TS.correct)
})
