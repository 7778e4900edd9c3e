import { GradeAnswerJob } from '@assess/core'
import {
  claimAnswerForGrading,
  noteGradingAttemptError,
  type QuestionRow,
  saveGrade,
} from '@assess/db'
import { type Grade, type GradeQuestion, gradeAnswer } from '@assess/grading'
import type { Job } from 'bullmq'
import { withDeadline } from '../deadline.ts'
import { isTransient, messageOf, type ProcessorDeps } from './context.ts'

export function toGradeQuestion(row: QuestionRow): GradeQuestion {
  return { id: row.id, type: row.type, prompt: row.prompt, points: row.points, spec: row.spec }
}

/**
 * `grade-answer`: claim (pending → grading), grade, save once, and when this was the session's
 * last open answer enqueue its summary. Transient model failures retry with backoff; on the last
 * attempt (or a permanent model error) the answer is graded by the local fallbacks and flagged
 * needs_review with the reason; anything else that still fails leaves it `failed`, with the reason.
 */
export async function processGradeAnswer(deps: ProcessorDeps, job: Job) {
  const { answer_id: answerId } = GradeAnswerJob.schema.parse(job.data)
  const attempt = job.attemptsMade + 1
  const lastAttempt = attempt >= (job.opts.attempts ?? 1)
  const claimed = await claimAnswerForGrading(deps.db, answerId)
  if (!claimed) return { skipped: 'already graded or gone' }
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
        error: { message, attempt, at: deps.now().toISOString() },
      })
      throw err
    }
    try {
      grade = await run(`graded without a model after attempt ${attempt}: ${message}`)
    } catch (fallbackErr) {
      if (!lastAttempt) throw fallbackErr
      return finish(deps, answerId, {
        status: 'failed',
        score: null,
        feedback: null,
        grader: null,
        gradingError: { message: messageOf(fallbackErr), attempt, at: deps.now().toISOString() },
      })
    }
  }
  const needsReview = grade.score === null || grade.reviewReasons.length > 0
  return finish(deps, answerId, {
    status: needsReview ? 'needs_review' : 'graded',
    score: grade.score,
    feedback: grade.feedback,
    grader: grade.grader,
    gradingError: needsReview ? { review_reasons: grade.reviewReasons } : null,
  })
}

async function finish(
  deps: ProcessorDeps,
  answerId: string,
  grade: Omit<Parameters<typeof saveGrade>[1], 'answerId' | 'now'>,
) {
  const saved = await saveGrade(deps.db, { ...grade, answerId, now: deps.now() })
  if (saved.summaryDue && saved.sessionId) await deps.producers.enqueueSummaries([saved.sessionId])
  return { status: grade.status, score: grade.score, summary_queued: saved.summaryDue }
}
