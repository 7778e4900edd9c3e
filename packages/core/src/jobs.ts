import { z } from 'zod'

/**
 * Typed job contracts shared by the producers (API, reconciler) and the worker. Job ids are
 * deterministic and colon-free (BullMQ reserves ':'), so a re-enqueue of the same work is a no-op.
 */
export const GRADING_QUEUE = 'grading'
export const MAINTENANCE_QUEUE = 'maintenance'

export const GradeAnswerJob = {
  name: 'grade-answer',
  queue: GRADING_QUEUE,
  // `revision`: the session's regrade revision the job was queued under (absent: 0, the first
  // grading). A job older than the last regrade of its answer is stale and writes nothing.
  schema: z.object({ answer_id: z.uuid(), revision: z.number().int().min(0).default(0) }),
  // A regrade's job carries the session's regrade revision: under the bare answer id, the first
  // grade's finished job (kept for the dashboard) would swallow it.
  jobId: (answerId: string, revision = 0) => (revision > 0 ? `${answerId}-r${revision}` : answerId),
  options: {
    // Model calls fail transiently (429, 5xx, timeouts): retry with backoff before giving up.
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    // Keep finished jobs briefly for the dashboard; Postgres is the record.
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
} as const
export type GradeAnswerJobData = z.infer<typeof GradeAnswerJob.schema>

export const SUMMARY_QUEUE = 'summaries'

/**
 * One per finished session and regrade revision, once every answer is graded: totals, summary,
 * recommendation. The revision (how many regrades the session has had) lets the summary run
 * again after a regrade, and still exactly once per revision.
 */
export const SummarizeSessionJob = {
  name: 'summarize-session',
  queue: SUMMARY_QUEUE,
  schema: z.object({ session_id: z.uuid(), revision: z.number().int().min(0).default(0) }),
  jobId: (sessionId: string, revision = 0) =>
    revision > 0 ? `summary-${sessionId}-r${revision}` : `summary-${sessionId}`,
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
} as const
export type SummarizeSessionJobData = z.infer<typeof SummarizeSessionJob.schema>

export const SweepSessionsJob = {
  name: 'sweep-sessions',
  queue: MAINTENANCE_QUEUE,
  schedulerId: 'sweep-sessions',
} as const
export const ReconcileAnswersJob = {
  name: 'reconcile-answers',
  queue: MAINTENANCE_QUEUE,
  schedulerId: 'reconcile-answers',
} as const

/**
 * The bulk-add entries for grading these answers (one job per answer, id = answer id, plus the
 * regrade revision when they are graded again; the data carries the revision too, and leaves it
 * out at 0 like the id).
 */
export function gradeAnswerJobs(answerIds: string[], revision = 0) {
  return answerIds.map((id) => {
    const data: z.input<typeof GradeAnswerJob.schema> =
      revision > 0 ? { answer_id: id, revision } : { answer_id: id }
    GradeAnswerJob.schema.parse(data)
    return {
      name: GradeAnswerJob.name,
      data,
      opts: { ...GradeAnswerJob.options, jobId: GradeAnswerJob.jobId(id, revision) },
    }
  })
}

/** A session whose summary is owed, under its regrade revision (0 until it is regraded). */
export interface SummaryDue {
  sessionId: string
  revision: number
}

/** The bulk-add entries for summarizing these sessions (one job per session and revision). */
export function summarizeSessionJobs(due: SummaryDue[]) {
  return due.map(({ sessionId, revision }) => ({
    name: SummarizeSessionJob.name,
    data: SummarizeSessionJob.schema.parse({ session_id: sessionId, revision }),
    opts: { ...SummarizeSessionJob.options, jobId: SummarizeSessionJob.jobId(sessionId, revision) },
  }))
}
