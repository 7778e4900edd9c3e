import { sql } from 'drizzle-orm'
import { timestamp, uuid } from 'drizzle-orm/pg-core'

export const id = () => uuid('id').primaryKey().defaultRandom()
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })
/** created_at / updated_at; updated_at is kept by the set_updated_at trigger (see migrations). */
export const timestamps = () => ({
  createdAt: tstz('created_at').notNull().default(sql`now()`),
  updatedAt: tstz('updated_at').notNull().default(sql`now()`),
})
