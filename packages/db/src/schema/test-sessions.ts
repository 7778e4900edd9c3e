import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  doublePrecision,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { assessments } from './assessments.ts'
import { id, timestamps, tstz } from './columns.ts'
import { completionMethod, evaluationStatus, recommendation, sessionStatus } from './enums.ts'
import { invitations } from './invitations.ts'
import { organizations } from './organizations.ts'
import { users } from './users.ts'

/** One attempt at an assessment by one candidate. */
export const testSessions = pgTable(
  'test_sessions',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    invitationId: uuid('invitation_id').references(() => invitations.id, { onDelete: 'set null' }),
    attemptNumber: integer('attempt_number').notNull(),
    /**
     * Copied from the invitation: a staff member trying the assessment. Graded and reported like
     * any session, but left out of results, exports, analytics, live monitoring, webhooks and
     * emails.
     */
    preview: boolean('preview').notNull().default(false),
    /** Copied from the invitation at start: stretches expires_at and every question limit. */
    extraTimePercent: integer('extra_time_percent').notNull().default(0),
    status: sessionStatus('status').notNull().default('active'),
    completionMethod: completionMethod('completion_method'),
    startedAt: tstz('started_at').notNull().default(sql`now()`),
    /** started_at + duration × (1 + extra time); null when the assessment has no overall limit. */
    expiresAt: tstz('expires_at'),
    currentQuestionIndex: integer('current_question_index').notNull().default(0),
    currentQuestionServedAt: tstz('current_question_served_at'),
    /** Free navigation: when the candidate first opened each question (ISO), by question id. */
    questionServedAt: jsonb('question_served_at')
      .$type<Record<string, string>>()
      .notNull()
      .default({}),
    /**
     * Time a recruiter added to questions' windows, by question id: an extension moves the
     * window's served-at stamp, so the time charged to the question adds this back.
     */
    windowExtensions: jsonb('window_extensions')
      .$type<Record<string, number>>()
      .notNull()
      .default({}),
    /** Set while paused: resuming moves every deadline by now − paused_at. */
    pausedAt: tstz('paused_at'),
    /** Why the recruiter paused, shown to the candidate on the paused screen. */
    pauseReason: text('pause_reason'),
    lastHeartbeat: tstz('last_heartbeat'),
    lastActivity: tstz('last_activity'),
    leftAt: tstz('left_at'),
    completedAt: tstz('completed_at'),
    sectionsCompleted: jsonb('sections_completed').$type<string[]>().notNull().default([]),
    // The drafts are rows of session_drafts (migration 0018).
    flaggedQuestionIds: jsonb('flagged_question_ids').$type<string[]>().notNull().default([]),
    progressPercent: doublePrecision('progress_percent').notNull().default(0),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    /** The device lease: only the holder may mutate the session (two tabs never answer at once). */
    leaseId: uuid('lease_id'),
    /** Issued or renewed (heartbeats renew); a lease silent for 60 s may be taken by a resume. */
    leaseRenewedAt: tstz('lease_renewed_at'),
    /** Leases taken over by another device (newest last), so their calls get lease_revoked. */
    revokedLeaseIds: jsonb('revoked_lease_ids').$type<string[]>().notNull().default([]),
    /**
     * The next moment the clock's catch-up has work to do (a question window or the session
     * closing, grace included), kept by every write, so the sweeper finds overdue sessions by index.
     */
    nextDeadlineAt: tstz('next_deadline_at'),
    /**
     * Integrity events the client sent and the bytes of their data, for the per-session cap
     * (record-events.ts); the count is one past the cap once the cap itself has been logged.
     */
    integrityEventCount: integer('integrity_event_count').notNull().default(0),
    integrityEventBytes: integer('integrity_event_bytes').notNull().default(0),
    /** Draft saves in the current one-minute window (core/session/progress-saves.ts). */
    progressWindowAt: tstz('progress_window_at'),
    progressWindowSaves: integer('progress_window_saves').notNull().default(0),
    /** When a draft save was last written to the timeline (one a minute). */
    draftEventAt: tstz('draft_event_at'),
    finalScore: doublePrecision('final_score'),
    maxScore: doublePrecision('max_score'),
    percentage: doublePrecision('percentage'),
    recommendation: recommendation('recommendation'),
    aiSummary: jsonb('ai_summary'),
    evaluationStatus: evaluationStatus('evaluation_status').notNull().default('pending'),
    evaluatedAt: tstz('evaluated_at'),
    ...timestamps(),
  },
  (t) => [
    check('test_sessions_attempt_positive', sql`${t.attemptNumber} >= 1`),
    check('test_sessions_index_non_negative', sql`${t.currentQuestionIndex} >= 0`),
    check('test_sessions_progress_range', sql`${t.progressPercent} BETWEEN 0 AND 100`),
    check(
      'test_sessions_finished_has_method',
      sql`${t.status} IN ('active', 'paused') OR (${t.completionMethod} IS NOT NULL AND ${t.completedAt} IS NOT NULL)`,
    ),
    check(
      'test_sessions_paused_has_time',
      sql`(${t.status} = 'paused') = (${t.pausedAt} IS NOT NULL)`,
    ),
    // A race of two starts yields one session: the database, not the code, decides. A paused
    // session is still the candidate's attempt under way.
    uniqueIndex('test_sessions_one_active_key')
      .on(t.assessmentId, t.candidateId)
      .where(sql`${t.status} IN ('active', 'paused')`),
    uniqueIndex('test_sessions_attempt_key').on(t.assessmentId, t.candidateId, t.attemptNumber),
    index('test_sessions_status_idx').on(t.status),
    // Nothing a heartbeat writes (last_heartbeat, lease_renewed_at, left_at) is indexed: an
    // indexed column changed makes an update non-HOT, a new entry in every index of the table.
    // The sweeper's silence check filters the active sessions it reads anyway (migration 0017).
    index('test_sessions_started_at_idx').on(t.startedAt),
    index('test_sessions_next_deadline_idx')
      .on(t.nextDeadlineAt)
      .where(sql`${t.status} = 'active'`),
    index('test_sessions_org_status_idx').on(t.orgId, t.status, t.startedAt.desc()),
  ],
)
