import { type ChildEnd, type ChildMessage, parseMessage, TestSequence } from './protocol.ts'
import type { SandboxLimits } from './types.ts'

/** Time the child gets past a test's limit to report it itself before the parent kills it. */
const WATCHDOG_GRACE_MS = 1000
/** The tail of stderr kept for crash messages. */
const STDERR_TAIL_BYTES = 4096
/** How long the pipes may stay open after the child exits (a leftover holder is killed with it). */
const DRAIN_AFTER_EXIT_MS = 1000

export interface ChildSpec {
  argv: string[]
  cwd: string
  /** The whole job: code, entry point, inputs, limits. Never the expected outputs. */
  input: string
  count: number
  limits: SandboxLimits
  /** Bytes the result channel may carry before the child is killed. */
  channelCap: number
  /** Descriptors the child inherits as fd 3, 4, … (the seccomp filter). */
  extraFds?: number[]
}

/**
 * Runs one child to completion and never throws for anything the child does. The child gets an
 * empty environment and its own process group, and is SIGKILLed (group and all) at the wall
 * deadline, at a test's deadline plus grace, or when its output passes the cap.
 */
export async function runChild(spec: ChildSpec): Promise<{ seq: TestSequence; end: ChildEnd }> {
  const t0 = performance.now()
  const now = () => performance.now() - t0
  const seq = new TestSequence(spec.count)
  let stopped: ChildEnd['stopped'] = null
  let exited = false

  const proc = Bun.spawn(spec.argv, {
    cwd: spec.cwd,
    env: {},
    stdio: [new TextEncoder().encode(spec.input), 'pipe', 'pipe', ...(spec.extraFds ?? [])],
    detached: true,
  })

  const kill = (reason: NonNullable<ChildEnd['stopped']>) => {
    stopped ??= reason
    if (exited) return
    try {
      process.kill(-proc.pid, 'SIGKILL')
    } catch {}
    proc.kill('SIGKILL')
  }

  let timer: Timer | undefined
  const arm = (testDeadline = Number.POSITIVE_INFINITY) => {
    clearTimeout(timer)
    if (exited) return
    const wall = spec.limits.totalTimeoutMs
    const at = Math.min(wall, testDeadline)
    timer = setTimeout(
      () => kill(at === wall ? 'wall_deadline' : 'test_deadline'),
      Math.max(0, at - now()),
    )
  }
  arm()

  const onMessage = (m: ChildMessage) => {
    const change = seq.push(m, now())
    if (change === 'started') arm(now() + spec.limits.testTimeoutMs + WATCHDOG_GRACE_MS)
    else if (change === 'finished') arm()
  }

  const readChannel = async () => {
    const reader = proc.stdout.getReader()
    const decoder = new TextDecoder()
    let pending = ''
    let bytes = 0
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      bytes += value.byteLength
      if (bytes > spec.channelCap) {
        kill('output_cap')
        await reader.cancel()
        return
      }
      pending += decoder.decode(value, { stream: true })
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        const m = parseMessage(line)
        if (m) onMessage(m)
      }
    }
  }

  let stderr = ''
  const readStderr = async () => {
    const decoder = new TextDecoder()
    for await (const chunk of proc.stderr) {
      stderr = (stderr + decoder.decode(chunk, { stream: true })).slice(-STDERR_TAIL_BYTES)
    }
  }

  const readers = Promise.all([readChannel(), readStderr()]).catch(() => {})
  const exitCode = await proc.exited
  exited = true
  const endedAt = now()
  clearTimeout(timer)
  await Promise.race([readers, Bun.sleep(DRAIN_AFTER_EXIT_MS)])

  return {
    seq,
    end: {
      stopped,
      exitCode,
      signal: proc.signalCode ? String(proc.signalCode) : null,
      stderr,
      endedAt,
    },
  }
}
