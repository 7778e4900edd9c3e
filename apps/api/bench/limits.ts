import type { Load } from './tools.ts'

/**
 * What a route's targets ask of the machine the bench ran on, from the physical limits of the
 * same run, so a ✗ says whether the code or the machine stands in the way:
 * - a ratio of pgbench's rate is a rate, and the cores give each request at most
 *   cores / rate of CPU, all processes together (API, Postgres, Redis, wrk, the kernel);
 * - with `connections` always open the mean latency is connections / rate (Little's law), and a
 *   p99 under a bound leaves the mean under it unless the slowest 1% are far slower than the
 *   rest: roughly, more than connections / bound requests a second (a floor: a tail twice the
 *   mean asks for twice that).
 */
export function targetLimits(params: {
  name: string
  api: Load
  sql?: Load
  target: { ratio?: number; p99?: number }
  cores: number
  connections: number
}): string[] {
  const { api, sql, target, cores, connections } = params
  const f = (n: number) => Math.round(n).toLocaleString('en-US')
  const lines: string[] = []
  const cpu = api.cpuUs
  // Off Linux every CPU reading is 0 (cpu.ts): no budget to compare with.
  if (target.ratio !== undefined && sql && cpu && cpu.machine > 0) {
    const rate = target.ratio * sql.perSecond
    const rest = Math.max(0, cpu.machine - cpu.api - cpu.postgres - cpu.redis)
    lines.push(
      `${params.name}: ${target.ratio}× of pgbench's ${f(sql.perSecond)}/s is ${f(rate)}/s, so ${cores} cores give a request at most ${f((cores * 1e6) / rate)} µs of CPU; it took ${f(cpu.machine)} (API ${f(cpu.api)}, Postgres ${f(cpu.postgres)}, Redis ${f(cpu.redis)}, everything else ${f(rest)}: wrk, the kernel, the bench itself).`,
    )
  }
  if (target.p99 !== undefined) {
    const rate = connections / (target.p99 / 1000)
    const ofSql = sql ? `, ${(rate / sql.perSecond).toFixed(2)}× pgbench's own rate here` : ''
    lines.push(
      `${params.name}: p99 < ${target.p99} ms with ${connections} connections open needs, roughly, a mean under ${target.p99} ms: more than ${f(rate)}/s (Little's law)${ofSql}.`,
    )
  }
  return lines
}
