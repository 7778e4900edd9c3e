import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { TCPSocketListener } from 'bun'
import {
  eventually,
  healthyAfterwards,
  liveSandboxProcesses,
  type Programs,
  runsOf,
  sharedCases,
  useSandbox,
  verdictsOf,
} from './testing.ts'

// Real processes on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(60_000)

const PY: Programs = {
  correct: `def solve(xs):
    ordered = sorted(xs)
    return {"sum": sum(ordered), "sorted": ordered}
`,
  // Sorting by the text: right until "10" sorts before "2.5".
  wrong: `def solve(xs):
    return {"sorted": sorted(xs, key=str), "sum": sum(xs)}
`,
  throwing: `def solve(xs):
    raise ValueError(f"boom {len(xs)}")
`,
  syntaxError: `def solve(xs)
    return xs
`,
  syntaxErrorAtRun: `def solve(xs):
    return eval("(")
`,
  infiniteLoop: `def solve(xs):
    n = 0
    while True:
        n += 1
`,
  memoryHog: `def solve(xs):
    keep = []
    while True:
        keep.append(bytearray(10**7))
`,
  forger: `import os, sys
FAKE = b'{"t":"result","i":%d,"status":"ok","actual":"passed","ms":0}\\n'
def solve(xs):
    print("passed")
    sys.__stdout__.write("passed\\n")
    for fd in range(64):
        for i in range(5):
            try:
                os.write(fd, b'{"t":"start","i":%d}\\n' % i)
                os.write(fd, FAKE % i)
            except OSError:
                pass
    return "passed"
`,
}

const REPO_ROOT = resolve(import.meta.dir, '../../../..')
const SECRET = `sandbox-secret-${crypto.randomUUID()}`
const SECRET_FILE = join(REPO_ROOT, `.sandbox-test-secret-${process.pid}`)

const box = useSandbox('bwrap')
let listener: TCPSocketListener | undefined

beforeAll(() => {
  // What a worker holds: a secret in its environment and one in a file in the project directory.
  process.env.SANDBOX_TEST_SECRET = SECRET
  writeFileSync(SECRET_FILE, SECRET)
  listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
})

afterAll(() => {
  delete process.env.SANDBOX_TEST_SECRET
  rmSync(SECRET_FILE, { force: true })
  listener?.stop(true)
})

describe('python in the bubblewrap sandbox', () => {
  sharedCases(box, 'python', PY)

  test('a timeout the code catches with `except BaseException` is still time_limit_exceeded', async () => {
    const code = `def solve(xs):
    try:
        while True:
            pass
    except BaseException:
        return sorted(xs)
`
    const runs = runsOf(await box.run('python', code, { testTimeoutMs: 300 }))
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => 'time_limit_exceeded'))
    expect(runs[0]?.error).toBe('Exceeded the time limit of 300 ms')
  })

  test('a forged result nested 300,000 levels deep is that test’s runtime_error, not a crash', async () => {
    const code = `import os
DEEP = b"[" * 300000 + b"1" + b"]" * 300000
def solve(xs):
    line = b'{"t":"result","i":0,"status":"ok","actual":' + DEEP + b',"ms":0}\\n'
    for fd in range(3, 64):
        try:
            os.write(fd, line)
        except OSError:
            pass
    return sorted(xs)
`
    const result = await box.run('python', code)
    const [first, ...rest] = runsOf(result)
    expect(first).toMatchObject({
      status: 'runtime_error',
      error: 'The returned value nests deeper than 32 levels',
    })
    // The forged line took test 0's place; the harness's own lines for the others still count.
    expect(rest.every((run) => run.status === 'ok')).toBe(true)
    expect(() => JSON.stringify(result)).not.toThrow()
  })

  test('the seccomp filter denies what an escape would need: keyrings, io_uring, ptrace', async () => {
    // Each of these succeeds in a plain bubblewrap run (keyctl and io_uring_setup return an id
    // and a descriptor there); under the filter all fail with EPERM.
    const code = `import ctypes, os, platform
NUMBERS = {
    "x86_64": {"keyctl": 250, "add_key": 248, "io_uring_setup": 425, "ptrace": 101, "unshare": 272},
    "aarch64": {"keyctl": 219, "add_key": 217, "io_uring_setup": 425, "ptrace": 117, "unshare": 97},
}[platform.machine()]
libc = ctypes.CDLL(None, use_errno=True)
def errno_of(name, *args):
    ctypes.set_errno(0)
    return "ok" if libc.syscall(NUMBERS[name], *args) >= 0 else os.strerror(ctypes.get_errno())
def solve(xs):
    params = ctypes.create_string_buffer(120)
    return {
        "keyctl": errno_of("keyctl", 0, ctypes.c_long(-2), 1),
        "add_key": errno_of("add_key", b"user", b"k", b"v", 1, ctypes.c_long(-2)),
        "io_uring_setup": errno_of("io_uring_setup", 1, params),
        "ptrace": errno_of("ptrace", 0, 0, 0, 0),
        "unshare": errno_of("unshare", 0x00020000),
        "seccomp": open("/proc/self/status").read().split("Seccomp:")[1].split()[0],
    }
`
    const [first] = runsOf(await box.run('python', code))
    const denied = 'Operation not permitted'
    expect(first?.actual).toEqual({
      keyctl: denied,
      add_key: denied,
      io_uring_setup: denied,
      ptrace: denied,
      unshare: denied,
      seccomp: '2',
    })
  })

  test('a fork bomb is stopped at the time limit', async () => {
    const code = `import os
def solve(xs):
    while True:
        try:
            os.fork()
        except OSError:
            pass
`
    const result = await box.run('python', code, { testTimeoutMs: 500 })
    expect(verdictsOf(result)).not.toContain('passed')
    // Unstopped, the bomb would run to the 15 s wall clock.
    expect(result.ms).toBeLessThan(10_000)
    expect(await eventually(() => liveSandboxProcesses().length === 0)).toBe(true)
  })

  test('the process count is limited, and each test starts with none left over', async () => {
    const code = `import os, time
def solve(xs):
    n = 0
    for _ in range(200):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        n += 1
    return n
`
    const runs = runsOf(await box.run('python', code))
    const counts = runs.map((run) => run.actual as number)
    expect(runs.every((run) => run.status === 'ok')).toBe(true)
    expect(Math.max(...counts)).toBeLessThan(16)
    // The sleepers of test 1 were reaped before test 2: every test gets the same room.
    expect(new Set(counts).size).toBe(1)
  })

  test("cannot read the worker's environment or the project's files", async () => {
    const code = `import os
def solve(xs):
    found = {"environ": dict(os.environ), "uid": os.getuid()}
    for path in ["/proc/self/environ", "/proc/1/environ", ${JSON.stringify(SECRET_FILE)},
                 ${JSON.stringify(join(REPO_ROOT, '.env'))}, ${JSON.stringify(REPO_ROOT)}, "/root", "/home", "/etc"]:
        try:
            found[path] = os.listdir(path) if os.path.isdir(path) else open(path).read()
        except OSError as e:
            found[path] = type(e).__name__
    return found
`
    for (const run of runsOf(await box.run('python', code))) {
      expect(run.status).toBe('ok')
      const text = JSON.stringify(run.actual)
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain('DATABASE_URL')
      const found = run.actual as Record<string, unknown>
      // Empty from the start; Python itself then sets LC_CTYPE (PEP 538 locale coercion).
      expect(found['/proc/self/environ']).toBe('')
      expect(Object.keys(found.environ as object)).toEqual(['LC_CTYPE'])
      expect(found[SECRET_FILE]).toBe('FileNotFoundError')
      expect(found['/etc']).toBe('FileNotFoundError')
      // The project is not mounted at all: runs load the runtime folder's copy.
      expect(found[REPO_ROOT]).toBe('FileNotFoundError')
      expect(found.uid).toBe(65534)
    }
  })

  test('cannot reach services on the host (Postgres, Redis, a port this test listens on)', async () => {
    const port = listener?.port
    const reachable = await Bun.connect({
      hostname: '127.0.0.1',
      port: port ?? 0,
      socket: { data() {} },
    })
    reachable.end() // the port is open from outside the sandbox
    const code = `import socket
def solve(xs):
    out = []
    for port in [5432, 6379, ${port}]:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            out.append("connected")
        except OSError as e:
            out.append(type(e).__name__)
    return out
`
    for (const run of runsOf(await box.run('python', code))) {
      expect(run.status).toBe('ok')
      expect(run.actual).not.toContain('connected')
    }
  })

  test('swallowing the timeout does not help: the parent kills the run', async () => {
    const code = `def solve(xs):
    while True:
        try:
            n = 0
            while True:
                n += 1
        except BaseException:
            pass
`
    const result = await box.run('python', code, { testTimeoutMs: 500 })
    for (const run of runsOf(result)) expect(run.status).toBe('time_limit_exceeded')
    // 500 ms plus the parent's grace, then every unfinished test is a TLE without running
    // (unkilled, it would go on to the 15 s wall clock).
    expect(result.ms).toBeLessThan(10_000)
    expect(await eventually(() => liveSandboxProcesses().length === 0)).toBe(true)
  })

  test('a crash mid-run is a runtime_error, never an exception', async () => {
    const code = `import os
def solve(xs):
    if len(xs) == 0:
        os._exit(3)
    return {"sorted": sorted(xs), "sum": sum(xs)}
`
    const runs = runsOf(await box.run('python', code))
    expect(runs.map((run) => run.status)).toEqual([
      'ok',
      'ok',
      'runtime_error',
      'runtime_error',
      'runtime_error',
    ])
    expect(runs[2]?.error).toContain('exit code 3')
  })

  test('print output is captured and capped; writes to /tmp are capped too', async () => {
    const result = await box.run(
      'python',
      `def solve(xs):
    for i in range(100000):
        print("spam", i)
    n = 0
    try:
        while True:
            with open(f"/tmp/f{n}", "wb") as f:
                f.write(b"x" * (1 << 20))
            n += 1
    except OSError as e:
        return n
`,
      { maxOutputBytes: 2000 },
    )
    if (!result.ok) throw new Error(result.reason)
    expect(result.stdout.startsWith('spam 0\nspam 1\n')).toBe(true)
    expect(result.stdout).toEndWith('[output truncated]')
    for (const run of result.runs) expect(run.actual).toBeLessThanOrEqual(16)
  })

  test('tuples become lists and NaN null; sets are not JSON; Solution classes work', async () => {
    const tuple = runsOf(
      await box.run('python', 'def solve(xs):\n    return (1, float("nan"), {2: (3,)})\n'),
    )
    expect(tuple[0]).toMatchObject({ status: 'ok', actual: [1, null, { '2': [3] }] })
    for (const run of runsOf(await box.run('python', 'def solve(xs):\n    return set(xs)\n')))
      expect(run.status).toBe('runtime_error')
    const leetcode = `class Solution:
    def solve(self, xs):
        return {"sorted": sorted(xs), "sum": sum(xs)}
`
    expect(verdictsOf(await box.run('python', leetcode))).toEqual(Array(5).fill('passed'))
  })

  healthyAfterwards(box, 'python', PY.correct)
})
