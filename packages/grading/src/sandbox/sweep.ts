import { readdirSync, readFileSync } from 'node:fs'
import { lstat, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Each run gets a uid from this range (as root); nothing else on a worker host may use it. */
export const RUN_UID_MIN = 200_000
export const RUN_UID_MAX = 1_000_000
/** Process isolation's per-run directories: tmpdir()/assess-run-XXXXXX, owned by the run's uid. */
export const RUN_DIR_PREFIX = 'assess-run-'
/** Far longer than mkdtemp → spawn takes, so a live run's new directory is never swept. */
const STALE_DIR_MS = 60_000

const isRunUid = (uid: number) => uid >= RUN_UID_MIN && uid < RUN_UID_MAX

interface ProcessInfo {
  pid: number
  ppid: number
  uid: number
}

function listProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      const ppid = /^PPid:\s+(\d+)/m.exec(status)?.[1]
      const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1]
      if (ppid && uid) found.push({ pid: Number(entry), ppid: Number(ppid), uid: Number(uid) })
    } catch {}
  }
  return found
}

function killAll(pids: number[]) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
}

/**
 * Kills whatever still runs under a finished run's uid. The pid namespace normally takes
 * everything down with bwrap; this covers what it cannot, e.g. a bwrap killed mid-setup.
 */
export function killRunUid(uid: number) {
  killAll(
    listProcesses()
      .filter((p) => p.uid === uid)
      .map((p) => p.pid),
  )
}

/**
 * At startup, what a previous worker that died mid-run left: its children, orphaned to init
 * (a live run is never an orphan: its bwrap's parent is the worker that started it), and its
 * run directories whose uid has no process left.
 */
export async function sweepLeftovers(dir = tmpdir()) {
  if (process.platform !== 'linux') return
  const processes = listProcesses()
  const orphaned = (p: ProcessInfo) => p.ppid === 1 && isRunUid(p.uid) && p.pid !== process.pid
  killAll(processes.filter(orphaned).map((p) => p.pid))
  const liveUids = new Set(processes.filter((p) => !orphaned(p)).map((p) => p.uid))
  for (const name of await readdir(dir).catch(() => [])) {
    if (!name.startsWith(RUN_DIR_PREFIX)) continue
    const path = join(dir, name)
    const stat = await lstat(path).catch(() => null)
    if (!stat?.isDirectory() || !isRunUid(stat.uid) || liveUids.has(stat.uid)) continue
    if (Date.now() - stat.mtimeMs > STALE_DIR_MS) await rm(path, { recursive: true, force: true })
  }
}
