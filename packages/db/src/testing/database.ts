import postgres from 'postgres'
import { createDb, type DbHandle } from '../client.ts'
import { migrateDatabase } from '../migrate.ts'

/**
 * Each test run migrates one template database, then every test file clones its own from it
 * (CREATE DATABASE … TEMPLATE), so files never share rows and runs never collide.
 */
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const runStartedAt = Math.floor(Date.now() / 1000)
export const testRunId = `${runStartedAt}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
const prefix = 'assess_test_'
const templateName = `${prefix}${testRunId}_tpl`
let cloneCount = 0
let template: Promise<void> | undefined
let queue: Promise<unknown> = Promise.resolve()

export const urlFor = (name: string) => {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    return await fn(sql)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

async function buildTemplate() {
  await withAdmin(async (sql) => {
    // Databases left behind by runs that crashed more than two hours ago.
    const stale = await sql<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname LIKE ${`${prefix}%`}`
    for (const { datname } of stale) {
      const started = Number(datname.slice(prefix.length).split('_')[0])
      if (started && started < runStartedAt - 7200)
        await sql.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
    }
    await sql.unsafe(`CREATE DATABASE "${templateName}"`)
  })
  await migrateDatabase(urlFor(templateName))
}

/** A freshly migrated database of its own; `close` drops it. */
export function createTestDatabase(): Promise<DbHandle & { url: string }> {
  template ??= buildTemplate()
  // Clones are serialized: Postgres refuses to copy a template that another copy is reading.
  const next = queue.then(async () => {
    await template
    const name = `${prefix}${testRunId}_${++cloneCount}`
    await withAdmin((sql) => sql.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`))
    const handle = createDb(urlFor(name), { max: 5 })
    return {
      ...handle,
      url: urlFor(name),
      close: async () => {
        await handle.close()
        await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
      },
    }
  })
  queue = next.catch(() => {})
  return next
}

/** Drops every database this run made (the preload calls it once all files are done). */
export async function dropRunDatabases() {
  await withAdmin(async (sql) => {
    const rows = await sql<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname LIKE ${`${prefix}${testRunId}%`}`
    for (const { datname } of rows)
      await sql.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
  })
}
