import { generateText, type LanguageModel, Output } from 'ai'
import type { z } from 'zod'
import { isMalformedOutput, MalformedModelOutputError, toModelError } from './errors.ts'
import { modelName } from './models.ts'

/** `ok`: the model answered as asked; `error`: it failed or answered malformed; `fallback`: a
 * grader that uses a model graded without one (none configured, or after failures). */
export type ModelCallOutcome = 'ok' | 'error' | 'fallback'

export interface ModelCallOptions {
  /** Waits for a slot under the configured model-call rate limit (shared by every worker). */
  acquire?: (() => Promise<void>) | undefined
  signal?: AbortSignal | undefined
  timeoutMs?: number | undefined
  /** Told of every model request's outcome, and of each local fallback (the worker's metrics). */
  onOutcome?: ((outcome: ModelCallOutcome) => void) | undefined
}

/** A grader that would ask a model graded without one: says so to `onOutcome`. */
export function noteFallback(options: ModelCallOptions | undefined) {
  options?.onOutcome?.('fallback')
}

const OUTPUT_ATTEMPTS = 2 // a malformed answer is asked for once more, then it is a failure

/**
 * One structured model call: temperature 0, the output validated by the zod schema (ranges
 * included). A malformed or out-of-range answer is retried once, then raised as
 * MalformedModelOutputError; it is never returned or stored raw. Transport failures become
 * ModelUnavailableError, left to the job's own retries (the SDK does not retry here).
 */
export async function generateStructured<S extends z.ZodType>(params: {
  model: LanguageModel
  schema: S
  schemaName: string
  system: string
  prompt: string
  options?: ModelCallOptions | undefined
}): Promise<{ output: z.output<S>; model: string; latency_ms: number }> {
  const { options = {} } = params
  const started = performance.now()
  let lastProblem = ''
  for (let attempt = 1; attempt <= OUTPUT_ATTEMPTS; attempt++) {
    await options.acquire?.()
    try {
      const result = await generateText({
        model: params.model,
        system: params.system,
        prompt: params.prompt,
        output: Output.object({ schema: params.schema, name: params.schemaName }),
        temperature: 0,
        maxRetries: 0,
        ...(options.signal ? { abortSignal: options.signal } : {}),
        timeout: options.timeoutMs ?? 60_000,
      })
      const parsed = params.schema.safeParse(result.output)
      options.onOutcome?.(parsed.success ? 'ok' : 'error')
      if (parsed.success)
        return {
          output: parsed.data,
          model: modelName(params.model),
          latency_ms: Math.round(performance.now() - started),
        }
      lastProblem = parsed.error.message
    } catch (err) {
      options.onOutcome?.('error')
      if (!isMalformedOutput(err)) throw toModelError(err)
      lastProblem = (err as Error).message
    }
  }
  throw new MalformedModelOutputError(
    `model output did not match the ${params.schemaName} schema twice: ${lastProblem.slice(0, 300)}`,
  )
}
