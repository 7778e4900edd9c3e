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

export const JS: Programs = {
  correct: `export function solve(xs) {
  const sorted = [...xs].sort((a, b) => a - b)
  return { sum: sorted.reduce((s, x) => s + x, 0), sorted }
}`,
  // Default sort compares strings: right until 10 sorts before 2.5.
  wrong: `function solve(xs) {
  return { sorted: [...xs].sort(), sum: xs.reduce((s, x) => s + x, 0) }
}`,
  throwing: `function solve(xs) { throw new Error('boom: ' + xs.length) }`,
  syntaxError: `function solve(xs { return xs }`,
  syntaxErrorAtRun: `function solve(xs) { return JSON.parse('{') }`,
  infiniteLoop: `function solve() { for (;;) {} }`,
  memoryHog: `function solve() {
  const keep = []
  for (;;) keep.push(new Array(1e5).fill(1))
}`,
  forger: `function solve(xs) {
  console.log('passed')
  console.log(JSON.stringify({ t: 'result', i: 0, status: 'ok', actual: { sorted: [1, 2, 3], sum: 6 }, ms: 0 }))
  return 'passed'
}`,
}

const box = useSandbox('bwrap')

describe('javascript in the bubblewrap sandbox', () => {
  sharedCases(box, 'javascript', JS)

  test('typed arrays cannot grow past the memory limit either', async () => {
    const code = `function solve() { const keep = []; for (;;) keep.push(new Float64Array(1e6)) }`
    for (const run of runsOf(await box.run('javascript', code, { memoryMb: 64 })))
      expect(run.status).toBe('memory_limit_exceeded')
  })

  test('has no process, require, Bun, timers, filesystem or network (so no fork, no reads)', async () => {
    const code = `function solve() {
  const names = ['process', 'require', 'Bun', 'Deno', 'std', 'os', 'fetch', 'XMLHttpRequest',
    'WebSocket', 'setTimeout', 'setInterval', 'Worker', 'importScripts']
  return names.filter((name) => typeof globalThis[name] !== 'undefined')
}`
    const runs = runsOf(await box.run('javascript', code))
    for (const run of runs) expect(run).toMatchObject({ status: 'ok', actual: [] })
  })

  test('require and import of node modules fail as runtime errors', async () => {
    for (const code of [
      `function solve() { return require('child_process').execSync('id').toString() }`,
      `async function solve() { const fs = await import('fs'); return fs.readFileSync('/etc/passwd', 'utf8') }`,
      `import fs from 'fs'\nfunction solve() { return fs.readFileSync('/proc/self/environ', 'utf8') }`,
    ]) {
      for (const run of runsOf(await box.run('javascript', code)))
        expect(run.status).toBe('runtime_error')
    }
  })

  test('async solutions are awaited; undefined comes back as null', async () => {
    const code = `async function solve(xs) {
  const sorted = await Promise.resolve([...xs].sort((a, b) => a - b))
  return { sorted, sum: sorted.reduce((s, x) => s + x, 0) }
}`
    expect(verdictsOf(await box.run('javascript', code))).not.toContain('wrong_answer')
    const runs = runsOf(await box.run('javascript', 'function solve() {}'))
    for (const run of runs) expect(run).toMatchObject({ status: 'ok', actual: null })
  })

  test('arrow functions, classes and CommonJS exports are found by name', async () => {
    const sources = [
      `const solve = (xs) => { const sorted = [...xs].sort((a, b) => a - b); return { sorted, sum: sorted.reduce((s, x) => s + x, 0) } }`,
      `function impl(xs) { const sorted = [...xs].sort((a, b) => a - b); return { sorted, sum: sorted.reduce((s, x) => s + x, 0) } }\nmodule.exports = { solve: impl }`,
      `export default function solve(xs) { const sorted = [...xs].sort((a, b) => a - b); return { sum: sorted.reduce((s, x) => s + x, 0), sorted } }`,
    ]
    for (const code of sources)
      expect(verdictsOf(await box.run('javascript', code))).toEqual(Array(5).fill('passed'))
  })

  test('console.log is captured, capped at maxOutputBytes', async () => {
    const result = await box.run(
      'javascript',
      `function solve(xs) { for (let i = 0; i < 1000; i++) console.log('line', i, { xs }); return null }`,
      { maxOutputBytes: 1000 },
    )
    if (!result.ok) throw new Error(result.reason)
    expect(result.stdout.startsWith('line 0 {"xs":[3,1,2]}\n')).toBe(true)
    expect(result.stdout).toEndWith('[output truncated]')
    expect(Buffer.byteLength(result.stdout)).toBeLessThan(1100)
  })

  test('values that are not JSON, or too large, are runtime errors', async () => {
    for (const body of [
      'return 1n',
      'const a = []; a.push(a); return a',
      `return 'x'.repeat(2 * 1024 * 1024)`,
    ]) {
      for (const run of runsOf(await box.run('javascript', `function solve() { ${body} }`)))
        expect(run.status).toBe('runtime_error')
    }
  })

  test('deep recursion is a runtime error, not a crash', async () => {
    const runs = runsOf(await box.run('javascript', 'function solve(n) { return solve(n) + 1 }'))
    for (const run of runs) expect(run.error).toContain('stack overflow')
  })

  test('a missing entry point is a runtime error naming it', async () => {
    for (const run of runsOf(await box.run('javascript', 'function other() {}')))
      expect(run).toMatchObject({
        status: 'runtime_error',
        error: expect.stringContaining('solve'),
      })
  })

  healthyAfterwards(box, 'javascript', JS.correct)
})
