import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Debian's interpreter: python3-seccomp (libseccomp's own bindings) is installed for it. */
const SYSTEM_PYTHON = '/usr/bin/python3'
const GENERATOR = join(import.meta.dir, 'filter.py')

export const SECCOMP_MISSING =
  "the seccomp filter cannot be built: libseccomp's Python bindings are missing (apt-get install python3-seccomp)"

/**
 * Compiles the sandbox's seccomp filter (see filter.py) once, into a file only this process
 * reads: each bubblewrap run gets it as an open file descriptor (`--seccomp`). Returns the
 * file, or why it could not be built.
 */
export async function buildSeccompFilter(): Promise<{ file: string } | { problem: string }> {
  // -I: no PYTHON* variables, no user site; the site module stays (it finds dist-packages).
  const generator = Bun.spawn([SYSTEM_PYTHON, '-I', GENERATOR], {
    stdout: 'pipe',
    stderr: 'pipe',
    env: {},
  })
  const [bpf, stderr, code] = await Promise.all([
    new Response(generator.stdout).arrayBuffer(),
    new Response(generator.stderr).text(),
    generator.exited,
  ]).catch(() => [new ArrayBuffer(0), 'python3 did not run', 1] as const)
  if (code !== 0 || bpf.byteLength === 0 || bpf.byteLength % 8 !== 0)
    return {
      problem: stderr.includes('No module named')
        ? SECCOMP_MISSING
        : `${SECCOMP_MISSING}: ${stderr.trim().split('\n').at(-1) ?? ''}`,
    }
  const dir = await mkdtemp(join(tmpdir(), 'assess-seccomp-'))
  const file = join(dir, 'filter.bpf')
  await writeFile(file, new Uint8Array(bpf), { mode: 0o600 })
  await chmod(dir, 0o700)
  return { file }
}
