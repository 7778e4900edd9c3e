import { closeSync, openSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bwrapArgs } from './bwrap.ts'
import { type ChildKind, prlimitArgs } from './limits.ts'
import type { SandboxRuntime } from './runtime-dir.ts'
import { killRunUid, RUN_DIR_PREFIX, RUN_UID_MAX, RUN_UID_MIN } from './sweep.ts'
import type { PythonInstall, Tools } from './tools.ts'
import type { Isolation, SandboxLimits } from './types.ts'

export interface LaunchConfig {
  isolation: Isolation
  tools: Tools & { prlimit: string }
  python: PythonInstall | null
  /** What a child executes, in a folder every run uid can read (see runtime-dir.ts). */
  runtime: SandboxRuntime
  /** The compiled seccomp filter bubblewrap loads (seccomp/filter.ts); bwrap isolation only. */
  seccompFile: string | null
}

export interface Launch {
  argv: string[]
  cwd: string
  /** Descriptors the child inherits as fd 3, 4, …; closed by cleanup. */
  extraFds: number[]
  cleanup(): Promise<void>
}

/** The child's fd for the seccomp filter: the first one after stdin, stdout and stderr. */
export const SECCOMP_FD = 3

const isRoot = process.getuid?.() === 0

/** Whether runs get uids of their own: root hands them out through setpriv. */
export const runsUnderOwnUid = (tools: Tools) => isRoot && tools.setpriv !== null

const activeUids = new Set<number>()

/**
 * A uid of its own for every run (root only): RLIMIT_NPROC is counted per uid, so a fork bomb
 * cannot starve a concurrent run, no other process shares the uid to be signalled, and
 * whatever is left under it after the run can be killed without a second thought.
 */
export function takeRunUid(): number {
  for (;;) {
    const uid = RUN_UID_MIN + Math.floor(Math.random() * (RUN_UID_MAX - RUN_UID_MIN))
    if (!activeUids.has(uid)) {
      activeUids.add(uid)
      return uid
    }
  }
}

export function releaseRunUid(uid: number | null) {
  if (uid === null) return
  killRunUid(uid)
  activeUids.delete(uid)
}

function childCommand(config: LaunchConfig, kind: ChildKind): string[] {
  const clearEnv = config.tools.env ? [config.tools.env, '-i'] : []
  const { runtime } = config
  if (kind === 'bun')
    return [...clearEnv, runtime.bun, '--no-install', '--no-env-file', runtime.jsRunner]
  if (!config.python) throw new Error('no Python interpreter')
  // -I: ignore PYTHON* variables and the user site; -S: no site module; -B: write no bytecode.
  return [...clearEnv, config.python.executable, '-I', '-S', '-B', runtime.pyHarness]
}

function readOnlyPaths(config: LaunchConfig, kind: ChildKind): string[] {
  if (kind === 'bun') return [config.runtime.dir, config.runtime.bun]
  return [config.runtime.dir, config.python?.prefix ?? '/usr']
}

/**
 * prlimit (limits set as root, inherited by everything below) → setpriv (drop to the run's uid,
 * no new privileges, SIGKILL if the worker dies) → bwrap when available → the child itself.
 */
export async function prepareLaunch(
  config: LaunchConfig,
  kind: ChildKind,
  limits: SandboxLimits,
): Promise<Launch> {
  const uid = runsUnderOwnUid(config.tools) ? takeRunUid() : null
  const argv = [config.tools.prlimit, ...prlimitArgs(kind, limits, uid !== null), '--']
  if (config.tools.setpriv) {
    argv.push(config.tools.setpriv)
    if (uid !== null) argv.push(`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups')
    argv.push('--no-new-privs', '--pdeathsig', 'KILL', '--')
  }
  if (config.isolation === 'bwrap' && config.tools.bwrap) {
    const filter = config.seccompFile ? openSync(config.seccompFile, 'r') : null
    const seccompFd = filter === null ? null : SECCOMP_FD
    argv.push(config.tools.bwrap, ...bwrapArgs(readOnlyPaths(config, kind), seccompFd), '--')
    argv.push(...childCommand(config, kind))
    // Under bwrap the child's /tmp is its own tmpfs, so there is no host directory to make.
    return {
      argv,
      cwd: '/',
      extraFds: filter === null ? [] : [filter],
      cleanup: async () => {
        if (filter !== null) closeSync(filter)
        releaseRunUid(uid)
      },
    }
  }
  argv.push(...childCommand(config, kind))
  const dir = await mkdtemp(join(tmpdir(), RUN_DIR_PREFIX))
  if (uid !== null) await chown(dir, uid, uid)
  const cleanup = async () => {
    releaseRunUid(uid)
    await rm(dir, { recursive: true, force: true })
  }
  return { argv, cwd: dir, extraFds: [], cleanup }
}
