import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { hostname } from 'node:os'
import { createTestDatabase, PROCESS_START_MS, testRunId } from '@assess/db/testing'
import { createCodeRunClient } from '@assess/queues'

// Real processes on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(60_000)

let database: Awaited<ReturnType<typeof createTestDatabase>>
let env: Record<string, string | undefined>
beforeAll(async () => {
  database = await createTestDatabase()
  env = {
    PATH: process.env.PATH,
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `assess_test_${testRunId}_worker`,
    SWEEP_INTERVAL_MS: '200',
    LOG_LEVEL: 'info',
    METRICS_PORT: '0',
  }
})
afterAll(() => database.close())

describe('worker process', () => {
  test('starts against Postgres and Redis, reports ready, and stops cleanly on SIGTERM', async () => {
    const worker = Bun.spawn(['bun', 'run', 'src/main.ts'], {
      cwd: `${import.meta.dir}/..`,
      env,
      stdout: 'pipe',
    })
    const reader = worker.stdout.getReader()
    let output = ''
    const deadline = Date.now() + PROCESS_START_MS
    while (!output.includes('worker ready') && Date.now() < deadline) {
      const { value, done } = await reader.read()
      if (done) break
      output += new TextDecoder().decode(value)
    }
    expect(output).toContain('worker ready')
    // Prometheus's scrape answers on the port the worker logged (METRICS_PORT 0: a free one).
    const port = /"port":(\d+)[^\n]*"msg":"metrics listening"/.exec(output)?.[1]
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`)
    expect(metrics.status).toBe(200)
    expect(await metrics.text()).toContain('assess_queue_jobs{queue="grading",state="waiting"}')
    // It runs code for the API: a queued run comes back with its verdicts.
    const client = createCodeRunClient({
      connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
      eventsConnection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
      prefix: env.REDIS_KEY_PREFIX ?? '',
    })
    const run = (await client.run(
      {
        spec: {
          type: 'code',
          style: 'stdio',
          languages: ['c'],
          sample_test_cases: [{ stdin: '2 3\n', expected_stdout: '5\n' }],
          test_cases: [{ stdin: '1 1\n', expected_stdout: '2\n' }],
        },
        language: 'c',
        code: '#include <stdio.h>\nint main(void) { int a, b; scanf("%d %d", &a, &b); printf("%d\\n", a + b); return 0; }\n',
        which: 'samples',
      },
      PROCESS_START_MS,
    )) as { ok: boolean; results: { verdict: string; actual: string }[] }
    await client.close()
    expect(run.ok).toBe(true)
    expect(run.results).toEqual([expect.objectContaining({ verdict: 'passed', actual: '5\n' })])

    // In the background it probes every code language through the sandbox and records it.
    while (!output.includes('code languages probed') && !output.includes('could not record')) {
      const { value, done } = await reader.read()
      if (done) break
      output += new TextDecoder().decode(value)
    }
    expect(output).toContain('code languages probed')
    const rows = await database.sql<
      { worker_id: string; language: string; available: boolean; version: string }[]
    >`SELECT worker_id, language, available, version FROM code_languages`
    expect(rows).toHaveLength(11)
    // Under its host name (WORKER_ID unset): a restart of this worker replaces its report.
    expect(new Set(rows.map((row) => row.worker_id))).toEqual(new Set([hostname()]))
    expect(rows.filter((row) => !row.available || !row.version)).toEqual([])
    worker.kill('SIGTERM')
    expect(await worker.exited).toBe(0)
  })

  test('exits 1 naming the bad variable', () => {
    const proc = Bun.spawnSync(['bun', 'run', 'src/main.ts'], {
      cwd: `${import.meta.dir}/..`,
      env: { ...env, REDIS_URL: 'not a url' },
    })
    expect(proc.exitCode).toBe(1)
    expect(proc.stderr.toString()).toContain('REDIS_URL')
  })
})
