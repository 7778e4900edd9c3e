import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { chown, mkdtemp, rm, utimes } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createSandbox, findLaunchBase } from './create-sandbox.ts'
import { prepareLaunch } from './launch.ts'
import { DEFAULT_LIMITS } from './limits.ts'
import { PYTHON_NEEDS_BWRAP } from './run-code.ts'
import { buildSeccompFilter } from './seccomp/filter.ts'
import { RUN_DIR_PREFIX, RUN_UID_MIN } from './sweep.ts'
import {
  alive,
  descendants,
  eventually,
  isCandidateProcess,
  PROBLEM,
  parentOf,
  processesOfUid,
  runsOf,
  useSandbox,
  verdictsOf,
} from './testing.ts'
import type { Isolation } from './types.ts'

// Real child processes on a busy 2-core machine: Bun's 5 s default is no limit to test against.
setDefaultTimeout(60_000)

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
    // Each test alone may loop for 20 s: only the 1.5 s wall clock can end the run sooner.
    const result = await box.run('javascript', 'function solve() { for (;;) {} }', {
      testTimeoutMs: 20_000,
      totalTimeoutMs: 1500,
    })
    const runs = runsOf(result)
    expect(runs.map((run) => run.status)).toEqual(Array(5).fill('time_limit_exceeded'))
    expect(runs[4]?.error).toContain('Not run')
    expect(result.ms).toBeLessThan(10_000)
  })

  test('a hostile run does not slow a concurrent one', async () => {
    const bomb = box.run(
      'python',
      'import os\ndef solve(xs):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n',
      { testTimeoutMs: 1500 },
    )
    await Bun.sleep(200)
    const normal = await box.run(
      'python',
      'def solve(xs):\n    s = sorted(xs)\n    return {"sorted": s, "sum": sum(s)}\n',
    )
    expect(verdictsOf(normal)).toEqual(Array(5).fill('passed'))
    // The bomb goes on for 5 × 1.5 s; the normal run (≈60 ms alone) did not wait for it.
    expect(normal.ms).toBeLessThan(4000)
    expect(verdictsOf(await bomb)).not.toContain('passed')
  })

  test('null bytes and odd text in the code are runtime errors, not exceptions', async () => {
    for (const language of ['javascript', 'python'] as const) {
      const result = await box.run(language, 'def solve\u0000(xs): \uD800 return 1')
      for (const run of runsOf(result)) expect(run.status).toBe('runtime_error')
    }
  })
})

/** What createSandbox hands every launch: the tools, the runtime folder and the seccomp filter. */
async function launchBase() {
  const base = await findLaunchBase()
  if (!base) throw new Error('prlimit is missing')
  const filter = await buildSeccompFilter()
  if ('problem' in filter) throw new Error(filter.problem)
  return { ...base, seccompFile: filter.file }
}

/** Runs a script of ours (not candidate code) inside the exact envelope a run gets. */
async function insideEnvelope(isolation: Isolation, script: string) {
  const launch = await prepareLaunch({ ...(await launchBase()), isolation }, 'bun', DEFAULT_LIMITS)
  try {
    const argv = [...launch.argv.slice(0, -1), '-e', script]
    const child = Bun.spawn(argv, {
      cwd: launch.cwd,
      env: {},
      stdio: ['ignore', 'pipe', 'pipe', ...launch.extraFds],
    })
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

const PROBE_SCRIPT = (port: number | undefined, runtimeDir: string) => `
const fs = require('fs')
const out = { env: { ...process.env }, uid: process.getuid() }
const attempt = (name, fn) => { try { out[name] = fn() } catch (e) { out[name] = e.code ?? String(e) } }
attempt('secret', () => fs.readFileSync(${JSON.stringify(SECRET_FILE)}, 'utf8'))
attempt('repo', () => fs.readdirSync(${JSON.stringify(REPO_ROOT)}))
attempt('writeRoot', () => fs.writeFileSync('/assess-probe', 'x'))
attempt('writeTmp', () => (fs.writeFileSync('/tmp/assess-probe', 'x'), 'written'))
attempt('writeRuntime', () => fs.writeFileSync(${JSON.stringify(join(runtimeDir, 'js-runner.ts'))}, 'x'))
attempt('seccomp', () => /Seccomp:\\s+(\\d)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1])
try { out.net = await (await fetch('http://127.0.0.1:${port}/')).text() } catch (e) { out.net = e.code ?? String(e) }
console.log(JSON.stringify(out))
`

describe('the child process envelope', () => {
  test('under bubblewrap: no environment, no project files, no network, read-only but /tmp', async () => {
    const { runtime } = await launchBase()
    const out = await insideEnvelope('bwrap', PROBE_SCRIPT(server?.port, runtime.dir))
    expect(JSON.stringify(out)).not.toContain(SECRET)
    expect(out.env).toEqual({})
    expect(out.uid).toBe(65534)
    expect(out.secret).toBe('ENOENT')
    expect(out.repo).toBe('ENOENT') // the install is not mounted at all: runs use the runtime copy
    expect(out.writeRoot).toBe('EROFS')
    expect(['EROFS', 'EACCES']).toContain(out.writeRuntime) // EACCES first when the uid differs
    expect(out.writeTmp).toBe('written')
    expect(out.seccomp).toBe('2') // a seccomp filter is loaded (mode 2)
    expect(out.net).not.toBe('reached')
    // The same request from the worker does reach the server.
    expect(await (await fetch(`http://127.0.0.1:${server?.port}/`)).text()).toBe('reached')
  })

  test('without bubblewrap: still an empty environment and, as root, another uid', async () => {
    const { runtime } = await launchBase()
    const out = await insideEnvelope('process', PROBE_SCRIPT(server?.port, runtime.dir))
    expect(out.env).toEqual({})
    if (process.getuid?.() === 0) {
      expect(out.uid).toBeGreaterThanOrEqual(200_000)
      expect(out.writeRuntime).toBe('EACCES')
    }
  })

  test('no launch reads the install: every path a child gets is in the runtime folder or the system', async () => {
    const base = await launchBase()
    for (const isolation of ['bwrap', 'process'] as const)
      for (const kind of ['bun', 'python'] as const) {
        const launch = await prepareLaunch({ ...base, isolation }, kind, DEFAULT_LIMITS)
        await launch.cleanup()
        const paths = [launch.cwd, ...launch.argv].filter((arg) => arg.startsWith('/'))
        expect(paths.filter((path) => path.startsWith(REPO_ROOT))).toEqual([])
        // Every bubblewrap run, whatever the language, loads the seccomp filter from fd 3.
        if (isolation === 'bwrap') {
          expect(launch.argv.join(' ')).toContain('--seccomp 3')
          expect(launch.extraFds).toHaveLength(1)
        } else expect(launch.extraFds).toEqual([])
        expect(launch.argv).toContain(
          kind === 'bun' ? base.runtime.jsRunner : base.runtime.pyHarness,
        )
      }
  })
})

/** A worker process of its own, so the test can SIGKILL it mid-run like a crash would. */
function startWorker(isolation: Isolation, language: string, code: string) {
  // One test with one argument, and limits far past any wait below: the child is still looping
  // whenever the test looks for it, however slow the machine.
  const script = `import { createSandbox } from ${JSON.stringify(join(import.meta.dir, 'index.ts'))}
const sandbox = await createSandbox({ isolation: '${isolation}' })
console.log('ready')
await sandbox.run({ language: '${language}', code: ${JSON.stringify(code)}, entryPoint: 'solve',
  inputs: [[1]], limits: { testTimeoutMs: 120_000, totalTimeoutMs: 120_000 } })`
  return Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'ignore' })
}

describe('a worker that dies', () => {
  for (const [isolation, language, code] of [
    ['bwrap', 'python', 'def solve(x):\n    while True: pass\n'],
    ['process', 'javascript', 'function solve(x) { for (;;) {} }'],
  ] as const) {
    test(`takes its ${isolation} child with it`, async () => {
      const worker = startWorker(isolation, language, code)
      const reader = worker.stdout.getReader()
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('ready')
      let children: number[] = []
      const running = await eventually(() => {
        children = descendants(worker.pid)
        return children.some(isCandidateProcess)
      })
      expect(running).toBe(true)
      worker.kill('SIGKILL')
      await worker.exited
      expect(await eventually(() => !children.some(alive))).toBe(true)
    })
  }

  test('an orphan under a run uid (a worker killed mid-setup leaves one) dies at the next createSandbox', async () => {
    // Killed between spawning setpriv and setpriv arming its parent-death signal, a worker leaves
    // a process under the run's uid, reparented to init. That state is made here on purpose
    // rather than by racing a kill against the few milliseconds of a real setup.
    const uid = RUN_UID_MIN + 1 + Math.floor(Math.random() * 1000)
    const setsid = Bun.spawn(
      [
        'setsid',
        '-f',
        'setpriv',
        `--reuid=${uid}`,
        `--regid=${uid}`,
        '--clear-groups',
        'sleep',
        '600',
      ],
      { stdout: 'ignore', stderr: 'inherit' },
    )
    expect(await setsid.exited).toBe(0)
    let orphan: number | undefined
    expect(
      await eventually(() => {
        orphan = processesOfUid(uid)[0]
        return orphan !== undefined
      }),
    ).toBe(true)
    try {
      expect(parentOf(orphan ?? 0)).toBe(1)
      await createSandbox({ isolation: 'bwrap' })
      expect(await eventually(() => processesOfUid(uid).length === 0)).toBe(true)
    } finally {
      for (const pid of processesOfUid(uid)) process.kill(pid, 'SIGKILL')
    }
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
