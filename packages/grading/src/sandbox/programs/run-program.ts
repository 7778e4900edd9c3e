import { closeSync, lstatSync, openSync, readdirSync } from 'node:fs'
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BoxMount, bwrapArgs } from '../bwrap.ts'
import {
  type LaunchConfig,
  releaseRunUid,
  runsUnderOwnUid,
  SECCOMP_FD,
  takeRunUid,
} from '../launch.ts'
import { resolveLimits } from '../limits.ts'
import { RUN_DIR_PREFIX } from '../sweep.ts'
import { ERROR_MAX_CHARS, type Isolation, type SandboxLimits } from '../types.ts'
import {
  BUN_EXECUTABLE,
  COMPILE_LIMITS,
  LANGUAGE_SPECS,
  PROGRAM_LANGUAGES,
  type ProgramLanguage,
  type ProgramLanguageSpec,
  runCommand,
} from './languages.ts'
import { type ProcessEnd, type ProcessSpec, runProcess } from './process.ts'

export const PROGRAMS_NEED_BWRAP =
  'Programs (compiled languages and stdin/stdout questions) need the OS sandbox (bubblewrap), which is not available on this worker'

/** Compiler output kept for the candidate and the report (never anything of the tests). */
export const COMPILE_OUTPUT_MAX_CHARS = 4000
/** A run that crashed this close to its memory limit ran out of memory. */
const MEMORY_EXHAUSTED_SHARE = 0.9
const MiB = 1024 * 1024

/**
 * Each test runs under GNU time inside the sandbox, which reports the program's own peak
 * memory: the parent's rusage would count the worker's memory copied into the child at fork.
 */
const TIME = '/usr/bin/time'
const PEAK_MARK = '@@assess-peak-kb '
const TIME_STATUS = /^Command (exited with non-zero status \d+|terminated by signal (\d+))$/

/** A test's end with the program's own peak memory (0: unknown, as when it was killed). */
export type MeasuredEnd = ProcessEnd & { maxRssBytes: number }

/** The program's peak memory and how it ended, from GNU time's lines (which are removed). */
export function measured(end: ProcessEnd): MeasuredEnd {
  const lines = end.stderr.split('\n')
  const at = lines.findLastIndex((line) => line.startsWith(PEAK_MARK))
  if (at < 0) return { ...end, maxRssBytes: 0 }
  const kb = Number(lines[at]?.slice(PEAK_MARK.length))
  const status = TIME_STATUS.exec(lines[at - 1] ?? '')
  const signalNumber = status?.[2] ? Number(status[2]) : null
  const signal =
    signalNumber === null
      ? end.signal
      : (Object.entries(constants.signals).find(([, n]) => n === signalNumber)?.[0] ??
        `signal ${signalNumber}`)
  const kept = lines.filter((_, i) => i !== at && !(status && i === at - 1))
  return {
    ...end,
    stderr: kept.join('\n'),
    maxRssBytes: Number.isFinite(kb) ? kb * 1024 : 0,
    signal,
    exitCode: signalNumber === null ? end.exitCode : null,
  }
}

export interface ProgramRunRequest {
  language: ProgramLanguage
  source: string
  /** One standard input per test. */
  stdins: string[]
  /** Files written beside the source (a generated driver); plain names only. */
  extraFiles?: Record<string, string>
  limits?: Partial<SandboxLimits>
  /** The compile's own limits: COMPILE_LIMITS, unless a caller (a test) sets tighter ones. */
  compileLimits?: Partial<typeof COMPILE_LIMITS>
  /** Someone is waiting for the result (a sample run): it goes ahead of a grading backlog. */
  urgent?: boolean
}

export type ProgramRunStatus =
  | 'ok'
  | 'runtime_error'
  | 'time_limit_exceeded'
  | 'memory_limit_exceeded'
  | 'output_limit_exceeded'

export interface ProgramTestRun {
  status: ProgramRunStatus
  /** What the program wrote on stdout (up to the output limit). */
  stdout: string
  error?: string
  duration_ms: number
}

export interface CompileResult {
  status: 'ok' | 'compile_error'
  /** The compiler's messages, cut to COMPILE_OUTPUT_MAX_CHARS. */
  output: string
  duration_ms: number
}

export type ProgramRunResult =
  | {
      ok: true
      /** null for interpreted languages. On a compile_error no test runs. */
      compile: CompileResult | null
      runs: ProgramTestRun[]
      isolation: Isolation
    }
  | { ok: false; reason: string }

interface ProcessLimits {
  cpuSeconds: number
  addressSpaceMb: number
  fileSizeMb: number
  processes: number
}

/** The environment inside the sandbox: only what toolchains need to find themselves. */
function sandboxEnv(spec: ProgramLanguageSpec, extra: Record<string, string>): string[] {
  const env = { PATH: '/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', ...spec.env, ...extra }
  return Object.entries(env).map(([key, value]) => `${key}=${value}`)
}

/**
 * prlimit (as root, inherited by all below) → setpriv (the run's uid, no new privileges, killed
 * with the worker) → bwrap (seccomp, the box at /box) → env -i with the toolchain's variables.
 */
function commandLine(
  config: LaunchConfig,
  uid: number | null,
  spec: ProgramLanguageSpec,
  box: BoxMount,
  limits: ProcessLimits,
  command: string[],
  seccomp: boolean,
  env: Record<string, string>,
): string[] {
  const { tools } = config
  const argv = [
    tools.prlimit,
    `--cpu=${limits.cpuSeconds}`,
    `--as=${limits.addressSpaceMb * MiB}`,
    `--fsize=${limits.fileSizeMb * MiB}`,
    '--nofile=64',
    '--core=0',
    ...(uid !== null ? [`--nproc=${limits.processes}`] : []),
    '--',
  ]
  if (tools.setpriv) {
    argv.push(tools.setpriv)
    if (uid !== null) argv.push(`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups')
    argv.push('--no-new-privs', '--pdeathsig', 'KILL', '--')
  }
  const usesBun = command[0] === BUN_EXECUTABLE
  const readOnly = [
    '/etc/alternatives',
    ...(spec.readOnly ?? []),
    ...(usesBun ? [config.runtime.dir, config.runtime.bun] : []),
  ]
  const resolved = usesBun ? [config.runtime.bun, ...command.slice(1)] : command
  argv.push(tools.bwrap ?? 'bwrap', ...bwrapArgs(readOnly, seccomp ? SECCOMP_FD : null, box), '--')
  argv.push(tools.env ?? '/usr/bin/env', '-i', ...sandboxEnv(spec, env), ...resolved)
  return argv
}

/** What the compile left in the box, in bytes (files only; a deep tree is counted as found). */
function boxBytes(dir: string): number {
  let total = 0
  let seen = 0
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (++seen > 100_000) return
      const full = join(path, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) total += lstatSync(full).size
    }
  }
  walk(dir)
  return total
}

const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}\n… (cut at ${max} characters)` : text

function compileResult(end: ProcessEnd, wallMs: number): CompileResult {
  const output = `${end.stdout}${end.stderr}`.trim()
  const ok = end.exitCode === 0 && !end.timedOut && !end.outputExceeded
  const why = end.timedOut
    ? `Compilation took longer than ${wallMs / 1000} s and was stopped.`
    : end.signal
      ? `The compiler was stopped (${end.signal}): it exceeded the compilation limits.`
      : ''
  return {
    status: ok ? 'ok' : 'compile_error',
    output: cut([output, why].filter(Boolean).join('\n'), COMPILE_OUTPUT_MAX_CHARS),
    duration_ms: end.durationMs,
  }
}

/** A test's verdict from how its process ended; the parent compares stdout afterwards. */
export function verdictOf(
  end: MeasuredEnd,
  spec: Pick<ProgramLanguageSpec, 'outOfMemory' | 'residentBaselineMb'>,
  limits: { testTimeoutMs: number; memoryMb: number; maxOutputBytes: number },
): Omit<ProgramTestRun, 'stdout' | 'duration_ms'> {
  if (end.outputExceeded)
    return {
      status: 'output_limit_exceeded',
      error: `Wrote more than ${limits.maxOutputBytes} bytes of output`,
    }
  if (end.timedOut || end.signal === 'SIGXCPU')
    return {
      status: 'time_limit_exceeded',
      error: `Exceeded the time limit of ${limits.testTimeoutMs} ms`,
    }
  const exhausted = {
    status: 'memory_limit_exceeded',
    error: `Exceeded the memory limit of ${limits.memoryMb} MB`,
  } as const
  if (end.exitCode === 0)
    return end.maxRssBytes > (limits.memoryMb + spec.residentBaselineMb) * MiB
      ? exhausted
      : { status: 'ok' }
  if (
    spec.outOfMemory.test(end.stderr) ||
    end.maxRssBytes >= MEMORY_EXHAUSTED_SHARE * limits.memoryMb * MiB
  )
    return exhausted
  const how = end.signal ? `killed by ${end.signal}` : `exited with code ${end.exitCode}`
  const tail = end.stderr.trim().slice(-ERROR_MAX_CHARS + how.length + 2)
  return { status: 'runtime_error', error: tail ? `${how}: ${tail}` : how }
}

/**
 * Compiles the answer once (in the sandbox, with the compile limits), then runs the build once
 * per test with the test's stdin, each in a fresh sandbox with the box read-only. Expected
 * outputs never enter: the caller compares stdout. Never throws for anything the code does.
 */
export async function runProgram(
  config: LaunchConfig,
  req: ProgramRunRequest,
): Promise<ProgramRunResult> {
  if (!PROGRAM_LANGUAGES.includes(req.language))
    return { ok: false, reason: `unknown language "${req.language}"` }
  if (config.isolation !== 'bwrap' || !config.tools.bwrap)
    return { ok: false, reason: PROGRAMS_NEED_BWRAP }
  let limits: SandboxLimits
  try {
    limits = resolveLimits(req.limits)
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
  const spec = LANGUAGE_SPECS[req.language]
  const uid = runsUnderOwnUid(config.tools) ? takeRunUid() : null
  const dir = await mkdtemp(join(tmpdir(), RUN_DIR_PREFIX))
  // bwrap reads the filter from its descriptor to the end: each process gets a fresh one.
  const sandboxed = async (
    box: BoxMount,
    processLimits: ProcessLimits,
    command: string[],
    run: Omit<ProcessSpec, 'argv' | 'extraFds'>,
    env: Record<string, string> = {},
  ) => {
    const filter = config.seccompFile ? openSync(config.seccompFile, 'r') : null
    try {
      const argv = commandLine(config, uid, spec, box, processLimits, command, filter !== null, env)
      return await runProcess({ ...run, argv, extraFds: filter === null ? [] : [filter] })
    } finally {
      if (filter !== null) closeSync(filter)
    }
  }
  try {
    const files = { ...req.extraFiles, [spec.sourceFile]: req.source }
    for (const [name, text] of Object.entries(files)) {
      if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Error(`bad file name ${name}`)
      await writeFile(join(dir, name), text)
      if (uid !== null) await chown(join(dir, name), uid, uid)
    }
    if (uid !== null) await chown(dir, uid, uid)
    await chmod(dir, 0o700)

    let compile: CompileResult | null = null
    if (spec.compile) {
      const cl = { ...COMPILE_LIMITS, ...req.compileLimits }
      const end = await sandboxed(
        { path: dir, writable: true },
        {
          cpuSeconds: cl.cpuSeconds,
          addressSpaceMb:
            req.compileLimits?.addressSpaceMb ?? spec.compileAddressSpaceMb ?? cl.addressSpaceMb,
          fileSizeMb: cl.fileSizeMb,
          processes: cl.processes,
        },
        spec.compile,
        {
          stdin: '',
          wallMs: cl.wallMs,
          stdoutCap: cl.outputBytes,
          // A compiler's first errors are the ones that explain the rest.
          keepStderr: 'head',
        },
      )
      compile = compileResult(end, cl.wallMs)
      const built = boxBytes(dir)
      if (compile.status === 'ok' && built > cl.boxMb * MiB)
        compile = {
          ...compile,
          status: 'compile_error',
          output: `The build wrote more than ${cl.boxMb} MB.`,
        }
      if (compile.status === 'compile_error')
        return { ok: true, compile, runs: [], isolation: config.isolation }
    }

    const testMs = limits.testTimeoutMs * spec.timeFactor
    const budgetMs = limits.totalTimeoutMs * spec.timeFactor
    const started = performance.now()
    const runs: ProgramTestRun[] = []
    for (const stdin of req.stdins) {
      const left = budgetMs - (performance.now() - started)
      if (left <= 0) {
        runs.push({
          status: 'time_limit_exceeded',
          stdout: '',
          error: `Not run: the answer's total time limit of ${budgetMs} ms was used up`,
          duration_ms: 0,
        })
        continue
      }
      const end = await sandboxed(
        { path: dir, writable: false },
        {
          cpuSeconds: Math.ceil(testMs / 1000) + 1,
          addressSpaceMb: limits.memoryMb + spec.runtimeReserveMb,
          fileSizeMb: 4,
          processes: spec.processes,
        },
        [TIME, '-f', `${PEAK_MARK}%M`, ...runCommand(spec, limits.memoryMb)],
        { stdin, wallMs: Math.min(testMs, left), stdoutCap: limits.maxOutputBytes },
        spec.memoryEnv?.(limits.memoryMb),
      )
      const verdict = verdictOf(measured(end), spec, { ...limits, testTimeoutMs: testMs })
      runs.push({ ...verdict, stdout: end.stdout, duration_ms: end.durationMs })
    }
    return { ok: true, compile, runs, isolation: config.isolation }
  } finally {
    releaseRunUid(uid)
    await rm(dir, { recursive: true, force: true })
  }
}
