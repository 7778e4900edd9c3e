import { readFileSync } from 'node:fs'
import { testRunId, urlFor } from './database.ts'
import { PROCESS_START_MS, waitUntil } from './wait.ts'

/**
 * The environment for black-box tests that run the product's own scripts (`db:migrate`,
 * `start:api`, `start:worker`) as processes: a database and Redis prefix of this run's (dropped
 * with the others at the end), a free port, and only the variables the scripts need.
 */
export function processEnv(name: string, extra: Record<string, string> = {}) {
  const database = `assess_test_${testRunId}_${name}`
  const port = freePort()
  const base = `http://127.0.0.1:${port}`
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: urlFor(database),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: database,
    PORT: String(port),
    PUBLIC_URL: base,
    LOG_LEVEL: 'warn',
    // The worker's Prometheus port: any free one, so workers of several tests never collide.
    METRICS_PORT: '0',
    // Eleven compiles per worker start, in every test that starts one: the worker's own test
    // and the languages' tests cover the probe.
    PROBE_LANGUAGES: 'false',
    ...extra,
  }
  return { env, base, databaseUrl: urlFor(database) }
}

/** Polls `url` until it answers 2xx (ready, not merely listening), or throws after `ms`. */
export async function waitForOk(url: string, ms = PROCESS_START_MS) {
  const ok = () =>
    fetch(url).then(
      (r) => r.ok,
      () => false,
    )
  await waitUntil(`${url} to answer 2xx`, ok, ms)
}

/**
 * A port that is free now and outside the kernel's ephemeral range, so no outgoing connection
 * (Postgres, Redis, fetch) can take it before the process under test binds it.
 */
function freePort(): number {
  const ephemeralStart = (() => {
    try {
      const range = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      return Number(String(range).trim().split(/\s+/)[0]) || 32_768
    } catch {
      return 32_768
    }
  })()
  const low = 10_000
  const high = Math.max(low + 1_000, ephemeralStart)
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low))
    try {
      Bun.serve({ port, hostname: '127.0.0.1', fetch: () => new Response() }).stop(true)
      return port
    } catch {
      // taken: try another
    }
  }
  throw new Error('no free port found for a test process')
}
