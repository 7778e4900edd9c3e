/** stderr kept per process: enough for a compiler's first errors or a runtime's stack trace. */
const STDERR_KEPT_CHARS = 8192
/** How long the pipes may stay open after the process exits (a leftover holder dies with the uid). */
const DRAIN_AFTER_EXIT_MS = 1000

export interface ProcessSpec {
  argv: string[]
  stdin: string
  /** SIGKILL (the whole process group) this long after the start. */
  wallMs: number
  /** stdout bytes kept; one more and the process is killed (`outputExceeded`). */
  stdoutCap: number
  /** Descriptors the process inherits as fd 3, 4, … (the seccomp filter). */
  extraFds?: number[]
  /** Which end of stderr to keep: a runtime's last words (default), or a compiler's first. */
  keepStderr?: 'head' | 'tail'
}

export interface ProcessEnd {
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
  timedOut: boolean
  outputExceeded: boolean
  durationMs: number
}

/**
 * Runs one process to its end and never throws for anything the process does: an empty
 * environment of the parent's (the sandbox sets its own), its own process group, SIGKILL at the
 * deadline or when stdout passes its cap.
 */
export async function runProcess(spec: ProcessSpec): Promise<ProcessEnd> {
  const started = performance.now()
  let timedOut = false
  let outputExceeded = false
  let exited = false
  const proc = Bun.spawn(spec.argv, {
    cwd: '/',
    env: {},
    stdio: [new TextEncoder().encode(spec.stdin), 'pipe', 'pipe', ...(spec.extraFds ?? [])],
    detached: true,
  })
  const kill = () => {
    if (exited) return
    try {
      process.kill(-proc.pid, 'SIGKILL')
    } catch {}
    proc.kill('SIGKILL')
  }
  const timer = setTimeout(() => {
    timedOut = true
    kill()
  }, spec.wallMs)

  const chunks: Uint8Array[] = []
  const readStdout = async () => {
    let bytes = 0
    for await (const chunk of proc.stdout) {
      const room = spec.stdoutCap - bytes
      if (chunk.byteLength > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room))
        outputExceeded = true
        kill()
        return
      }
      chunks.push(chunk)
      bytes += chunk.byteLength
    }
  }
  let stderr = ''
  const readStderr = async () => {
    const decoder = new TextDecoder()
    for await (const chunk of proc.stderr) {
      const text = stderr + decoder.decode(chunk, { stream: true })
      stderr =
        spec.keepStderr === 'head'
          ? text.slice(0, STDERR_KEPT_CHARS)
          : text.slice(-STDERR_KEPT_CHARS)
    }
  }
  const readers = Promise.all([readStdout(), readStderr()]).catch(() => {})
  const exitCode = await proc.exited
  exited = true
  clearTimeout(timer)
  const durationMs = Math.round(performance.now() - started)
  await Promise.race([readers, Bun.sleep(DRAIN_AFTER_EXIT_MS)])
  return {
    exitCode: proc.signalCode ? null : exitCode,
    signal: proc.signalCode ? String(proc.signalCode) : null,
    stdout: Buffer.concat(chunks).toString('utf8'),
    stderr,
    timedOut,
    outputExceeded,
    durationMs,
  }
}
