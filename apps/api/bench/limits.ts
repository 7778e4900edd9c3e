import type { Load } from './tools.ts'

/**
 * What a route's targets ask of the machine the bench ran on, from the physical limits of the
 * same run, so a ✗ says whether the code or the machine stands in the way:
 * - a ratio of pgbench's rate is a rate, and the cores give each request at most
 *   cores / rate of CPU, all processes together (API, Postgres, Redis, wrk, the kernel);
 * - a p99 with `connections` always open needs a mean below it, and by Little's law the mean
 *   latency is connections / rate: more than connections / p99 requests a second.
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
  if (target.ratio !== undefined && sql && cpu) {
    const rate = target.ratio * sql.perSecond
    const rest = Math.max(0, cpu.machine - cpu.api - cpu.postgres - cpu.redis)
    lines.push(
      `${params.name}: ${target.ratio}× of pgbench's ${f(sql.perSecond)}/s is ${f(rate)}/s, so ${cores} cores give a request at most ${f((cores * 1e6) / rate)} µs of CPU; it took ${f(cpu.machine)} (API ${f(cpu.api)}, Postgres ${f(cpu.postgres)}, Redis ${f(cpu.redis)}, wrk and the kernel ${f(rest)}).`,
    )
  }
  if (target.p99 !== undefined) {
    const rate = connections / (target.p99 / 1000)
    const ofSql = sql ? `, ${(rate / sql.perSecond).toFixed(2)}× pgbench's own rate here` : ''
    lines.push(
      `${params.name}: p99 < ${target.p99} ms with ${connections} connections open needs a mean under ${target.p99} ms, so more than ${f(rate)}/s (Little's law)${ofSql}.`,
    )
  }
  return lines
}
