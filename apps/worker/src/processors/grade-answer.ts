import { GradeAnswerJob } from '@assess/core'
import {
  type ClaimedAnswer,
  claimAnswerForGrading,
  type GradeToSave,
  gradeMcqBatch,
  noteGradingAttemptError,
  type QuestionRow,
  type SavedGrades,
  saveGrade,
} from '@assess/db'
import { type Grade, type GradeQuestion, gradeAnswer } from '@assess/grading'
import type { Job } from 'bullmq'
import { withDeadline } from '../deadline.ts'
import { isTransient, messageOf, type ProcessorDeps } from './context.ts'
import { publishGraded } from './live-events.ts'

export function toGradeQuestion(row: QuestionRow): GradeQuestion {
  return { id: row.id, type: row.type, prompt: row.prompt, points: row.points, spec: row.spec }
}

/**
 * `grade-answer`: an MCQ answer is graded with its session's other open MCQ answers in one
 * transaction (gradeMcqBatch). Any other answer: claim (pending → grading), grade, save once.
 * The job's regrade revision goes with each of them: a job from before a regrade of its answer
 * (still retrying, say) claims, saves and fails nothing, since the regrade's own job grades it.
 * When these were the session's last open answers, its summary is enqueued. Transient model
 * failures retry with backoff; on the last attempt (or a permanent model error) the answer is
 * graded by the local fallbacks and flagged needs_review with the reason; anything else that
 * still fails leaves it `failed`, with the reason.
 */
export async function processGradeAnswer(deps: ProcessorDeps, job: Job) {
  const { answer_id: answerId, revision } = GradeAnswerJob.schema.parse(job.data)
  const attempt = job.attemptsMade + 1
  const lastAttempt = attempt >= (job.opts.attempts ?? 1)
  const batch = await gradeMcqBatch(
    deps.db,
    answerId,
    (open) => gradeInstantly(deps, open),
    revision,
  )
  if (batch.kind === 'gone') return { skipped: 'answer gone' }
  if (batch.kind === 'mcq') {
    // Graded by another job already, or this job is from before a regrade of the answer.
    if (!batch.saved) return { skipped: 'already graded' }
    publishGraded(deps, batch.saved)
    await queueSummaryIfDue(deps, batch.saved)
    return { batch: batch.batch, summary_queued: batch.saved.summaryDue }
  }
  const claimed = await claimAnswerForGrading(deps.db, answerId, revision)
  if (!claimed) return { skipped: 'already graded, regraded since or gone' }
  const question = toGradeQuestion(claimed.question)
  const run = (fallbackReason?: string) =>
    withDeadline(deps.jobTimeoutMs, (signal) =>
      gradeAnswer(
        { ...deps.grading, call: { ...deps.grading.call, signal }, fallbackReason },
        question,
        claimed.answer.answer,
      ),
    )

  let grade: Grade
  try {
    grade = await run()
  } catch (err) {
    const message = messageOf(err)
    if (isTransient(err) && !lastAttempt) {
      await noteGradingAttemptError(deps.db, {
        answerId,
        revision,
        error: { message, attempt, at: deps.now().toISOString() },
      })
      throw err
    }
    try {
      grade = await run(`graded without a model after attempt ${attempt}: ${message}`)
    } catch (fallbackErr) {
      if (!lastAttempt) throw fallbackErr
      return finish(deps, answerId, revision, {
        status: 'failed',
        score: null,
        feedback: null,
        grader: null,
        gradingError: { message: messageOf(fallbackErr), attempt, at: deps.now().toISOString() },
      })
    }
  }
  return finish(deps, answerId, revision, outcomeOf(grade))
}

/** What is stored for a grade: flagged for review when it has no score or reasons to look. */
function outcomeOf(grade: Grade): Omit<GradeToSave, 'answerId' | 'now'> {
  const needsReview = grade.score === null || grade.reviewReasons.length > 0
  return {
    status: needsReview ? 'needs_review' : 'graded',
    score: grade.score,
    feedback: grade.feedback,
    grader: grade.grader,
    gradingError: needsReview ? { review_reasons: grade.reviewReasons } : null,
  }
}

/** MCQ answers (see gradeMcqBatch): graded in code, no model and no sandbox. */
async function gradeInstantly(deps: ProcessorDeps, open: ClaimedAnswer[]) {
  const now = deps.now()
  const grades: GradeToSave[] = []
  for (const { answer, question } of open) {
    const grade = await gradeAnswer(deps.grading, toGradeQuestion(question), answer.answer)
    grades.push({ ...outcomeOf(grade), answerId: answer.id, now })
  }
  return grades
}

async function finish(
  deps: ProcessorDeps,
  answerId: string,
  revision: number,
  grade: Omit<GradeToSave, 'answerId' | 'now' | 'revision'>,
) {
  const saved = await saveGrade(deps.db, { ...grade, answerId, revision, now: deps.now() })
  publishGraded(deps, saved)
  await queueSummaryIfDue(deps, saved)
  return { status: grade.status, score: grade.score, summary_queued: saved.summaryDue }
}

/** When the grades just saved were the session's last open answers, its summary is due. */
export async function queueSummaryIfDue(
  deps: Pick<ProcessorDeps, 'producers'>,
  saved: SavedGrades | null,
) {
  if (saved?.summaryDue && saved.sessionId)
    await deps.producers.enqueueSummaries([
      { sessionId: saved.sessionId, revision: saved.revision },
    ])
}
