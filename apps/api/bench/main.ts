/**
 * `bun run bench`: the session hot paths through the real API process under wrk, against pgbench
 * running the minimal SQL of the same rule on the same tables and rows, in one run on one
 * machine. Ratios are the result: absolute figures on a shared machine are noise. Not part of
 * `bun run test`. Needs Postgres and Redis as the tests do, and wrk and pgbench.
 */
import { availableParallelism, cpus } from 'node:os'
import { join } from 'node:path'
import { createDb } from '@assess/db'
import { dropRunDatabases, processEnv, waitForOk } from '@assess/db/testing'
import { readCpu } from './cpu.ts'
import { targetLimits } from './limits.ts'
import { BENCH_JWT, type BenchCandidate, seedBench } from './seed.ts'
import { startLoad } from './start-load.ts'
import { type Load, requireTools, pgbench as runPgbench, wrk as runWrk } from './tools.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 64
const PG_CLIENTS = 16
const STARTED = 3000 // half driven through the API, half through pgbench's submit
const FRESH = 1000 // candidates who start during the run
/** More fresh candidates who start in the warm-up, so the measured starts run warm code too. */
const WARM_STARTS = 200
const QUESTIONS = 40
/** JavaScript questions after the MCQs: a typing candidate's drafts, three held per session. */
const CODE_QUESTIONS = 3
/** Characters of one code draft, and how many different ones the saves cycle through. */
const CODE_DRAFT_CHARS = 19_000
const CODE_DRAFTS = 8
const WARM_UP_SECONDS = 2
/**
 * Measured submits start here: the warm-up's answered the questions before it (room for 6,000
 * warm-up submits a second; the measured run has room for 4,800 a second).
 */
const MEASURED_FROM_QUESTION = 9
const root = join(import.meta.dir, '../../..')

requireTools()
const { env, base, databaseUrl } = processEnv('bench', {
  JWT_SECRET: BENCH_JWT.secret,
  LOG_LEVEL: 'warn',
  SWEEP_INTERVAL_MS: '3600000',
})
const migrate = Bun.spawnSync(['bun', 'run', 'db:migrate'], { cwd: root, env })
if (migrate.exitCode !== 0) throw new Error(`db:migrate failed: ${migrate.stderr.toString()}`)

const database = createDb(databaseUrl, { max: 16 })
const workDir = `${process.env.TMPDIR ?? '/tmp'}/assess-bench-${process.pid}`
let api: ReturnType<typeof Bun.spawn> | undefined
try {
  console.log(
    `seeding ${STARTED} started and ${FRESH + WARM_STARTS} fresh candidates, ${QUESTIONS} questions…`,
  )
  const seed = await seedBench(database.db, {
    started: STARTED,
    fresh: FRESH + WARM_STARTS,
    questions: QUESTIONS,
    codeQuestions: CODE_QUESTIONS,
  })
  const viaApi = seed.started.slice(0, STARTED / 2)
  const viaPgbench = seed.started.slice(STARTED / 2)
  const dataFile = `${workDir}/candidates.txt`
  await Bun.write(dataFile, viaApi.map((c) => `${c.token} ${c.sessionId} ${c.leaseId}`).join('\n'))
  const codeDrafts = Array.from({ length: CODE_DRAFTS }, (_, i) => codeDraft(i))
  const codeDraftsFile = `${workDir}/code-drafts.txt`
  await Bun.write(codeDraftsFile, codeDrafts.map((code) => JSON.stringify(code)).join('\n'))
  await prepareSqlTables(database.sql, viaApi, viaPgbench, seed.questionIds)
  await prepareCodeDrafts(database.sql, seed.codeQuestionIds, codeDrafts)

  // BENCH_PROFILE=<dir>: the API writes a CPU profile (markdown) there when it stops.
  const profile = process.env.BENCH_PROFILE
  const apiCommand = profile
    ? ['bun', '--cpu-prof', '--cpu-prof-md', `--cpu-prof-dir=${profile}`, 'apps/api/src/main.ts']
    : ['bun', 'run', 'start:api']
  api = Bun.spawn(apiCommand, { cwd: root, env, stdout: 'ignore', stderr: 'inherit' })
  await waitForOk(`${base}/readyz`)
  const route = (name: string, firstQuestion = MEASURED_FROM_QUESTION) => ({
    url: base,
    seconds: SECONDS,
    connections: CONNECTIONS,
    script: join(import.meta.dir, 'session-routes.lua'),
    env: {
      BENCH_ROUTE: name,
      BENCH_DATA: dataFile,
      BENCH_QUESTIONS: seed.questionIds.join(','),
      BENCH_FIRST_QUESTION: String(firstQuestion),
      BENCH_CODE_QUESTIONS: seed.codeQuestionIds.join(','),
      BENCH_CODE_DRAFTS: codeDraftsFile,
    },
  })
  const sql = (name: string) => ({
    databaseUrl,
    script: join(import.meta.dir, 'pgbench', `${name}.sql`),
    seconds: SECONDS,
    clients: PG_CLIENTS,
    variables: {
      rows: viaApi.length,
      questions: seed.questionIds.length,
      code_questions: CODE_QUESTIONS,
      code_drafts: CODE_DRAFTS,
    },
  })
  /**
   * Every submit a run counts must store a new answer. Past its share of (candidate, question)
   * pairs a run wraps around to answered ones: replays, which take the full path (a measured
   * run that wrapped had a p99 of 107 ms against 40) and would skew the rate. Fails the bench
   * instead. (Submits still in flight when wrk stops may add answers it did not count.)
   */
  const freshSubmits = async (run: () => Load): Promise<Load> => {
    const stored = async () =>
      (await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM answers`)[0]?.n ?? 0
    const before = await stored()
    const load = run()
    const replays = (load.count ?? 0) - ((await stored()) - before)
    if (replays > 0)
      throw new Error(
        `${replays} of ${load.count} submits were replays: lower BENCH_SECONDS or raise QUESTIONS`,
      )
    return load
  }

  // Warm-up, not reported: JIT, pool, caches, and a running system's data. Each route runs
  // briefly (submits answer the first questions; WARM_STARTS candidates start), then the
  // tables are analyzed, as autovacuum keeps them in production: measured against the
  // statistics of the empty tables the seed left, the planner read a session's answers by
  // scanning every answer (a cost that grew with each submit of the run).
  runWrk({ ...route('heartbeat'), seconds: 3 })
  for (const name of ['draft', 'read', 'resume'])
    runWrk({ ...route(name), seconds: WARM_UP_SECONDS })
  await freshSubmits(() => runWrk({ ...route('submit', 1), seconds: WARM_UP_SECONDS }))
  const starts = (tokens: BenchCandidate[]) =>
    startLoad({
      base,
      assessmentId: seed.assessmentId,
      tokens: tokens.map((c) => c.token),
      concurrency: CONNECTIONS,
    })
  await starts(seed.fresh.slice(FRESH))
  await database.sql`ANALYZE`

  // Where each route's time goes: CPU per request of the API, Postgres and Redis, same run.
  const withCpu = (run: () => Load, seconds = SECONDS): Load => {
    const before = readCpu(api?.pid)
    const load = run()
    // pgbench's backends end just after it does: let Postgres reap them into this reading.
    Bun.sleepSync(500)
    const after = readCpu(api?.pid)
    const requests = Math.max(1, load.count ?? load.perSecond * seconds)
    const us = (s: number) => (s * 1e6) / requests
    return {
      ...load,
      cpuUs: {
        api: us(after.tree - before.tree),
        postgres: us(after.postgres - before.postgres),
        redis: us(after.redis - before.redis),
        machine: us(after.machine - before.machine),
      },
    }
  }
  const wrk = (params: Parameters<typeof runWrk>[0]) => withCpu(() => runWrk(params))
  const pgbench = (params: Parameters<typeof runPgbench>[0]) => withCpu(() => runPgbench(params))

  // BENCH_ONLY=submit (a route's wrk name, or start) measures that one route, e.g. to profile it.
  const only = process.env.BENCH_ONLY
  if (only === 'start') {
    const { load, tookMs } = await starts(seed.fresh.slice(0, FRESH))
    console.log(
      `start: ${FRESH} in ${Math.round(tookMs)} ms, ${Math.round(load.perSecond)} req/s, p50 ${load.p50Ms?.toFixed(1)} ms, p99 ${load.p99Ms?.toFixed(1)} ms, ${load.errors} errors`,
    )
  } else if (only) {
    if (only === 'codedraft')
      await holdCodeDrafts(database.sql, viaApi, seed.codeQuestionIds, codeDrafts)
    const load = only === 'submit' ? await freshSubmits(() => wrk(route(only))) : wrk(route(only))
    console.log(
      `${only}: ${Math.round(load.perSecond)} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, ${load.errors} errors; CPU per request ${Math.round(load.cpuUs?.api ?? 0)} µs API + ${Math.round(load.cpuUs?.postgres ?? 0)} µs Postgres + ${Math.round(load.cpuUs?.redis ?? 0)} µs Redis, ${Math.round(load.cpuUs?.machine ?? 0)} µs the whole machine`,
    )
  } else {
    const rows: Row[] = []
    rows.push({
      name: 'GET /healthz (no auth, no DB)',
      api: wrk({ ...route('heartbeat'), script: undefined, url: `${base}/healthz` }),
    })
    rows.push({
      name: 'PUT …/heartbeat',
      api: wrk(route('heartbeat')),
      sql: pgbench(sql('heartbeat')),
      target: { ratio: 0.6, p99: 20 },
    })
    rows.push({
      name: 'PUT …/progress (draft)',
      api: wrk(route('draft')),
      sql: pgbench(sql('draft')),
      target: { ratio: 0.6, p99: 20 },
    })
    rows.push({
      name: 'GET /api/sessions/:id',
      api: wrk(route('read')),
      target: { perSecond: 5000 },
    })
    rows.push({ name: 'GET /api/sessions/active (resume)', api: wrk(route('resume')) })
    // Each transaction takes a (session, question) pair of its own: never more than there are,
    // half for each of the two submit rules.
    const pairsPerClient = Math.floor((viaPgbench.length * QUESTIONS) / 2 / PG_CLIENTS)
    const submit = await freshSubmits(() => wrk(route('submit')))
    rows.push({
      name: 'POST …/answers (MCQ submit)',
      api: submit,
      sql: pgbench({ ...sql('submit'), transactionsPerClient: pairsPerClient }),
      target: { ratio: 0.6, p99: 50 },
    })
    rows.push({
      name: '… the same submits, against the rule with its audit event (no target)',
      api: submit,
      sql: pgbench({ ...sql('submit-audited'), transactionsPerClient: pairsPerClient }),
    })
    // A typing candidate on a code question: each save sends the whole draft, and the session
    // holds its other code drafts (written now, so no row above carries them).
    await holdCodeDrafts(database.sql, viaApi, seed.codeQuestionIds, codeDrafts)
    runWrk({ ...route('codedraft'), seconds: WARM_UP_SECONDS })
    rows.push({
      name: `PUT …/progress (a ${Math.round(CODE_DRAFT_CHARS / 1000)} KB code draft, ${CODE_QUESTIONS} held)`,
      api: wrk(route('codedraft')),
      sql: pgbench(sql('codedraft')),
      target: { ratio: 0.6, p99: 20 },
    })
    const start = await starts(seed.fresh.slice(0, FRESH))
    rows.push({
      name: `POST …/sessions (start, ${FRESH} at once)`,
      api: start.load,
      target: { p99: 200, withinMs: 10_000 },
      tookMs: start.tookMs,
    })
    printReport(rows)
  }
} finally {
  api?.kill('SIGTERM')
  await api?.exited
  await database.close()
  await dropRunDatabases()
  await Bun.$`rm -rf ${workDir}`.quiet()
  await clearRedis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.REDIS_KEY_PREFIX ?? '')
}

interface Row {
  name: string
  api: Load
  sql?: Load
  target?: { ratio?: number; p99?: number; perSecond?: number; withinMs?: number }
  tookMs?: number
}

/** Helper tables pgbench reads: the same sessions the API is driven over, and its own pairs. */
async function prepareSqlTables(
  sql: import('postgres').Sql,
  viaApi: { sessionId?: string; leaseId?: string }[],
  viaPgbench: { sessionId?: string }[],
  questionIds: string[],
) {
  await sql`CREATE TABLE bench_sessions (n int PRIMARY KEY, id uuid NOT NULL, lease_id uuid NOT NULL)`
  await sql`INSERT INTO bench_sessions ${sql(viaApi.map((c, i) => ({ n: i + 1, id: c.sessionId ?? '', lease_id: c.leaseId ?? '' })))}`
  await sql`CREATE TABLE bench_questions (n int PRIMARY KEY, id uuid NOT NULL)`
  await sql`INSERT INTO bench_questions ${sql(questionIds.map((id, i) => ({ n: i + 1, id })))}`
  await sql`CREATE TABLE bench_pairs (n bigint PRIMARY KEY, session_id uuid NOT NULL, question_id uuid NOT NULL)`
  const pairs = questionIds.flatMap((questionId, q) =>
    viaPgbench.map((c, s) => ({
      n: q * viaPgbench.length + s + 1,
      session_id: c.sessionId ?? '',
      question_id: questionId,
    })),
  )
  for (let i = 0; i < pairs.length; i += 5000)
    await sql`INSERT INTO bench_pairs ${sql(pairs.slice(i, i + 5000))}`
  await sql`CREATE SEQUENCE bench_pair_seq`
  await sql`VACUUM ANALYZE`
}

/**
 * A typing candidate's JavaScript, CODE_DRAFT_CHARS long: repetitive like real code, with enough
 * varying text that it compresses about as much (some three times, lz4 or pglz).
 */
function codeDraft(variant: number): string {
  let code = ''
  for (let i = 1; code.length < CODE_DRAFT_CHARS; i++) {
    const note = `${Bun.hash(`${variant}:${i}`).toString(16)}${Bun.hash(`${i}:${variant}`).toString(16)}`
    code += `// ${note}\nfunction solve_${variant}_${i}(input, k) {\n`
    code += `  const parts = input.split(',').map(Number).filter((x) => x % ${(i % 7) + 2} === 0)\n`
    code += `  return parts.reduce((a, b) => a + b * ${i}, ${variant})\n}\n`
  }
  return code.slice(0, CODE_DRAFT_CHARS)
}

function codeAnswer(code: string) {
  return JSON.stringify({ language: 'javascript', code })
}

/** The code questions and drafts pgbench's code-draft rule picks from. */
async function prepareCodeDrafts(
  sql: import('postgres').Sql,
  questionIds: string[],
  drafts: string[],
) {
  await sql`CREATE TABLE bench_code_questions (n int PRIMARY KEY, id uuid NOT NULL)`
  await sql`INSERT INTO bench_code_questions ${sql(questionIds.map((id, i) => ({ n: i + 1, id })))}`
  await sql`CREATE TABLE bench_code_drafts (n int PRIMARY KEY, draft jsonb NOT NULL)`
  for (const [i, code] of drafts.entries())
    await sql`INSERT INTO bench_code_drafts VALUES (${i + 1}, ${codeAnswer(code)}::jsonb)`
}

/** Every code question of the API's sessions with a draft, as a candidate part-way through. */
async function holdCodeDrafts(
  sql: import('postgres').Sql,
  sessions: { sessionId?: string }[],
  questionIds: string[],
  drafts: string[],
) {
  for (const [s, session] of sessions.entries())
    for (const [q, questionId] of questionIds.entries())
      await sql`INSERT INTO session_drafts (session_id, question_id, draft, rev, saved_at)
        VALUES (${session.sessionId ?? ''}, ${questionId},
          ${codeAnswer(drafts[(s + q) % drafts.length] ?? '')}::jsonb, 1, now())
        ON CONFLICT (session_id, question_id) DO NOTHING`
  await sql`ANALYZE session_drafts`
}

async function clearRedis(url: string, prefix: string) {
  const { RedisClient } = await import('bun')
  const redis = new RedisClient(url)
  try {
    const keys = (await redis.send('KEYS', [`${prefix}*`])) as string[]
    if (keys.length > 0) await redis.send('DEL', keys)
  } finally {
    redis.close()
  }
}

function printReport(rows: Row[]) {
  const f = (n: number | null | undefined, digits = 0) =>
    n === null || n === undefined
      ? '–'
      : n.toLocaleString('en-US', { maximumFractionDigits: digits })
  const healthz = rows[0]?.api.perSecond ?? 0
  console.log(
    `\n${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); wrk -t1 -c${CONNECTIONS} -d${SECONDS}s; pgbench -c${PG_CLIENTS} -j2 -T${SECONDS} -M prepared\n`,
  )
  console.log(
    '| route | API req/s | p50 / p99 ms | errors | pgbench tps, same rule | ratio | CPU µs per request: API + Postgres + Redis (pgbench: Postgres) | target |',
  )
  console.log('|---|---|---|---|---|---|---|---|')
  for (const row of rows) {
    const ratio = row.sql
      ? row.api.perSecond / row.sql.perSecond
      : row === rows[0]
        ? null
        : row.api.perSecond / healthz
    const checks: string[] = []
    const t = row.target
    if (t?.ratio !== undefined)
      checks.push(`${ratio !== null && ratio >= t.ratio ? '✓' : '✗'} ≥ ${t.ratio}×`)
    if (t?.p99 !== undefined)
      checks.push(`${(row.api.p99Ms ?? Infinity) < t.p99 ? '✓' : '✗'} p99 < ${t.p99} ms`)
    if (t?.perSecond !== undefined)
      checks.push(`${row.api.perSecond >= t.perSecond ? '✓' : '✗'} ≥ ${f(t.perSecond)}/s`)
    if (t?.withinMs !== undefined)
      checks.push(
        `${(row.tookMs ?? Infinity) <= t.withinMs ? '✓' : '✗'} all in ${f(row.tookMs)} ms`,
      )
    if (t) checks.push(`${row.api.errors === 0 ? '✓' : '✗'} no errors`)
    const ratioText =
      ratio === null ? '–' : row.sql ? `**${f(ratio, 2)}**` : `${f(ratio, 3)} of /healthz`
    const cpu = row.api.cpuUs
      ? `${f(row.api.cpuUs.api)} + ${f(row.api.cpuUs.postgres)} + ${f(row.api.cpuUs.redis)}${row.sql?.cpuUs ? ` (${f(row.sql.cpuUs.postgres)})` : ''}`
      : '–'
    console.log(
      `| ${row.name} | ${f(row.api.perSecond)} | ${f(row.api.p50Ms, 1)} / ${f(row.api.p99Ms, 1)} | ${row.api.errors} | ${row.sql ? f(row.sql.perSecond) : '–'} | ${ratioText} | ${cpu} | ${checks.join(', ')} |`,
    )
  }
  const limits = rows.flatMap((row) =>
    row.target
      ? targetLimits({
          ...row,
          target: row.target,
          cores: availableParallelism(),
          connections: CONNECTIONS,
        })
      : [],
  )
  if (limits.length > 0)
    console.log(
      `\nWhat the targets ask of this machine:\n${limits.map((l) => `- ${l}`).join('\n')}`,
    )
}
