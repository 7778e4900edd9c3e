import {
  CODE_LANGUAGE_LABELS,
  CodeLanguage,
  codeSpecOf,
  fleetLanguages,
  type QuestionSpec,
  ValidationError,
} from '@assess/core'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { codeLanguages } from '../../schema/index.ts'
import { storableText } from '../../storable-text.ts'

export type CodeLanguageRow = typeof codeLanguages.$inferSelect

export interface LanguageProbe {
  language: string
  version: string | null
  available: boolean
  problem: string | null
}

/** A worker's start-up probe, one row per language; a restart of the same worker overwrites it. */
export async function recordCodeLanguages(
  db: Db,
  workerId: string,
  probes: LanguageProbe[],
  now: Date,
) {
  if (probes.length === 0) return
  await db
    .insert(codeLanguages)
    .values(
      probes.map((p) => ({
        workerId,
        language: p.language,
        version: p.version === null ? null : storableText(p.version, 200),
        available: p.available,
        problem: p.problem === null ? null : storableText(p.problem, 1000),
        probedAt: now,
        seenAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [codeLanguages.workerId, codeLanguages.language],
      set: {
        version: sql`excluded.version`,
        available: sql`excluded.available`,
        problem: sql`excluded.problem`,
        probedAt: sql`excluded.probed_at`,
        seenAt: sql`excluded.seen_at`,
      },
    })
}

/** The worker is still running: its report still counts (core's STALE_AFTER_MS). */
export async function markCodeLanguagesSeen(db: Db, workerId: string, now: Date) {
  await db.update(codeLanguages).set({ seenAt: now }).where(eq(codeLanguages.workerId, workerId))
}

/**
 * What the fleet can run, by language (core's fleetLanguages over every worker's report).
 * Liveness is judged on the wall clock, which is what the workers stamp with.
 */
async function fleetView(db: Db, now = new Date()) {
  return fleetLanguages(await db.select().from(codeLanguages), now)
}

/** Every code language in the product's order, with what the fleet reported (or null). */
export async function listCodeLanguages(db: Db, now?: Date) {
  const fleet = await fleetView(db, now)
  return CodeLanguage.options.map((language) => ({
    language,
    label: CODE_LANGUAGE_LABELS[language],
    probe: fleet.get(language) ?? null,
  }))
}

/**
 * Field errors for the code questions that use a language the workers reported they cannot
 * run (`questions.2.languages.0`). A language no worker has reported yet (none has started)
 * is not refused: grading such an answer, if it cannot run, goes to review with the reason.
 */
export async function unavailableLanguages(
  db: Db,
  questions: { spec: QuestionSpec }[],
  now?: Date,
): Promise<Record<string, string[]>> {
  const fleet = await fleetView(db, now)
  const down = new Map([...fleet].filter(([, l]) => !l.available))
  const fields: Record<string, string[]> = {}
  questions.forEach((q, i) => {
    if (q.spec.type !== 'code') return
    codeSpecOf(q.spec).languages.forEach((language, j) => {
      const row = down.get(language)
      if (row)
        fields[`questions.${i}.languages.${j}`] = [
          `${CODE_LANGUAGE_LABELS[language]} cannot run on this deployment's workers: ${row.problem ?? 'unavailable'}`,
        ]
    })
  })
  return fields
}

/**
 * Refuses (400 `language_unavailable`, a field per language) questions in a language that this
 * deployment's workers cannot all run: checked before anything runs or publishes.
 */
export async function assertLanguagesAvailable(
  db: Db,
  questions: { spec: QuestionSpec }[],
  now?: Date,
): Promise<void> {
  const unavailable = await unavailableLanguages(db, questions, now)
  if (Object.keys(unavailable).length > 0)
    throw new ValidationError(
      'language_unavailable',
      "A question uses a language this deployment's workers cannot run",
      { fields: unavailable },
    )
}
