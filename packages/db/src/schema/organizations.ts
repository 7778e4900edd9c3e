import { pgTable, text } from 'drizzle-orm/pg-core'
import { id, timestamps } from './columns.ts'

export const organizations = pgTable('organizations', {
  id: id(),
  name: text('name').notNull(),
  ...timestamps(),
})
