import { generateText, type LanguageModel, Output } from 'ai'
import type { z } from 'zod'
import { isMalformedOutput, MalformedModelOutputError, toModelError } from './errors.ts'
import { modelName } from './models.ts'

export interface ModelCallOptions {
  /** Waits for a slot under the configured model-call rate limit (shared by every worker). */
  acquire?: (() => Promise<void>) | undefined
  signal?: AbortSignal | undefined
  timeoutMs?: number | undefined
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
      if (parsed.success)
        return {
          output: parsed.data,
          model: modelName(params.model),
          latency_ms: Math.round(performance.now() - started),
        }
      lastProblem = parsed.error.message
    } catch (err) {
      if (!isMalformedOutput(err)) throw toModelError(err)
      lastProblem = (err as Error).message
    }
  }
  throw new MalformedModelOutputError(
    `model output did not match the ${params.schemaName} schema twice: ${lastProblem.slice(0, 300)}`,
  )
}
