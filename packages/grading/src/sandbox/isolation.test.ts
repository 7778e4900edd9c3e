import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { chown, mkdtemp, rm, utimes } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createSandbox, findLaunchBase } from './create-sandbox.ts'
import { prepareLaunch } from './launch.ts'
import { DEFAULT_LIMITS } from './limits.ts'
import { PYTHON_NEEDS_BWRAP } from './run-code.ts'
import { RUN_DIR_PREFIX, RUN_UID_MIN } from './sweep.ts'
import {
  alive,
  descendants,
  isCandidateProcess,
  isSandboxProcess,
  liveSandboxProcesses,
  PROBLEM,
  runsOf,
  useSandbox,
  verdictsOf,
} from './testing.ts'
import type { Isolation } from './types.ts'

const REPO_ROOT = resolve(import.meta.dir, '../../../..')
const SECRET = `isolation-secret-${crypto.randomUUID()}`
const SECRET_FILE = join(REPO_ROOT, `.sandbox-isolation-secret-${process.pid}`)
const CORRECT_JS = `function solve(xs) { const sorted = [...xs].sort((a, b) => a - b); return { sorted, sum: sorted.reduce((s, x) => s + x, 0) } }`

let server: ReturnType<typeof Bun.serve> | undefined
beforeAll(() => {
  process.env.SANDBOX_TEST_SECRET = SECRET
  writeFileSync(SECRET_FILE, SECRET)
  server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('reached') })
})
afterAll(() => {
  delete process.env.SANDBOX_TEST_SECRET
  rmSync(SECRET_FILE, { force: true })
  server?.stop(true)
})

describe('createSandbox', () => {
  test("'auto' probes bubblewrap and picks it on this Linux worker", async () => {
    const sandbox = await createSandbox()
    expect(sandbox.isolation).toBe('bwrap')
    expect(sandbox.fallbackReason).toBeUndefined()
  })

  test('requests that are the question’s fault are refused before any child starts', async () => {
    const sandbox = await createSandbox({ isolation: 'process' })
    const bad = await sandbox.run({
      ...PROBLEM,
      language: 'javascript',
      code: '',
      entryPoint: 'a;b',
    })
    expect(bad).toEqual({ ok: false, reason: 'entryPoint "a;b" is not an identifier' })
    const none = await sandbox.run({
      language: 'javascript',
      code: '',
      entryPoint: 'f',
      inputs: [],
    })
    expect(none).toEqual({ ok: true, runs: [], stdout: '', isolation: 'process' })
  })
})

describe('process isolation (no bubblewrap)', () => {
  const box = useSandbox('process')

  test('Python is refused, never run unconfined', async () => {
    const result = await box.run('python', 'def solve(xs):\n    return xs\n')
    expect(result).toMatchObject({ ok: false, reason: PYTHON_NEEDS_BWRAP })
  })

  test('JavaScript still runs in a throwaway QuickJS child with its limits', async () => {
    const ok = await box.run('javascript', CORRECT_JS)
    expect(ok).toMatchObject({ ok: true, isolation: 'process' })
    expect(verdictsOf(ok)).toEqual(Array(5).fill('passed'))
    const loop = await box.run('javascript', 'function solve() { for (;;) {} }', {
      testTimeoutMs: 200,
    })
    for (const run of runsOf(loop)) expect(run.status).toBe('time_limit_exceeded')
    const hog = await box.run(
      'javascript',
      'function solve() { const a = []; for (;;) a.push(new Float64Array(1e6)) }',
    )
    for (const run of runsOf(hog)) expect(run.status).toBe('memory_limit_exceeded')
  })
})

describe('bubblewrap isolation', () => {
  const box = useSandbox('bwrap')

  test('the wall-clock limit ends the whole run; unfinished tests are time_limit_exceeded', async () => {
    const result = await box.run('javascript', 'function solve() { for (;;) {} }', {
      testTimeoutMs: 1000,
      totalTimeoutMs: 1500,
    })
    const runs = runsOf(result)
    expect(runs.map((run) => run.status)).toEqual(Array(5).fill('time_limit_exceeded'))
    expect(runs[4]?.error).toContain('Not run')
    expect(result.ms).toBeLessThan(1500 + 1000)
  })

  test('a hostile run does not slow a concurrent one', async () => {
    const bomb = box.run(
      'python',
      'import os\ndef solve(xs):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n',
      { testTimeoutMs: 500 },
    )
    await Bun.sleep(200)
    const normal = await box.run(
      'python',
      'def solve(xs):\n    s = sorted(xs)\n    return {"sorted": s, "sum": sum(s)}\n',
    )
    expect(verdictsOf(normal)).toEqual(Array(5).fill('passed'))
    expect(normal.ms).toBeLessThan(1500)
    expect(verdictsOf(await bomb)).not.toContain('passed')
  })

  test('null bytes and odd text in the code are runtime errors, not exceptions', async () => {
    for (const language of ['javascript', 'python'] as const) {
      const result = await box.run(language, 'def solve\u0000(xs): \uD800 return 1')
      for (const run of runsOf(result)) expect(run.status).toBe('runtime_error')
    }
  })
})

/** Runs a script of ours (not candidate code) inside the exact envelope a run gets. */
async function insideEnvelope(isolation: Isolation, script: string) {
  const base = await findLaunchBase()
  if (!base) throw new Error('prlimit is missing')
  const launch = await prepareLaunch({ ...base, isolation }, 'bun', DEFAULT_LIMITS)
  try {
    const argv = [...launch.argv.slice(0, -1), '-e', script]
    const child = Bun.spawn(argv, { cwd: launch.cwd, env: {}, stdout: 'pipe', stderr: 'pipe' })
    const [out, err] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ])
    if (!out.trim()) throw new Error(`no output; stderr: ${err}`)
    return JSON.parse(out)
  } finally {
    await launch.cleanup()
  }
}

const PROBE_SCRIPT = (port: number | undefined) => `
const fs = require('fs')
const out = { env: { ...process.env }, uid: process.getuid() }
const attempt = (name, fn) => { try { out[name] = fn() } catch (e) { out[name] = e.code ?? String(e) } }
attempt('secret', () => fs.readFileSync(${JSON.stringify(SECRET_FILE)}, 'utf8'))
attempt('repo', () => fs.readdirSync(${JSON.stringify(REPO_ROOT)}))
attempt('writeRoot', () => fs.writeFileSync('/assess-probe', 'x'))
attempt('writeTmp', () => (fs.writeFileSync('/tmp/assess-probe', 'x'), 'written'))
try { out.net = await (await fetch('http://127.0.0.1:${port}/')).text() } catch (e) { out.net = e.code ?? String(e) }
console.log(JSON.stringify(out))
`

describe('the child process envelope', () => {
  test('under bubblewrap: no environment, no project files, no network, read-only but /tmp', async () => {
    const out = await insideEnvelope('bwrap', PROBE_SCRIPT(server?.port))
    expect(JSON.stringify(out)).not.toContain(SECRET)
    expect(out.env).toEqual({})
    expect(out.uid).toBe(65534)
    expect(out.secret).toBe('ENOENT')
    expect(out.repo).toEqual(['node_modules', 'packages']) // only mount points for what it runs
    expect(out.writeRoot).toBe('EROFS')
    expect(out.writeTmp).toBe('written')
    expect(out.net).not.toBe('reached')
    // The same request from the worker does reach the server.
    expect(await (await fetch(`http://127.0.0.1:${server?.port}/`)).text()).toBe('reached')
  })

  test('without bubblewrap: still an empty environment and, as root, another uid', async () => {
    const out = await insideEnvelope('process', PROBE_SCRIPT(server?.port))
    expect(out.env).toEqual({})
    if (process.getuid?.() === 0) expect(out.uid).toBeGreaterThanOrEqual(200_000)
  })
})

/** A worker process of its own, so the test can SIGKILL it mid-run like a crash would. */
function startWorker(isolation: Isolation, language: string, code: string) {
  const script = `import { createSandbox } from ${JSON.stringify(join(import.meta.dir, 'index.ts'))}
const sandbox = await createSandbox({ isolation: '${isolation}' })
console.log('ready')
await sandbox.run({ language: '${language}', code: ${JSON.stringify(code)}, entryPoint: 'solve',
  inputs: [[]], limits: { testTimeoutMs: 20000, totalTimeoutMs: 25000 } })`
  return Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'ignore' })
}

async function waitFor(check: () => boolean, ms = 5000) {
  for (const end = Date.now() + ms; Date.now() < end && !check(); ) await Bun.sleep(20)
  return check()
}

describe('a worker that dies', () => {
  for (const [isolation, language, code] of [
    ['bwrap', 'python', 'def solve(xs):\n    while True: pass\n'],
    ['process', 'javascript', 'function solve() { for (;;) {} }'],
  ] as const) {
    test(`takes its ${isolation} child with it`, async () => {
      const worker = startWorker(isolation, language, code)
      const reader = worker.stdout.getReader()
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('ready')
      let children: number[] = []
      const running = await waitFor(() => {
        children = descendants(worker.pid)
        return children.some(isCandidateProcess)
      })
      expect(running).toBe(true)
      worker.kill('SIGKILL')
      await worker.exited
      expect(await waitFor(() => !children.some(alive), 2000)).toBe(true)
    })
  }

  test('killed while its sandbox starts, it leaves nothing the next createSandbox does not sweep', async () => {
    // Catching a worker mid-setup is a race: some attempts miss the window (the probe can finish
    // between two polls on a busy machine); at least one must land in it.
    let caught = 0
    for (let attempt = 0; attempt < 5; attempt++) {
      const worker = startWorker('bwrap', 'python', 'def solve(xs):\n    return 1\n')
      // The first bwrap to appear belongs to createSandbox's own probes, still setting up.
      if (await waitFor(() => descendants(worker.pid).some(isSandboxProcess))) caught++
      worker.kill('SIGKILL')
      await worker.exited
    }
    expect(caught).toBeGreaterThan(0)
    await Bun.sleep(300)
    await createSandbox({ isolation: 'bwrap' })
    expect(await waitFor(() => liveSandboxProcesses().length === 0, 2000)).toBe(true)
  })

  test("its stale run directories are removed by the next createSandbox, a live run's are not", async () => {
    const stale = await mkdtemp(join(tmpdir(), RUN_DIR_PREFIX))
    const fresh = await mkdtemp(join(tmpdir(), RUN_DIR_PREFIX))
    await chown(stale, RUN_UID_MIN + 1, RUN_UID_MIN + 1)
    await chown(fresh, RUN_UID_MIN + 2, RUN_UID_MIN + 2)
    const twoMinutesAgo = new Date(Date.now() - 120_000)
    await utimes(stale, twoMinutesAgo, twoMinutesAgo)
    try {
      await createSandbox({ isolation: 'process' })
      expect(existsSync(stale)).toBe(false)
      expect(existsSync(fresh)).toBe(true)
    } finally {
      await rm(stale, { recursive: true, force: true })
      await rm(fresh, { recursive: true, force: true })
    }
  })
})
