/**
 * The JavaScript child: a throwaway Bun process (inside bubblewrap when available) that evaluates
 * the candidate's code in QuickJS, a fresh runtime per test, and writes one JSON line per event
 * on stdout. Candidate code only ever runs inside QuickJS: it has no fs, network, process or timers.
 */
import { writeSync } from 'node:fs'
import type { QuickJSWASMModule } from 'quickjs-emscripten'
import { prepareSource } from './js-source.ts'
import { Capture, type Outcome, runTest, syntaxErrorOf } from './quickjs-test.ts'

interface Payload {
  language: string
  code: string
  entryPoint: string
  inputs: unknown[][]
  limits: { testTimeoutMs: number; memoryMb: number; maxOutputBytes: number }
  maxResultBytes: number
  quickjs: { core: string; variant: string }
}

/** QuickJS's static data and stack live in the same wasm memory as the candidate's heap. */
const WASM_HEADROOM_MB = 32
/** The build's own maximum (2 GB). */
const WASM_MAX_PAGES = 32768

function send(message: object) {
  let bytes = Buffer.from(`${JSON.stringify(message)}\n`)
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(1, bytes))
    } catch (error) {
      if ((error as { code?: string }).code !== 'EAGAIN') throw error
    }
  }
}

/**
 * QuickJS's own memory limit does not count ArrayBuffer storage, so the wasm memory itself is
 * capped too (measured: a Float64Array loop otherwise grows it to the 2 GB default maximum).
 */
async function loadQuickJs(payload: Payload): Promise<QuickJSWASMModule> {
  const core = await import(payload.quickjs.core)
  const variant = (await import(payload.quickjs.variant)).default
  const pages = ((payload.limits.memoryMb + WASM_HEADROOM_MB) * 1024 * 1024) / 65536
  const wasmMemory = new WebAssembly.Memory({
    initial: 256,
    maximum: Math.min(WASM_MAX_PAGES, Math.ceil(pages)),
  })
  return core.newQuickJSWASMModuleFromVariant(core.newVariant(variant, { wasmMemory }))
}

const payload = JSON.parse(await Bun.stdin.text()) as Payload
if (!/^[A-Za-z_$][\w$]*$/.test(payload.entryPoint)) throw new Error('invalid entry point')
const prepared = prepareSource(payload.language, payload.code)
// One byte over the limit, so the parent sees the cut and marks it.
const capture = new Capture(payload.limits.maxOutputBytes + 1)
let mod = await loadQuickJs(payload)
// Parsed once (in the first test's time), nothing run: a syntax error is the code's compile
// error, reported on every test. undefined: not parsed yet.
let syntaxError: string | null | undefined

for (const [i, args] of payload.inputs.entries()) {
  send({ t: 'start', i })
  const started = performance.now()
  let outcome: Outcome
  if (!prepared.ok) outcome = { status: 'runtime_error', error: prepared.error, compile: true }
  else {
    try {
      if (syntaxError === undefined) syntaxError = syntaxErrorOf(mod, prepared.source)
      const test = { ...payload, source: prepared.source, args }
      outcome = syntaxError
        ? { status: 'runtime_error', error: syntaxError, compile: true }
        : runTest(mod, test, payload.limits, capture)
    } catch (error) {
      // A QuickJS abort leaves the wasm instance unusable: the next test gets a fresh one.
      outcome = { status: 'runtime_error', error: `QuickJS failed: ${String(error)}`.slice(0, 500) }
      mod = await loadQuickJs(payload)
    }
  }
  const ms = Math.round(performance.now() - started)
  send({ t: 'result', i, ...outcome, ms, out: capture.take() })
}
