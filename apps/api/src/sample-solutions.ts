import { CODE_LANGUAGE_LABELS, type CodeLanguage, codeSpecOf, ValidationError } from '@assess/core'
import {
  assertLanguagesAvailable,
  getAssessment,
  publishAssessment,
  type StaffActor,
} from '@assess/db'
import { runOnWorker } from './code-runs.ts'
import type { AppDeps } from './deps.ts'

/** Failing tests named in one error, at most this many. */
const NAMED_FAILURES = 5
/**
 * Solutions queued at once: each run's wait counts from its own enqueue, so queueing them all
 * at once would let the last ones time out behind the first on a small worker pool.
 */
const AT_ONCE = 4

/**
 * Publishes a draft once every sample solution passes every one of its question's tests (each
 * language's solution, run on a worker): an author learns about a wrong test before a
 * candidate is scored by it. The questions checked must be the ones published: if the draft
 * changed meanwhile, publishing refuses (publish again).
 */
export async function publishChecked(
  deps: Pick<AppDeps, 'db' | 'codeRuns' | 'config'>,
  actor: StaffActor,
  assessmentId: string,
) {
  const draft = await getAssessment(deps.db, { orgId: actor.orgId, assessmentId })
  if (draft.assessment.status !== 'draft')
    return publishAssessment(deps.db, actor, { assessmentId })
  // A language no worker can run says so, not as a solution that "does not compile".
  await assertLanguagesAvailable(deps.db, draft.questions)
  const checks = draft.questions.flatMap((question, index) => {
    if (question.spec.type !== 'code') return []
    const solutions = codeSpecOf(question.spec).sample_solution ?? {}
    return (Object.entries(solutions) as [CodeLanguage, string][]).map(([language, code]) => ({
      index,
      spec: question.spec,
      language,
      code,
    }))
  })
  const runs: Awaited<ReturnType<typeof runOnWorker>>[] = []
  for (let i = 0; i < checks.length; i += AT_ONCE)
    runs.push(
      ...(await Promise.all(
        checks.slice(i, i + AT_ONCE).map((check) =>
          runOnWorker(deps, {
            spec: { ...check.spec },
            language: check.language,
            code: check.code,
            which: 'all',
          }),
        ),
      )),
    )
  const fields: Record<string, string[]> = {}
  runs.forEach((run, i) => {
    const check = checks[i]
    if (!check) return
    const label = CODE_LANGUAGE_LABELS[check.language]
    const path = `questions.${check.index}.sample_solution.${check.language}`
    if (run.compile?.status === 'compile_error') {
      fields[path] = [
        `The ${label} sample solution does not compile: ${run.compile.output.slice(0, 300)}`,
      ]
      return
    }
    const failed = run.results.filter((r) => r.verdict !== 'passed')
    if (failed.length === 0) return
    const named = failed
      .slice(0, NAMED_FAILURES)
      .map((r) => `${r.kind} test ${r.index + 1} (${r.verdict.replaceAll('_', ' ')})`)
      .join(', ')
    const more = failed.length > NAMED_FAILURES ? ` and ${failed.length - NAMED_FAILURES} more` : ''
    fields[path] = [
      `The ${label} sample solution fails ${failed.length} of ${run.results.length} tests: ${named}${more}`,
    ]
  })
  if (Object.keys(fields).length > 0)
    throw new ValidationError(
      'sample_solution_fails',
      'A sample solution does not pass its own tests: check the tests or the solution',
      { fields },
    )
  return publishAssessment(deps.db, actor, {
    assessmentId,
    questionIds: draft.questions.map((q) => q.id),
  })
}
