import { MockLanguageModelV4 } from 'ai/test'

type Reply = unknown | ((prompt: string) => unknown)

/**
 * An `ai/test` mock model answering each call with the next reply (the last one repeats): an
 * object is sent as JSON text, a string as it is (to play malformed output). It records prompts.
 */
export function mockModel(replies: Reply[], modelId = 'mock-grader') {
  const prompts: string[] = []
  let call = 0
  const model = new MockLanguageModelV4({
    provider: 'mock',
    modelId,
    doGenerate: async (options) => {
      const prompt = JSON.stringify(options.prompt)
      prompts.push(prompt)
      const reply = replies[Math.min(call++, replies.length - 1)]
      // A function may answer with a promise: the call is held until it settles.
      const value =
        typeof reply === 'function' ? await (reply as (p: string) => unknown)(prompt) : reply
      return {
        content: [
          { type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) },
        ],
        finishReason: { unified: 'stop', raw: undefined },
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 10, text: 10, reasoning: undefined },
        },
        warnings: [],
      }
    },
  })
  return { model, prompts, calls: () => call }
}
