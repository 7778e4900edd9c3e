/** Runs the load tools the bench compares (Debian's wrk and pgbench) and reads their reports. */

export interface Load {
  perSecond: number
  p50Ms: number | null
  p99Ms: number | null
  /** Non-2xx responses, socket errors and timeouts: any is a failure of the route. */
  errors: number
  /** Requests (transactions) done: wrk's count, or pgbench's when bounded by count. */
  count?: number
  /**
   * CPU per request (µs) during the run: the API's processes, Postgres's, Redis's, and the
   * whole machine's (those three and everything else that ran: wrk, the kernel, the bench
   * itself; cpu.ts).
   */
  cpuUs?: { api: number; postgres: number; redis: number; machine: number }
}

function run(argv: string[], env: Record<string, string | undefined> = process.env) {
  const result = Bun.spawnSync(argv, { env, stdout: 'pipe', stderr: 'pipe' })
  const out = result.stdout.toString()
  if (process.env.BENCH_DEBUG) process.stderr.write(result.stderr)
  if (result.exitCode !== 0)
    throw new Error(`${argv[0]} failed (${result.exitCode}): ${result.stderr.toString()}${out}`)
  return out
}

const toMs = (value: string, unit: string) =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? Number.NaN)

function latency(out: string, percent: string): number | null {
  const match = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out)
  return match?.[1] && match[2] ? toMs(match[1], match[2]) : null
}

export function wrk(params: {
  url: string
  seconds: number
  connections: number
  script?: string
  env?: Record<string, string>
}): Load {
  const argv = ['wrk', '-t1', `-c${params.connections}`, `-d${params.seconds}s`, '--latency']
  if (params.script) argv.push('-s', params.script)
  const out = run([...argv, params.url], { ...process.env, ...params.env })
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0
  return {
    perSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    count: Number(/(\d+) requests in /.exec(out)?.[1] ?? 0),
    p50Ms: latency(out, '50'),
    p99Ms: latency(out, '99'),
    errors: non2xx + socketErrors,
  }
}

export function pgbench(params: {
  databaseUrl: string
  script: string
  seconds: number
  clients: number
  variables: Record<string, number>
  /** Stop each client after this many transactions, if it comes before `seconds`. */
  transactionsPerClient?: number
}): Load {
  const url = new URL(params.databaseUrl)
  const argv = [
    'pgbench',
    '-n',
    '-M',
    'prepared',
    `-c${params.clients}`,
    '-j2',
    // -t and -T exclude each other: a bounded run goes by transactions (its tps is the same).
    params.transactionsPerClient === undefined
      ? `-T${params.seconds}`
      : `-t${params.transactionsPerClient}`,
    '-r',
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
    '-f',
    params.script,
  ]
  for (const [name, value] of Object.entries(params.variables)) argv.push('-D', `${name}=${value}`)
  const out = run([...argv, url.pathname.slice(1)])
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0)
  return {
    perSecond: Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0),
    p50Ms: null,
    p99Ms: null,
    errors: failed,
    ...(params.transactionsPerClient !== undefined && {
      count: params.transactionsPerClient * params.clients - failed,
    }),
  }
}

/** Fails early, naming the package, when a load tool is missing. */
export function requireTools() {
  const tools: [string, string][] = [
    ['wrk', 'wrk'],
    ['pgbench', 'postgresql (its pgbench)'],
  ]
  for (const [tool, pkg] of tools)
    if (!Bun.which(tool)) throw new Error(`${tool} is not installed: apt-get install ${pkg}`)
}
