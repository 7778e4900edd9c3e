import { GradeAnswerJob } from '@assess/core'
import {
  answerGradingState,
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
import { type Job, UnrecoverableError } from 'bullmq'
import { withDeadline } from '../deadline.ts'
import {
  fallbackFailure,
  isLastAttempt,
  isTransient,
  jobDataOf,
  messageOf,
  type ProcessorDeps,
} from './context.ts'
import {
  countModelCall,
  countSandboxRuns,
  type GradingObservation,
  observeGrading,
  secondsSince,
} from './grading-metrics.ts'
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
 * graded by the local fallbacks and flagged needs_review with the reason. Bad job data and a
 * failing fallback are permanent (UnrecoverableError). When the fallback fails on the job's
 * last run, the answer is saved `failed` with the reason here, under the job's lock, before the
 * job fails: nothing is left to a best-effort event handler (the 'failed' handler in
 * grading-workers.ts only catches what this could not absorb). Metrics count a grade once it
 * is committed, so a retried or superseded job counts nothing.
 */
export async function processGradeAnswer(deps: ProcessorDeps, job: Job) {
  const { answer_id: answerId, revision } = jobDataOf(GradeAnswerJob.schema, job)
  const attempt = job.attemptsMade + 1
  // A batch's grades count for the metrics once they are committed.
  const observed: GradingObservation[] = []
  const gradedHere = deps.gradedHere
  if (revision === 0 && gradedHere.has(answerId))
    return { skipped: 'already graded by this worker' }
  const state = await answerGradingState(deps.db, answerId)
  if (!state) return { skipped: 'answer gone' }
  if (state.type === 'mcq') {
    if (!state.open) return { skipped: 'already graded' }
    if (revision === 0) {
      // A batch of this process for the session may be grading this answer right now.
      await gradedHere.settled(state.sessionId)
      if (gradedHere.has(answerId)) return { skipped: 'already graded by this worker' }
    }
    const batch = await gradedHere.batch(
      state.sessionId,
      () =>
        gradeMcqBatch(
          deps.db,
          answerId,
          (open) => gradeInstantly(deps, open, observed),
          revision,
          state,
        ),
      (done) => (done.kind === 'mcq' ? (done.saved?.graded.map((g) => g.answerId) ?? []) : []),
    )
    if (batch.kind === 'gone') return { skipped: 'answer gone' }
    if (batch.kind === 'mcq') {
      // Graded by another job already, or this job is from before a regrade of the answer.
      if (!batch.saved) return { skipped: 'already graded' }
      for (const observation of observed) observeGrading(observation)
      publishGraded(deps, batch.saved)
      await queueSummaryIfDue(deps, batch.saved)
      return { batch: batch.batch, summary_queued: batch.saved.summaryDue }
    }
  }
  const claimed = await claimAnswerForGrading(deps.db, answerId, revision)
  if (!claimed) return { skipped: 'already graded, regraded since or gone' }
  const question = toGradeQuestion(claimed.question)
  const started = performance.now()
  const run = (fallbackReason?: string) =>
    withDeadline(deps.jobTimeoutMs, (signal) =>
      gradeAnswer(
        {
          ...deps.grading,
          call: { ...deps.grading.call, signal, onOutcome: countModelCall },
          fallbackReason,
        },
        question,
        claimed.answer.answer,
      ),
    )

  let grade: Grade
  try {
    grade = await run()
  } catch (err) {
    const message = messageOf(err)
    if (isTransient(err) && !isLastAttempt(job)) {
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
      const failure = fallbackFailure(fallbackErr)
      // This run ends the job: the answer is failed first, then the job.
      if (failure instanceof UnrecoverableError || isLastAttempt(job)) {
        const seconds = secondsSince(started)
        const saved = await saveFailure(deps, { answerId, revision, reason: failure, attempt })
        if (saved) observeGrading({ type: question.type, method: 'failed', seconds })
      }
      throw failure
    }
  }
  const seconds = secondsSince(started)
  const outcome = outcomeOf(grade)
  const saved = await saveGrade(deps.db, { ...outcome, answerId, revision, now: deps.now() })
  // Counted once committed: not by a run whose save failed (it retries), nor by a job a
  // regrade has superseded (its save writes nothing).
  if (saved.saved > 0) {
    observeGrading({ type: question.type, method: grade.grader.method, seconds })
    countSandboxRuns(question, grade)
  }
  publishGraded(deps, saved)
  await queueSummaryIfDue(deps, saved)
  return { status: outcome.status, score: outcome.score, summary_queued: saved.summaryDue }
}

/** What is stored for an answer whose grading failed for good: no grade, and why. */
export function failedGrade(
  failure: { answerId: string; revision: number; reason: Error; attempt: number },
  now: Date,
): GradeToSave {
  return {
    answerId: failure.answerId,
    revision: failure.revision,
    status: 'failed',
    score: null,
    feedback: null,
    grader: null,
    gradingError: {
      message: failure.reason.message,
      attempt: failure.attempt,
      at: now.toISOString(),
    },
    now,
  }
}

/**
 * Saves the answer `failed` from the job's last run, before the job fails. Best-effort: the job
 * fails with its reason either way; a save that did not commit is the 'failed' handler's to try
 * again, a summary not queued the reconciler's (sessionsAwaitingSummary). Whether it wrote the
 * grade (not when a regrade superseded this job, nor on an error).
 */
async function saveFailure(deps: ProcessorDeps, failure: Parameters<typeof failedGrade>[0]) {
  const logError = (err: unknown, msg: string) =>
    deps.logger.error({ answer_id: failure.answerId, err: messageOf(err) }, msg)
  const saved = await saveGrade(deps.db, failedGrade(failure, deps.now())).catch((err) => {
    logError(err, 'could not mark the answer failed')
    return null
  })
  if (!saved) return false
  publishGraded(deps, saved)
  await queueSummaryIfDue(deps, saved).catch((err) => logError(err, 'could not queue the summary'))
  return saved.saved > 0
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
async function gradeInstantly(
  deps: ProcessorDeps,
  open: ClaimedAnswer[],
  observed: GradingObservation[],
) {
  const now = deps.now()
  const grades: GradeToSave[] = []
  for (const { answer, question } of open) {
    const started = performance.now()
    const grade = await gradeAnswer(deps.grading, toGradeQuestion(question), answer.answer)
    grades.push({ ...outcomeOf(grade), answerId: answer.id, now })
    observed.push({ type: 'mcq', method: grade.grader.method, seconds: secondsSince(started) })
  }
  return grades
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
