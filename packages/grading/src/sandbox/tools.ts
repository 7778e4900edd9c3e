import { existsSync, realpathSync } from 'node:fs'

/** System tools are looked up on a fixed PATH: the worker's PATH is not a trust boundary. */
const SYSTEM_PATH = '/usr/bin:/bin:/usr/sbin:/sbin:/usr/local/bin'

export interface Tools {
  prlimit: string | null
  /** env -i, last before the child: bwrap sets PWD even after --clearenv. */
  env: string | null
  setpriv: string | null
  bwrap: string | null
}

export function findTools(): Tools {
  const find = (name: string) => Bun.which(name, { PATH: SYSTEM_PATH })
  return {
    prlimit: find('prlimit'),
    env: find('env'),
    setpriv: find('setpriv'),
    bwrap: find('bwrap'),
  }
}

export interface PythonInstall {
  /** The real interpreter (never a pyenv/asdf shim: shims are scripts that need the worker's env). */
  executable: string
  /** Its installation prefix, bound read-only into the sandbox when it is not under /usr. */
  prefix: string
}

/** /usr/bin/python3 when present; otherwise ask the python3 on PATH where it really lives. */
export async function findPython(): Promise<PythonInstall | null> {
  if (existsSync('/usr/bin/python3'))
    return { executable: realpathSync('/usr/bin/python3'), prefix: '/usr' }
  const onPath = Bun.which('python3')
  if (!onPath) return null
  const probe = Bun.spawn(
    [onPath, '-I', '-S', '-c', 'import sys; print(sys.executable); print(sys.base_prefix)'],
    { stdout: 'pipe', stderr: 'ignore' },
  )
  const [text, code] = await Promise.all([new Response(probe.stdout).text(), probe.exited])
  const [executable, prefix] = text.trim().split('\n')
  if (code !== 0 || !executable || !prefix) return null
  return { executable: realpathSync(executable), prefix: realpathSync(prefix) }
}
