import { sql } from 'drizzle-orm'
import { bigserial, check, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { tstz } from './columns.ts'
import { organizations } from './organizations.ts'
import { testSessions } from './test-sessions.ts'

/** The audit trail of a session: lifecycle events and client integrity signals. */
export const sessionEvents = pgTable(
  'session_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => testSessions.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    /** Server time the event was recorded. */
    at: tstz('at').notNull().default(sql`now()`),
    /** What the client said; logged, never trusted. */
    clientAt: tstz('client_at'),
    data: jsonb('data').notNull().default({}),
  },
  (t) => [
    check('session_events_type_format', sql`${t.type} ~ '^[a-z][a-z_]{0,49}$'`),
    index('session_events_session_at_idx').on(t.sessionId, t.at),
  ],
)
