import { readdirSync, readFileSync } from 'node:fs'

/**
 * CPU time from /proc, to say where a route's (or a grading backlog's) time goes: the API's or
 * the worker's own processes, what they spawned and reaped (the worker's sandbox runs), Postgres
 * (its postmaster counts the CPU of the backends it has reaped, so connections that came and
 * went are counted too) and Redis. Linux only; elsewhere every reading is 0.
 */

const TICKS_PER_SECOND = 100 // USER_HZ, the same on every Linux build

interface Stat {
  pid: number
  comm: string
  ppid: number
  /** utime + stime (own), and cutime + cstime (reaped children), in ticks. */
  own: number
  reaped: number
}

function stats(): Stat[] {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return []
  }
  const all: Stat[] = []
  for (const pid of pids) {
    let text: string
    try {
      text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      continue // gone meanwhile
    }
    // comm is in parentheses and may hold spaces: the fields after its closing one are fixed.
    const close = text.lastIndexOf(')')
    const comm = text.slice(text.indexOf('(') + 1, close)
    const f = text.slice(close + 2).split(' ')
    const n = (i: number) => Number(f[i] ?? 0)
    // After comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    all.push({ pid: Number(pid), comm, ppid: n(1), own: n(11) + n(12), reaped: n(13) + n(14) })
  }
  return all
}

/**
 * CPU seconds of the trees rooted at `roots`: their live processes' own, and what each of them
 * has reaped (ended descendants: `bun run` itself spawns the script it runs, which spawns the
 * sandbox runs).
 */
function treeSeconds(all: Stat[], roots: Stat[]): { own: number; reaped: number } {
  const children = new Map<number, Stat[]>()
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s])
  let own = 0
  let reaped = 0
  const visit = (s: Stat) => {
    own += s.own
    reaped += s.reaped
    for (const child of children.get(s.pid) ?? []) visit(child)
  }
  for (const root of roots) visit(root)
  return { own: own / TICKS_PER_SECOND, reaped: reaped / TICKS_PER_SECOND }
}

export interface CpuReading {
  /** The process tree under the pid read: its live processes and what they reaped. */
  tree: number
  /** Of `tree`, what it reaped: the processes it spawned that have ended (a bubblewrap run's own are reaped inside it, so they are not here). */
  reaped: number
  postgres: number
  redis: number
  /** The whole machine, every core: whatever ran here (the tree, the databases, the rest). */
  machine: number
}

/** CPU seconds the machine has spent: user, system and interrupts, from /proc/stat. */
function machineSeconds(): number {
  let line: string
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  } catch {
    return 0
  }
  // cpu user nice system idle iowait irq softirq steal …: what ran here (not idle, iowait or
  // the time the hypervisor gave to someone else).
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number)
  const ticks = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)
  return ticks / TICKS_PER_SECOND
}

/** CPU seconds so far of the tree under `pid` (the API, or the worker), Postgres, Redis, all. */
export function readCpu(pid: number | undefined): CpuReading {
  const all = stats()
  const byPid = new Map(all.map((s) => [s.pid, s]))
  const root = pid === undefined ? undefined : byPid.get(pid)
  const postmasters = all.filter(
    (s) => s.comm === 'postgres' && byPid.get(s.ppid)?.comm !== 'postgres',
  )
  const tree = root ? treeSeconds(all, [root]) : { own: 0, reaped: 0 }
  const total = (t: { own: number; reaped: number }) => t.own + t.reaped
  return {
    tree: total(tree),
    reaped: tree.reaped,
    postgres: total(treeSeconds(all, postmasters)),
    redis: total(
      treeSeconds(
        all,
        // A save's fork keeps the name: only the servers themselves are roots.
        all.filter((s) => s.comm === 'redis-server' && byPid.get(s.ppid)?.comm !== 'redis-server'),
      ),
    ),
    machine: machineSeconds(),
  }
}
