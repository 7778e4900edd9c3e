/**
 * A local OpenAI-compatible server for tests of the real `@ai-sdk/openai` provider. Each request
 * to /v1/chat/completions takes the next scripted step (the last one repeats): a JSON object to
 * return as the model's content, raw text (malformed output), an HTTP error status, or a delay.
 */
export type StubStep =
  | { json: unknown; delayMs?: number }
  | { text: string; delayMs?: number }
  | { status: number; delayMs?: number }
  | ((body: ChatRequest) => StubStep)

export interface ChatRequest {
  model: string
  temperature?: number
  messages: { role: string; content: string }[]
  response_format?: unknown
}

export function startOpenAIStub(initial: StubStep[] = []) {
  let steps = initial
  let served = 0
  const requests: ChatRequest[] = []
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const url = new URL(req.url)
      if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions')
        return Response.json({ error: { message: 'not found' } }, { status: 404 })
      const body = (await req.json()) as ChatRequest
      requests.push(body)
      const next = steps[Math.min(served++, steps.length - 1)] ?? { status: 500 }
      const step = typeof next === 'function' ? next(body) : next
      if (typeof step === 'function') throw new Error('a scripted step returned a function')
      if ('delayMs' in step && step.delayMs) await Bun.sleep(step.delayMs)
      if ('status' in step)
        return Response.json(
          { error: { message: `stub error ${step.status}`, type: 'server_error' } },
          { status: step.status },
        )
      const content = 'json' in step ? JSON.stringify(step.json) : step.text
      return Response.json({
        id: `chatcmpl-${served}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      })
    },
  })
  return {
    baseURL: `http://127.0.0.1:${server.port}/v1`,
    requests,
    script(next: StubStep[]) {
      steps = next
      served = 0
      requests.length = 0
    },
    stop: () => server.stop(true),
  }
}
