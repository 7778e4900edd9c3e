import { codeSpecOf, runLanguage, splitQuestion, ValidationError } from '@assess/core'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { runSamples } from '../../sample-runs.ts'
import { createRouter } from '../openapi.ts'
import * as routes from './preview.routes.ts'

/** The author's preview: what a candidate's sample run would give, before anyone takes the test. */
export function createPreviewRouter(deps: AppDeps) {
  return createRouter().openapi({ ...routes.run, middleware: [requireStaff(deps)] }, async (c) => {
    const input = c.req.valid('json')
    // The author's budget, not a candidate's: keyed by who asks.
    await deps.rateLimiter.hit(
      `preview-run:${c.get('staff').userId}`,
      deps.config.sampleRunRateLimit,
    )
    const { spec } = splitQuestion(input.question)
    if (spec.type !== 'code')
      throw new ValidationError('not_a_code_question', 'Only code questions have sample tests', {
        fields: { 'question.type': ['not a code question'] },
      })
    const language = runLanguage(codeSpecOf(spec), input.language)
    const { result } = await runSamples(deps, {
      spec,
      language,
      code: input.code,
      custom: input.custom_input,
    })
    return c.json(result, 200)
  })
}
