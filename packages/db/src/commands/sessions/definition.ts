import type { ClockQuestion } from '@assess/core'
import { asc, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { assessments, questions } from '../../schema/index.ts'
import type { AssessmentRow, QuestionRow } from '../assessments/types.ts'

export interface AssessmentDefinition {
  assessment: AssessmentRow
  questions: QuestionRow[]
  clockQuestions: ClockQuestion[]
  indexById: Map<string, number>
}

// A published assessment's questions never change, so they are read once per process.
const cache = new Map<string, AssessmentDefinition>()
const CACHE_LIMIT = 500

/** The assessment and its ordered questions (cached once published). */
export async function loadDefinition(db: Db, assessmentId: string): Promise<AssessmentDefinition> {
  const cached = cache.get(assessmentId)
  if (cached) return cached
  const [assessment] = await db.select().from(assessments).where(eq(assessments.id, assessmentId))
  if (!assessment) throw new Error(`assessment ${assessmentId} vanished under a session`)
  const rows = await db
    .select()
    .from(questions)
    .where(eq(questions.assessmentId, assessmentId))
    .orderBy(asc(questions.position))
  const definition: AssessmentDefinition = {
    assessment,
    questions: rows,
    clockQuestions: rows.map((q) => ({ id: q.id, timeLimitSeconds: q.timeLimitSeconds })),
    indexById: new Map(rows.map((q, i) => [q.id, i])),
  }
  if (assessment.status !== 'draft') {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
    cache.set(assessmentId, definition)
  }
  return definition
}
