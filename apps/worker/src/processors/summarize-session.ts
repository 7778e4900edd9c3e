import { SummarizeSessionJob } from '@assess/core'
import { loadSummaryMaterial, saveSessionSummary } from '@assess/db'
import { digestAnswer, summarizeSession } from '@assess/grading'
import type { Job } from 'bullmq'
import { withDeadline } from '../deadline.ts'
import {
  fallbackFailure,
  isLastAttempt,
  isTransient,
  jobDataOf,
  messageOf,
  type ProcessorDeps,
} from './context.ts'
import { countModelCall } from './grading-metrics.ts'
import { publishSummarized } from './live-events.ts'

/**
 * `summarize-session`: totals, percentage and the summary, written once per regrade revision
 * (evaluation → done), the totals from the answers as they are when it is saved. The summary
 * model is retried like grading; on the last attempt (or a permanent model error) the rule-based
 * summary is written instead and says why. Bad job data and a failing rule-based summary are
 * permanent (UnrecoverableError); a job that fails for good marks the evaluation failed.
 */
export async function processSummarizeSession(deps: ProcessorDeps, job: Job) {
  const { session_id: sessionId, revision } = jobDataOf(SummarizeSessionJob.schema, job)
  const attempt = job.attemptsMade + 1
  const material = await loadSummaryMaterial(deps.db, sessionId)
  if (!material) return { skipped: 'session gone' }
  const { session } = material
  if (session.evaluationStatus === 'done' || session.evaluationStatus === 'failed')
    return { skipped: `evaluation already ${session.evaluationStatus}` }
  // A regrade since this job was queued: the regrade's last grade queues its own summary.
  if (material.revision > revision)
    return { skipped: `superseded by revision ${material.revision}` }
  if (material.answers.some((a) => a.gradingStatus === 'pending' || a.gradingStatus === 'grading'))
    throw new Error('an answer is still being graded; retrying later')

  const input = {
    assessmentTitle: material.assessmentTitle,
    completionMethod: session.completionMethod,
    questions: material.answers.map(digestAnswer),
  }
  const run = (fallbackReason?: string) =>
    withDeadline(deps.jobTimeoutMs, (signal) =>
      summarizeSession(
        {
          models: deps.grading.models,
          call: { ...deps.grading.call, signal, onOutcome: countModelCall },
          fallbackReason,
        },
        input,
      ),
    )
  let result: Awaited<ReturnType<typeof run>>
  try {
    result = await run()
  } catch (err) {
    if (isTransient(err) && !isLastAttempt(job)) throw err
    result = await run(
      `summary model unavailable after attempt ${attempt}: ${messageOf(err)}`,
    ).catch((fallbackErr) => {
      throw fallbackFailure(fallbackErr)
    })
  }
  // The totals stored are recomputed from the answers at save time (a person may have changed
  // a grade since they were loaded): what was saved is what is published.
  const saved = await saveSessionSummary(deps.db, {
    sessionId,
    aiSummary: { ...result.summary },
    revision,
    now: deps.now(),
    notify: deps.resultsEmail ?? null,
  })
  if (saved) publishSummarized(deps, session, saved)
  return {
    saved: saved !== null,
    percentage: saved?.percentage ?? result.totals.percentage,
    method: result.summary.method,
  }
}
