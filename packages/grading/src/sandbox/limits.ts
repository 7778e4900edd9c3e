import type { SandboxLimits } from './types.ts'

export const DEFAULT_LIMITS: SandboxLimits = {
  testTimeoutMs: 2000,
  totalTimeoutMs: 15_000,
  memoryMb: 128,
  maxOutputBytes: 64 * 1024,
}

const MiB = 1024 * 1024

/** A returned value larger than this is a runtime error: expected outputs are small. */
export const MAX_RESULT_BYTES = MiB

/** Python's own baseline (≈14 MB measured with -I -S) plus the harness and the parsed inputs. */
const PYTHON_HEADROOM_MB = 48

/**
 * Only a backstop: JavaScript memory is bounded by QuickJS's heap limit and its capped wasm
 * memory. Measured: Bun reserves ~10 GB of address space, and below ~10 GB JSC loses its
 * WebAssembly fast memory (at 3-8 GB memory growth is 6x slower, under 3 GB all wasm 10x+).
 */
const BUN_ADDRESS_SPACE = 16 * 1024 * MiB

/** Bun runs ~10 threads and RLIMIT_NPROC counts threads; QuickJS cannot fork anyway. */
const BUN_PROCESSES = 64

/** The harness plus a handful of forks, so a fork bomb stalls at once. */
const PYTHON_PROCESSES = 16

export function resolveLimits(partial: Partial<SandboxLimits> | undefined): SandboxLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial }
  for (const [key, value] of Object.entries(limits))
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`limits.${key} must be > 0`)
  return limits
}

export type ChildKind = 'bun' | 'python'

/**
 * prlimit flags for the child. nproc only when the child gets a uid of its own: as root
 * RLIMIT_NPROC is not enforced, and under a shared uid it would count the worker's processes.
 */
export function prlimitArgs(kind: ChildKind, limits: SandboxLimits, ownUid: boolean): string[] {
  const cpuSeconds = Math.ceil(limits.totalTimeoutMs / 1000) + 1
  const addressSpace =
    kind === 'bun' ? BUN_ADDRESS_SPACE : (limits.memoryMb + PYTHON_HEADROOM_MB) * MiB
  const args = [
    `--cpu=${cpuSeconds}`,
    `--as=${addressSpace}`,
    `--fsize=${4 * MiB}`,
    `--nofile=${kind === 'bun' ? 128 : 32}`,
    '--core=0',
  ]
  if (ownUid) args.push(`--nproc=${kind === 'bun' ? BUN_PROCESSES : PYTHON_PROCESSES}`)
  return args
}
