export { gradeCode } from './code/grade-code.ts'
export { FLOAT_TOLERANCE, type TestVerdict, valuesEqual, verdictOf } from './code/judge.ts'
export {
  type CodeToRun,
  runCodeJob,
  runTestCases,
  type TestCaseResult,
  type TestsRun,
} from './code/run-tests.ts'
export { DEFAULT_WEIGHTS, type GradingContext, type GradingWeights } from './context.ts'
export { gradeAnswer } from './grade-answer.ts'
export { checkInjection } from './injection.ts'
export { MalformedModelOutputError, ModelUnavailableError } from './llm/errors.ts'
export {
  createModels,
  DEFAULT_MODELS,
  type ModelConfig,
  type Models,
  modelName,
  NO_MODELS,
} from './llm/models.ts'
export type { ModelCallOptions, ModelCallOutcome } from './llm/structured.ts'
export { gradeMcq } from './mcq.ts'
export { CODE_REVIEW_PROMPT_VERSION } from './prompts/code-review.ts'
export { SHORT_ANSWER_PROMPT_VERSION } from './prompts/short-answer.ts'
export { Recommendation, SUMMARY_PROMPT_VERSION } from './prompts/summary.ts'
export * from './sandbox/index.ts'
export { gradeShortAnswer } from './short-answer.ts'
export { digestAnswer, type GradedAnswerRow } from './summary/digest.ts'
export { clampRecommendation, recommendationFor } from './summary/recommend.ts'
export { type SessionSummary, summarizeSession, totalsOf } from './summary/summarize.ts'
export { matchKeywords } from './text/keywords.ts'
export { referenceSimilarity } from './text/similarity.ts'
export { clampScore, type Grade, type GradeQuestion, type GraderInfo } from './types.ts'
