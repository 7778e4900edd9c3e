import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { SemanticGrade } from '../prompts/short-answer.ts'
import { gradeShortAnswer } from '../short-answer.ts'
import { startOpenAIStub } from '../testing/openai-stub.ts'
import { createModels, NO_MODELS } from './models.ts'
import { generateStructured } from './structured.ts'

// The real @ai-sdk/openai provider, over HTTP, against a local OpenAI-compatible stub.
let stub: ReturnType<typeof startOpenAIStub>
let models: ReturnType<typeof createModels>
beforeAll(() => {
  stub = startOpenAIStub()
  models = createModels({
    apiKey: 'sk-test',
    baseURL: stub.baseURL,
    gradingModel: 'small-grader',
    codeReviewModel: 'reviewer',
    summaryModel: 'writer',
  })
})
afterAll(() => stub.stop())

const grade = { score: 7, reasoning: 'ok', strengths: ['a'], improvements: [] }
const call = (timeoutMs = 5000) => {
  if (!models.grading) throw new Error('the stub provider builds a grading model')
  return generateStructured({
    model: models.grading,
    schema: SemanticGrade,
    schemaName: 'semantic_grade',
    system: 'grade',
    prompt: 'answer',
    options: { timeoutMs },
  })
}

async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e as Error & { retryable?: boolean },
  )
  if (!err) throw new Error('expected a failure')
  return { name: err.name, message: err.message, retryable: err.retryable }
}

describe('the OpenAI provider against an OpenAI-compatible server', () => {
  test('no key, no models: the product runs on its local fallbacks', () => {
    expect(
      createModels({ ...models, gradingModel: 'x', codeReviewModel: 'y', summaryModel: 'z' }),
    ).toEqual(NO_MODELS)
  })

  test('structured output: JSON schema requested, temperature 0, the model named', async () => {
    stub.script([{ json: grade }])
    const result = await call()
    expect(result.output).toEqual(grade)
    expect(result.model).toContain('small-grader')
    const request = stub.requests[0]
    expect(request?.model).toBe('small-grader')
    expect(request?.temperature).toBe(0)
    expect(JSON.stringify(request?.response_format)).toContain('json_schema')
  })

  test('429, then success: the first call says retry, the next one succeeds', async () => {
    stub.script([{ status: 429 }, { json: grade }])
    await expect(call()).rejects.toMatchObject({ name: 'ModelUnavailableError', retryable: true })
    expect((await call()).output.score).toBe(7)
  })

  test('a 500 is retryable, a 401 is not', async () => {
    stub.script([{ status: 500 }])
    expect(await failure(call())).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/HTTP 500/),
    })
    stub.script([{ status: 401 }])
    expect(await failure(call())).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/HTTP 401/),
    })
  })

  test('malformed JSON is asked for twice, then is a malformed-output failure', async () => {
    stub.script([{ text: '{"score": 7, "reasoning": ' }])
    await expect(call()).rejects.toMatchObject({ name: 'MalformedModelOutputError' })
    expect(stub.requests).toHaveLength(2)
  })

  test('an out-of-range score is malformed too', async () => {
    stub.script([{ json: { ...grade, score: 42 } }])
    await expect(call()).rejects.toMatchObject({ name: 'MalformedModelOutputError' })
  })

  test('a slow response times out as a retryable failure', async () => {
    stub.script([{ json: grade, delayMs: 1500 }])
    const started = performance.now()
    expect(await failure(call(300))).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/timed out/),
    })
    expect(performance.now() - started).toBeLessThan(1400)
  })

  test('graders fall back on malformed output and say so', async () => {
    stub.script([{ text: 'I think it deserves a 7' }])
    const result = await gradeShortAnswer(
      { models },
      {
        id: '00000000-0000-4000-8000-000000000002',
        type: 'short_answer',
        prompt: 'Why index?',
        points: 4,
        spec: {
          type: 'short_answer',
          expected_keywords: ['lookup'],
          reference_answer: 'Faster lookups.',
          rubric: null,
        },
      },
      'Faster lookups.',
    )
    expect(result.grader.method).toBe('keywords+heuristic')
    expect(result.reviewReasons.join(' ')).toContain('did not match')
    expect(JSON.stringify(result.feedback)).not.toContain('deserves')
  })
})
