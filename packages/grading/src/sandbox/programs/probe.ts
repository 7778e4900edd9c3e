import { existsSync } from 'node:fs'
import type { Sandbox } from '../types.ts'
import { LANGUAGE_SPECS, PROGRAM_LANGUAGES, type ProgramLanguage } from './languages.ts'

/** What a worker can run in one language: GET /api/languages shows it, publishing checks it. */
export interface LanguageStatus {
  language: ProgramLanguage
  label: string
  version: string | null
  available: boolean
  problem: string | null
}

/** A toolchain that has not answered `--version` in this long is broken, not slow. */
const VERSION_TIMEOUT_MS = 20_000

async function versionOf(command: string[]): Promise<string | null> {
  if (!existsSync(command[0] ?? '')) return null
  const proc = Bun.spawn(command, {
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PATH: '/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8' },
  })
  const timer = setTimeout(() => proc.kill('SIGKILL'), VERSION_TIMEOUT_MS)
  try {
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ])
    if (code !== 0) return null
    return (out.trim() || err.trim()).split('\n')[0]?.trim().slice(0, 200) || null
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Every language through the real path a candidate's answer takes: the toolchain's version, then
 * a program printing 42 compiled and run in the sandbox. Never throws; a language that fails
 * says why. All at once, at start-up, on a machine that may be busy: a language whose toolchain
 * answered but whose program failed (a compiler pushed past its time limit, say) is probed once
 * more, alone, before it is reported unavailable.
 */
export async function probeLanguages(sandbox: Sandbox): Promise<LanguageStatus[]> {
  const statuses = await Promise.all(PROGRAM_LANGUAGES.map((l) => probeLanguage(sandbox, l)))
  const settled: LanguageStatus[] = []
  for (const status of statuses)
    settled.push(
      status.available || status.version === null
        ? status
        : await probeLanguage(sandbox, status.language),
    )
  return settled
}

async function probeLanguage(sandbox: Sandbox, language: ProgramLanguage): Promise<LanguageStatus> {
  const spec = LANGUAGE_SPECS[language]
  const status = { language, label: spec.label }
  const unavailable = (problem: string, version: string | null = null) => ({
    ...status,
    version,
    available: false,
    problem: problem.slice(0, 1000),
  })
  try {
    const version = await versionOf(spec.version)
    if (version === null)
      return unavailable(
        `${spec.version[0]} is missing or broken (Debian: ${spec.debianPackages.join(', ')})`,
      )
    const run = await sandbox.runProgram({ language, source: spec.probe, stdins: [''] })
    if (!run.ok) return unavailable(run.reason, version)
    if (run.compile?.status === 'compile_error')
      return unavailable(`the probe did not compile: ${run.compile.output}`, version)
    const [first] = run.runs
    if (first?.status !== 'ok' || first.stdout.trim() !== '42')
      return unavailable(
        `the probe ran ${first?.status ?? 'not at all'}: ${first?.error ?? first?.stdout ?? ''}`,
        version,
      )
    return { ...status, version, available: true, problem: null }
  } catch (error) {
    return unavailable(`the probe failed: ${String(error)}`)
  }
}
