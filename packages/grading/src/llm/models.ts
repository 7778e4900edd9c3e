import { createOpenAI } from '@ai-sdk/openai'
import type { LanguageModel } from 'ai'

export interface ModelConfig {
  /** No key: no models; every grader uses its documented local fallback, labelled as such. */
  apiKey?: string | undefined
  /** Any OpenAI-compatible server (Azure, vLLM, Ollama, ...); the OpenAI API when unset. */
  baseURL?: string | undefined
  gradingModel: string
  codeReviewModel: string
  summaryModel: string
}

export interface Models {
  /** Short answers' semantic part. */
  grading: LanguageModel | null
  /** The code review beside the tests. */
  codeReview: LanguageModel | null
  /** The session summary and recommendation. */
  summary: LanguageModel | null
}

export const NO_MODELS: Models = { grading: null, codeReview: null, summary: null }

export const DEFAULT_MODELS = {
  gradingModel: 'gpt-4.1-mini',
  codeReviewModel: 'gpt-4.1',
  summaryModel: 'gpt-4.1-mini',
} as const

/** The one place models are built. Chat Completions is what OpenAI-compatible servers share. */
export function createModels(config: ModelConfig): Models {
  if (!config.apiKey) return NO_MODELS
  const provider = createOpenAI({
    apiKey: config.apiKey,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
  })
  return {
    grading: provider.chat(config.gradingModel),
    codeReview: provider.chat(config.codeReviewModel),
    summary: provider.chat(config.summaryModel),
  }
}

export function modelName(model: LanguageModel): string {
  return typeof model === 'string' ? model : `${model.provider}:${model.modelId}`
}
