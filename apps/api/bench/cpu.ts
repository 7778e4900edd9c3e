import { readdirSync, readFileSync } from 'node:fs'

/**
 * CPU time from /proc, to say where a route's time goes: the API's own processes, and
 * Postgres (its postmaster counts the CPU of the backends it has reaped, so connections that
 * came and went are counted too). Linux only; elsewhere every reading is 0.
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

/** CPU seconds of the trees rooted at `roots`: live processes' own, the roots' reaped too. */
function treeSeconds(all: Stat[], roots: Stat[]): number {
  const children = new Map<number, Stat[]>()
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s])
  let ticks = 0
  const visit = (s: Stat) => {
    ticks += s.own
    for (const child of children.get(s.pid) ?? []) visit(child)
  }
  for (const root of roots) {
    ticks += root.reaped
    visit(root)
  }
  return ticks / TICKS_PER_SECOND
}

export interface CpuReading {
  api: number
  postgres: number
}

/** CPU seconds so far of the API (the process tree under `apiPid`) and of Postgres. */
export function readCpu(apiPid: number | undefined): CpuReading {
  const all = stats()
  const byPid = new Map(all.map((s) => [s.pid, s]))
  const api = apiPid === undefined ? undefined : byPid.get(apiPid)
  const postmasters = all.filter(
    (s) => s.comm === 'postgres' && byPid.get(s.ppid)?.comm !== 'postgres',
  )
  return {
    api: api ? treeSeconds(all, [api]) : 0,
    postgres: treeSeconds(all, postmasters),
  }
}
