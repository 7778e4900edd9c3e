import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import type { TCPSocketListener } from 'bun'
import { programVerdictOf } from '../../code/judge.ts'
import { createSandbox } from '../create-sandbox.ts'
import { RUN_UID_MAX, RUN_UID_MIN } from '../sweep.ts'
import type { Sandbox, SandboxLimits } from '../types.ts'
import { PROGRAMS } from './fixtures.ts'
import { HOSTILE } from './hostile-fixtures.ts'
import { LANGUAGE_SPECS, PROGRAM_LANGUAGES, type ProgramLanguage } from './languages.ts'
import { probeLanguages } from './probe.ts'
import type { ProgramRunResult, ProgramTestRun } from './run-program.ts'

// Compilers and runtimes on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(120_000)

const SUMS = [
  { stdin: '3 4\n', expected: '7\n' },
  { stdin: '-5 10\n', expected: '5\n' },
  { stdin: '1000000000000 1', expected: '1000000000001\n' },
]

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await createSandbox({ isolation: 'bwrap' })
})

async function run(
  language: ProgramLanguage,
  source: string,
  stdins = SUMS.map((t) => t.stdin),
  limits?: Partial<SandboxLimits>,
) {
  const started = performance.now()
  const result = await sandbox.runProgram({ language, source, stdins, limits })
  if (!result.ok) throw new Error(`run refused: ${result.reason}`)
  return { ...result, ms: performance.now() - started }
}

const verdicts = (result: Extract<ProgramRunResult, { ok: true }>) =>
  result.runs.map((r, i) => programVerdictOf(r, SUMS[i]?.expected ?? '', 'trim'))

const statuses = (runs: ProgramTestRun[]) => runs.map((r) => r.status)

for (const language of PROGRAM_LANGUAGES) {
  const programs = PROGRAMS[language]
  const timeFactor = LANGUAGE_SPECS[language].timeFactor
  describe(LANGUAGE_SPECS[language].label, () => {
    test.concurrent('a correct program passes every test, compiled once', async () => {
      const result = await run(language, programs.sum)
      expect(result.compile?.status).toBe('ok')
      expect(verdicts(result)).toEqual(['passed', 'passed', 'passed'])
    })

    test.concurrent('a wrong program is wrong_answer', async () => {
      const result = await run(language, programs.difference)
      expect(verdicts(result)).toEqual(['wrong_answer', 'wrong_answer', 'wrong_answer'])
      expect(result.runs.map((r) => r.stdout.trim())).toEqual(['-1', '-15', '999999999999'])
    })

    test.concurrent("a compile error is compile_error with the compiler's words, no test run", async () => {
      const result = await run(language, programs.broken)
      expect(result.compile?.status).toBe('compile_error')
      // Where the error is, in the compiler's (or the syntax checker's) own words.
      expect(result.compile?.output).toContain(LANGUAGE_SPECS[language].sourceFile)
      expect(result.runs).toEqual([])
    })

    test.concurrent('an infinite loop is time_limit_exceeded near its deadline', async () => {
      const result = await run(language, programs.spin, ['1 2\n'], { testTimeoutMs: 500 })
      expect(statuses(result.runs)).toEqual(['time_limit_exceeded'])
      expect(result.runs[0]?.duration_ms).toBeGreaterThanOrEqual(490 * timeFactor)
      expect(result.runs[0]?.duration_ms).toBeLessThan(500 * timeFactor + 5000)
    })

    test.concurrent('a memory bomb is memory_limit_exceeded', async () => {
      const result = await run(language, programs.hog, ['1 2\n'], { memoryMb: 64 })
      expect(statuses(result.runs)).toEqual(['memory_limit_exceeded'])
    })
  })
}

/** Live processes under the runs' own uids (root only hands them out). */
function runUidProcesses(): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1])
      if (uid >= RUN_UID_MIN && uid < RUN_UID_MAX && !/State:\s+Z/.test(status))
        found.push(Number(entry))
    } catch {}
  }
  return found
}

describe('hostile programs are contained', () => {
  let listener: TCPSocketListener
  beforeAll(() => {
    process.env.ASSESS_SECRET_FOR_TEST = 'do-not-leak'
    listener = Bun.listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: { data() {} },
    })
  })
  afterAll(() => {
    listener.stop(true)
    delete process.env.ASSESS_SECRET_FOR_TEST
  })

  test('files, environment and the network are out of reach', async () => {
    const source = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
extern char **environ;
int main(void) {
  const char *paths[] = { "/etc/passwd", "/etc/shadow", "/root", "/home", "${import.meta.dir}", "/proc/1/environ" };
  for (int i = 0; i < 6; i++) printf("%s %s\\n", paths[i], access(paths[i], F_OK) == 0 ? "visible" : "absent");
  for (char **e = environ; *e; e++) printf("env %s\\n", *e);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(${listener.port}) };
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  printf("connect %s\\n", connect(s, (struct sockaddr *)&a, sizeof a) == 0 ? "ok" : "refused");
  FILE *f = fopen("/box/main", "w");
  printf("box %s\\n", f ? "writable" : "read-only");
  return 0;
}
`
    const result = await run('c', source, [''])
    const out = result.runs[0]?.stdout ?? ''
    expect(out).toContain('/etc/passwd absent')
    expect(out).toContain('/etc/shadow absent')
    expect(out).toContain('/root absent')
    expect(out).toContain(`${import.meta.dir} absent`)
    expect(out).toContain('connect refused')
    expect(out).toContain('box read-only')
    expect(out).not.toContain('do-not-leak')
    const env = out.split('\n').filter((line) => line.startsWith('env '))
    expect(env.map((line) => line.slice(4).split('=')[0]).sort()).toEqual(['HOME', 'LANG', 'PATH'])
  })

  test('a shell it spawns sees the same sandbox', async () => {
    const source = `import subprocess
print(subprocess.run(["/bin/sh", "-c", "ls /; id -u; cat /etc/hostname 2>&1"], capture_output=True, text=True).stdout)
`
    const result = await run('python', source, [''])
    const out = result.runs[0]?.stdout ?? ''
    expect(result.runs[0]?.status).toBe('ok')
    expect(out).toContain('box')
    expect(out).not.toMatch(/^(root|home|work|srv|var)$/m)
    expect(out).toContain('65534') // nobody inside its own user namespace
  })

  test('a template bomb is a compile_error within the compile limits, not a stuck worker', async () => {
    const source = `template <int N> struct Bomb { static const long long v = Bomb<N - 1>::v + Bomb<N - 2>::v; };
template <> struct Bomb<0> { static const long long v = 1; };
template <> struct Bomb<1> { static const long long v = 1; };
int main() { return Bomb<100000>::v; }
`
    const result = await run('cpp', source, [''])
    expect(result.compile?.status).toBe('compile_error')
    expect(result.runs).toEqual([])
  })

  // The compile limits themselves (30 s, 3 GB, 256 MB of build) are too large to reach in a test:
  // tighter ones show that reaching each is a compile_error, never a stuck or crashed worker.
  const compileWith = async (
    language: ProgramLanguage,
    source: string,
    compileLimits: NonNullable<Parameters<Sandbox['runProgram']>[0]['compileLimits']>,
  ) => {
    const result = await sandbox.runProgram({ language, source, stdins: [''], compileLimits })
    if (!result.ok) throw new Error(`run refused: ${result.reason}`)
    return result
  }

  test('a compile that runs past its time is stopped: a compile_error saying so', async () => {
    const result = await compileWith('java', PROGRAMS.java.sum, { wallMs: 100 })
    expect(result.compile?.status).toBe('compile_error')
    expect(result.compile?.output).toContain('Compilation took longer than 0.1 s and was stopped.')
    expect(result.runs).toEqual([])
  })

  test('a compiler that runs out of memory is a compile_error', async () => {
    const result = await compileWith('cpp', PROGRAMS.cpp.sum, { addressSpaceMb: 48 })
    expect(result.compile?.status).toBe('compile_error')
    expect(result.compile?.output).toContain('virtual memory exhausted')
    expect(result.runs).toEqual([])
  })

  test('a build that writes more than the box may hold is a compile_error', async () => {
    // 4 MB of zeros in the binary's data: past a 1 MB box, well within the file size limit.
    const source =
      'char big[4 << 20] = {1};\nint main(int argc, char **argv) { return big[argc]; }\n'
    const result = await compileWith('c', source, { boxMb: 1 })
    expect(result.compile).toMatchObject({
      status: 'compile_error',
      output: 'The build wrote more than 1 MB.',
    })
    expect(result.runs).toEqual([])
  })

  test('memory over the limit is memory_limit_exceeded even when the program ends well', async () => {
    const go = `package main

import "fmt"

func main() {
	b := make([]byte, 150<<20)
	for i := range b {
		b[i] = 1
	}
	fmt.Println(len(b))
}
`
    const node = 'const b = Buffer.alloc(150 * 1024 * 1024, 1)\nconsole.log(b.length)\n'
    const csharp =
      'class Program { static void Main() { var b = new byte[150 << 20]; for (int i = 0; i < b.Length; i += 4096) b[i] = 1; System.Console.WriteLine(b.Length); } }\n'
    for (const [language, source] of [
      ['go', go],
      ['javascript', node],
      ['csharp', csharp],
    ] as const) {
      const result = await run(language, source, [''], { memoryMb: 64 })
      expect({ language, status: result.runs[0]?.status }).toEqual({
        language,
        status: 'memory_limit_exceeded',
      })
    }
  })

  test('a TypeScript macro does not run at build time', async () => {
    const source = `import { execSync } from 'node:child_process' with { type: 'macro' }
execSync('touch /box/built-by-macro')
console.log(1)
`
    const result = await run('typescript', source, [''])
    expect(result.compile?.status).toBe('compile_error')
    expect(result.compile?.output).toMatch(/[Mm]acro/)
  })

  test("a compiler's first errors are the ones kept", async () => {
    const lines = Array.from(
      { length: 300 },
      (_, i) => `int f${i}(void) { return undefined_${i}; }`,
    )
    const result = await run('c', `${lines.join('\n')}\nint main(void) { return 0; }\n`, [''])
    expect(result.compile?.status).toBe('compile_error')
    expect(result.compile?.output).toContain('undefined_0')
    expect(result.compile?.output).not.toContain('undefined_299')
  })

  for (const language of PROGRAM_LANGUAGES) {
    const spec = LANGUAGE_SPECS[language]
    const hostile = HOSTILE[language]
    describe(spec.label, () => {
      test.concurrent('sees no host file, no secret, no network; a shell it spawns is boxed too', async () => {
        const result = await run(language, hostile.snoop, [`${listener.port}\n`])
        const run0 = result.runs[0]
        expect({ status: run0?.status, error: run0?.error }).toEqual({
          status: 'ok',
          error: undefined,
        })
        const lines = (run0?.stdout ?? '').split('\n')
        expect(lines).toContain('passwd absent')
        expect(lines).toContain('connect refused')
        expect(run0?.stdout).not.toContain('do-not-leak')
        const allowed = [
          'HOME',
          'LANG',
          'PATH',
          ...Object.keys({ ...spec.env, ...spec.memoryEnv?.(1) }),
        ]
        const seen = lines.filter((l) => l.startsWith('env ')).map((l) => l.slice(4).split('=')[0])
        expect(seen.filter((name) => !allowed.includes(name ?? ''))).toEqual([])
        // The shell ran, as nobody in its own user namespace, and sees the sandbox's root only.
        expect(lines).toContain('65534')
        expect(lines).toContain('box')
        expect(lines.filter((l) => /^(root|home|work|srv|var)$/.test(l))).toEqual([])
      })

      test.concurrent('endless output is output_limit_exceeded, cut at the limit', async () => {
        const result = await run(language, hostile.flood, [''], { maxOutputBytes: 4096 })
        expect(result.runs[0]?.status).toBe('output_limit_exceeded')
        expect(result.runs[0]?.stdout.length).toBe(4096)
      })

      test.concurrent('a fork bomb stalls inside its own limits', async () => {
        const result = await run(language, hostile.spawner, [''], { testTimeoutMs: 1000 })
        expect(['time_limit_exceeded', 'runtime_error', 'memory_limit_exceeded']).toContain(
          result.runs[0]?.status ?? '',
        )
        expect(result.runs[0]?.duration_ms).toBeLessThan(1000 * spec.timeFactor + 10_000)
      })
    })
  }

  test('afterwards no process of any run is left', async () => {
    const deadline = Date.now() + 30_000
    while (runUidProcesses().length > 0 && Date.now() < deadline) await Bun.sleep(20)
    expect(runUidProcesses()).toEqual([])
  })
})

test('the start-up probe finds every toolchain that .ci/run installs, with its version', async () => {
  const statuses = await probeLanguages(sandbox)
  expect(statuses.map((s) => s.language)).toEqual([...PROGRAM_LANGUAGES])
  for (const status of statuses) {
    expect({ language: status.language, problem: status.problem }).toEqual({
      language: status.language,
      problem: null,
    })
    expect(status.available).toBe(true)
    expect(status.version).toBeTruthy()
  }
})

test('a language whose probe failed under load is probed once more, alone', async () => {
  // The sandbox as it is, but the first Go run refused as a busy machine's might be.
  let goRuns = 0
  const busy: Sandbox = {
    ...sandbox,
    runProgram: (req) =>
      req.language === 'go' && ++goRuns === 1
        ? Promise.resolve({ ok: false, reason: 'the run passed its time limit' })
        : sandbox.runProgram(req),
  }
  const statuses = await probeLanguages(busy)
  expect(goRuns).toBe(2)
  expect(statuses.find((s) => s.language === 'go')).toMatchObject({
    available: true,
    problem: null,
  })
})
