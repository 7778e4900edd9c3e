/**
 * One test in QuickJS: a fresh runtime with a memory limit and an interrupt deadline, the
 * candidate's script, then the entry point called with the test's arguments. Child-side only.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten'

export interface TestLimits {
  testTimeoutMs: number
  memoryMb: number
}

export type Outcome = { status: string; actual?: unknown; error?: string; compile?: true }

const ERROR_MAX_CHARS = 500
// Deep recursion becomes a catchable error well before the wasm stack itself overflows.
const MAX_STACK_BYTES = 512 * 1024

/** console.* output, capped for the whole run; handed out per test with its result. */
export class Capture {
  private text = ''
  private total = 0
  constructor(private readonly cap: number) {}
  get full() {
    return this.total >= this.cap
  }
  write(line: string) {
    if (this.full) return
    const piece = line.slice(0, this.cap - this.total)
    this.total += Buffer.byteLength(piece)
    this.text += piece
  }
  take() {
    const text = this.text
    this.text = ''
    return text
  }
}

function stringProp(ctx: QuickJSContext, handle: QuickJSHandle, key: string) {
  try {
    const prop = ctx.getProp(handle, key)
    const value = ctx.typeof(prop) === 'string' ? ctx.getString(prop) : undefined
    prop.dispose()
    return value
  } catch {
    return undefined
  }
}

interface Thrown {
  name: string
  message: string
  line?: string
}

/** What the candidate threw, as name, message and the line in solution.js. */
function readThrown(ctx: QuickJSContext, handle: QuickJSHandle): Thrown {
  // QuickJS throws null when it cannot even allocate the out-of-memory error.
  if (ctx.sameValue(handle, ctx.null)) return { name: 'InternalError', message: 'out of memory' }
  if (ctx.typeof(handle) !== 'object')
    return { name: 'Uncaught', message: JSON.stringify(ctx.dump(handle)) ?? 'undefined' }
  const stack = stringProp(ctx, handle, 'stack') ?? ''
  return {
    name: stringProp(ctx, handle, 'name') ?? 'Error',
    message: stringProp(ctx, handle, 'message') ?? '',
    line: /solution\.js:(\d+)/.exec(stack)?.[1],
  }
}

function failure(ctx: QuickJSContext, handle: QuickJSHandle, limits: TestLimits): Outcome {
  const { name, message, line } = readThrown(ctx, handle)
  handle.dispose()
  const error = `${name}: ${message}${line ? ` (line ${line})` : ''}`.slice(0, ERROR_MAX_CHARS)
  if (name === 'InternalError' && message === 'interrupted')
    return {
      status: 'time_limit_exceeded',
      error: `Exceeded the time limit of ${limits.testTimeoutMs} ms`,
    }
  if (name === 'InternalError' && message === 'out of memory')
    return {
      status: 'memory_limit_exceeded',
      error: `Exceeded the memory limit of ${limits.memoryMb} MB`,
    }
  return { status: 'runtime_error', error }
}

function exposeConsole(ctx: QuickJSContext, capture: Capture) {
  const consoleObject = ctx.newObject()
  for (const name of ['log', 'info', 'warn', 'error', 'debug']) {
    const fn = ctx.newFunction(name, (...args) => {
      if (capture.full) return
      const parts = args.map((arg) => {
        const value = ctx.dump(arg)
        return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
      })
      capture.write(`${parts.join(' ')}\n`)
    })
    ctx.setProp(consoleObject, name, fn)
    fn.dispose()
  }
  ctx.setProp(ctx.global, 'console', consoleObject)
  consoleObject.dispose()
}

// Captured before the candidate's code runs, so overwriting JSON does not change serialization.
const STRINGIFY = `((stringify) => (v) => stringify(v === undefined ? null : v))(JSON.stringify)`
// Function and class declarations, const and let are all visible by name to a later script.
// No local bindings here: a local could shadow an entry point of the same name.
const callEntry = (name: string) => `(typeof ${name} === 'function'
  ? ${name}(...JSON.parse(globalThis.__assessArgs))
  : typeof module === 'object' && module && module.exports && typeof module.exports.${name} === 'function'
    ? module.exports.${name}(...JSON.parse(globalThis.__assessArgs))
    : (() => { throw new ReferenceError('${name} is not defined as a function') })())`
// CommonJS boilerplate (module.exports = ...) should not fail on a missing module object.
const PRELUDE =
  'globalThis.module = { exports: {} }; globalThis.exports = globalThis.module.exports'

/**
 * The syntax error that keeps `source` from compiling, or null: parsed in a runtime of its own,
 * nothing evaluated. (Anything else a parse can hit, such as running out of memory, is left to
 * the tests to report.)
 */
export function syntaxErrorOf(mod: QuickJSWASMModule, source: string): string | null {
  const runtime = mod.newRuntime()
  runtime.setMaxStackSize(MAX_STACK_BYTES)
  const ctx = runtime.newContext()
  try {
    const parsed = ctx.evalCode(source, 'solution.js', { type: 'global', compileOnly: true })
    if (!parsed.error) {
      parsed.value.dispose()
      return null
    }
    const { name, message, line } = readThrown(ctx, parsed.error)
    parsed.error.dispose()
    if (name !== 'SyntaxError') return null
    return `${name}: ${message}${line ? ` (line ${line})` : ''}`.slice(0, ERROR_MAX_CHARS)
  } finally {
    ctx.dispose()
    runtime.dispose()
  }
}

export function runTest(
  mod: QuickJSWASMModule,
  test: { source: string; entryPoint: string; args: unknown[]; maxResultBytes: number },
  limits: TestLimits,
  capture: Capture,
): Outcome {
  const runtime = mod.newRuntime()
  const deadline = Date.now() + limits.testTimeoutMs
  runtime.setMemoryLimit(limits.memoryMb * 1024 * 1024)
  runtime.setMaxStackSize(MAX_STACK_BYTES)
  runtime.setInterruptHandler(() => Date.now() > deadline)
  const ctx = runtime.newContext()
  const handles: QuickJSHandle[] = []
  const keep = (h: QuickJSHandle) => {
    handles.push(h)
    return h
  }
  try {
    exposeConsole(ctx, capture)
    const stringify = keep(ctx.unwrapResult(ctx.evalCode(STRINGIFY, 'runner.js')))
    keep(ctx.unwrapResult(ctx.evalCode(PRELUDE, 'runner.js')))
    const argsJson = ctx.newString(JSON.stringify(test.args))
    ctx.setProp(ctx.global, '__assessArgs', argsJson)
    argsJson.dispose()

    const loaded = ctx.evalCode(test.source, 'solution.js', { type: 'global' })
    if (loaded.error) return failure(ctx, loaded.error, limits)
    keep(loaded.value)
    const called = ctx.evalCode(callEntry(test.entryPoint), 'runner.js', { type: 'global' })
    if (called.error) return failure(ctx, called.error, limits)
    let value = keep(called.value)
    let state = ctx.getPromiseState(value)
    if (state.type === 'pending') {
      // Async solutions: settle the microtasks (no timers exist, so nothing else can be waited on).
      const jobs = runtime.executePendingJobs()
      if (jobs.error) return failure(ctx, jobs.error, limits)
      state = ctx.getPromiseState(value)
    }
    if (state.type === 'pending')
      return { status: 'runtime_error', error: 'The promise never settled' }
    if (state.type === 'rejected') return failure(ctx, state.error, limits)
    if (!state.notAPromise) value = keep(state.value)

    const json = ctx.callFunction(stringify, ctx.undefined, value)
    if (json.error) return failure(ctx, json.error, limits)
    const text = ctx.getString(keep(json.value))
    if (Buffer.byteLength(text) > test.maxResultBytes)
      return { status: 'runtime_error', error: 'The return value is larger than the 1 MiB limit' }
    return { status: 'ok', actual: JSON.parse(text) }
  } finally {
    for (const h of handles) if (h.alive) h.dispose()
    ctx.dispose()
    runtime.dispose()
  }
}
