import type { QuestionSpec } from '@assess/core'
import { sql } from 'drizzle-orm'
import { check, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { assessments } from './assessments.ts'
import { id, timestamps } from './columns.ts'
import { questionDifficulty, questionType } from './enums.ts'

export const questions = pgTable(
  'questions',
  {
    id: id(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    section: text('section'),
    type: questionType('type').notNull(),
    prompt: text('prompt').notNull(),
    points: integer('points').notNull(),
    timeLimitSeconds: integer('time_limit_seconds'),
    difficulty: questionDifficulty('difficulty'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** The type-specific part (options, keywords, tests...), validated by core's QuestionInput. */
    spec: jsonb('spec').$type<QuestionSpec>().notNull(),
    ...timestamps(),
  },
  (t) => [
    check('questions_points_positive', sql`${t.points} > 0`),
    check('questions_position_non_negative', sql`${t.position} >= 0`),
    check(
      'questions_time_limit_positive',
      sql`${t.timeLimitSeconds} IS NULL OR ${t.timeLimitSeconds} > 0`,
    ),
    check('questions_spec_type_matches', sql`${t.spec}->>'type' = ${t.type}::text`),
    uniqueIndex('questions_assessment_position_key').on(t.assessmentId, t.position),
  ],
)
