import { CODE_LANGUAGE_LABELS, CodeLanguage, codeSpecOf, type QuestionSpec } from '@assess/core'
import { sql } from 'drizzle-orm'
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

/** A worker's start-up probe, one row per language (the last probe of any worker wins). */
export async function recordCodeLanguages(db: Db, probes: LanguageProbe[], now: Date) {
  if (probes.length === 0) return
  await db
    .insert(codeLanguages)
    .values(
      probes.map((p) => ({
        language: p.language,
        version: p.version === null ? null : storableText(p.version, 200),
        available: p.available,
        problem: p.problem === null ? null : storableText(p.problem, 1000),
        probedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: codeLanguages.language,
      set: {
        version: sql`excluded.version`,
        available: sql`excluded.available`,
        problem: sql`excluded.problem`,
        probedAt: sql`excluded.probed_at`,
      },
    })
}

/** Every code language in the product's order, with what the workers last reported (or null). */
export async function listCodeLanguages(db: Db) {
  const rows = new Map((await db.select().from(codeLanguages)).map((r) => [r.language, r]))
  return CodeLanguage.options.map((language) => ({
    language,
    label: CODE_LANGUAGE_LABELS[language],
    probe: rows.get(language) ?? null,
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
): Promise<Record<string, string[]>> {
  const rows = await db.select().from(codeLanguages)
  const down = new Map(rows.filter((r) => !r.available).map((r) => [r.language, r]))
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
