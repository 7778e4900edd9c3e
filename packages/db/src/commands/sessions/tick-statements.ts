import { tickBatcher } from '@assess/core'
import type postgres from 'postgres'

/**
 * A statement's calls, at most: a bound for bursts. Smaller bounds measured no faster under the
 * bench's 64 connections (all fit in one): they save no round trip, and cost Postgres more a row.
 */
const BATCH = { maxItems: 256 }

/*
 * BY_ID. Each statement here joins its calls (a JSON recordset) to the tables it writes, and
 * also names their rows by primary key: `s.id = ANY(ids)`. Postgres estimates any recordset at
 * 100 rows, so on a table of a few thousand rows (a new deployment's, the bench's) it hashed the
 * calls and scanned the whole table, for every statement: measured on the bench's tables, 10 ms
 * for a submit batch's answered ids (36,000 answers scanned), 1–2 ms for each sessions scan, and
 * a cost that grows with the table until the planner changes its mind. By key, the same
 * statements cost a third less of Postgres's CPU per call (heartbeat 55 → 33 µs, submit 240 → 120).
 */

/**
 * The hot-path calls of one tick (heartbeats, activity pings, draft saves, submits: each kind
 * its own) go to Postgres together, on each pool: one statement (a submit's: one transaction) for
 * them all, so its cost per statement and per commit is paid once (under the bench's 64
 * connections, 15–20 heartbeats a statement at the median). Each call gets its own row, or null
 * for "take the full path". If the statement fails with several calls in it, each call runs
 * alone: a value one call sent that Postgres refuses (a NUL character, a draft past the cap)
 * fails that call only.
 */
export function tickStatements<C, R>(
  statement: (sql: postgres.Sql, calls: C[]) => Promise<Map<C, R>>,
): (sql: postgres.Sql, call: C) => Promise<R | null> {
  const eachAloneOnFailure = async (sql: postgres.Sql, calls: C[]): Promise<Map<C, R | Error>> => {
    try {
      return await statement(sql, calls)
    } catch (err) {
      if (calls.length === 1) return new Map<C, R | Error>(calls.map((c) => [c, err as Error]))
      const alone = await Promise.all(calls.map((call) => eachAloneOnFailure(sql, [call])))
      return new Map<C, R | Error>(alone.flatMap((results) => [...results]))
    }
  }
  const batches = new WeakMap<postgres.Sql, (call: C) => Promise<Map<C, R | Error>>>()
  return async (sql, call) => {
    let batch = batches.get(sql)
    if (!batch) {
      batch = tickBatcher((calls: C[]) => eachAloneOnFailure(sql, calls), BATCH)
      batches.set(sql, batch)
    }
    const result = (await batch(call)).get(call)
    if (result instanceof Error) throw result
    return result ?? null
  }
}

/**
 * Each key's first call (a session's, say), by key: the calls a statement can take together, as
 * it writes a row once. The rest of the tick's calls of a key take the full path.
 */
export function firstOfEach<C>(calls: C[], key: (call: C) => string): Map<string, C> {
  const first = new Map<string, C>()
  for (const call of calls) if (!first.has(key(call))) first.set(key(call), call)
  return first
}

/** A statement's rows handed back to its calls: each call gets the row with its key, if any. */
export function rowsOfCalls<C, R>(
  calls: C[],
  callKey: (call: C) => string,
  rows: R[],
  rowKey: (row: R) => string,
): Map<C, R> {
  const byKey = new Map(rows.map((row) => [rowKey(row), row]))
  const matched = new Map<C, R>()
  for (const call of calls) {
    const row = byKey.get(callKey(call))
    if (row) matched.set(call, row)
  }
  return matched
}
