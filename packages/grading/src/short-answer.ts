import { type GradingContext, weightsOf } from './context.ts'
import { checkInjection } from './injection.ts'
import { MalformedModelOutputError } from './llm/errors.ts'
import { generateStructured, noteFallback } from './llm/structured.ts'
import {
  SemanticGrade,
  SHORT_ANSWER_PROMPT_VERSION,
  shortAnswerPrompt,
} from './prompts/short-answer.ts'
import { matchKeywords } from './text/keywords.ts'
import { referenceSimilarity } from './text/similarity.ts'
import { clampScore, type Grade, type GradeQuestion } from './types.ts'

type ShortSpec = Extract<GradeQuestion['spec'], { type: 'short_answer' }>

/**
 * Keyword part (each expected keyword found counts) plus semantic part (the grading model with
 * the reference answer and rubric; without one, the documented reference-similarity heuristic),
 * weighted 50/50 unless configured otherwise.
 */
export async function gradeShortAnswer(
  ctx: GradingContext,
  question: GradeQuestion & { spec: ShortSpec },
  text: string,
): Promise<Grade> {
  const started = performance.now()
  const { spec, points } = question
  const w = weightsOf(ctx).shortAnswerKeywords
  const keywordMax = points * w
  const semanticMax = points - keywordMax
  const injection = checkInjection(text)
  // What graders read: the suspicious spans are gone, so they cannot earn anything.
  const gradedText = injection.sanitized
  const keywords = matchKeywords(gradedText, spec.expected_keywords)
  const reviewReasons = injection.reasons.map((r) => `suspected prompt injection: ${r}`)

  let semanticFraction = 0
  let semanticMethod: 'llm' | 'heuristic' | 'none' = 'none'
  let model: string | null = null
  let reasoning: string | null = null
  let strengths: string[] = []
  let improvements: string[] = []
  const empty = gradedText.trim().length === 0
  if (!empty && ctx.models.grading && !ctx.fallbackReason) {
    try {
      const { system, prompt } = shortAnswerPrompt({
        question: question.prompt,
        referenceAnswer: spec.reference_answer,
        rubric: spec.rubric,
        answer: gradedText,
      })
      const result = await generateStructured({
        model: ctx.models.grading,
        schema: SemanticGrade,
        schemaName: 'semantic_grade',
        system,
        prompt,
        options: ctx.call,
      })
      semanticFraction = result.output.score / 10
      semanticMethod = 'llm'
      model = result.model
      reasoning = result.output.reasoning
      strengths = result.output.strengths
      improvements = result.output.improvements
    } catch (err) {
      if (!(err instanceof MalformedModelOutputError)) throw err
      reviewReasons.push(`${err.message}; the local heuristic was used instead`)
    }
  }
  if (!empty && semanticMethod === 'none') {
    noteFallback(ctx.call)
    semanticFraction = referenceSimilarity(gradedText, spec.reference_answer)
    semanticMethod = 'heuristic'
    reasoning = 'Share of the reference answer’s key terms the answer covers (no model used).'
  }
  if (ctx.fallbackReason) reviewReasons.push(ctx.fallbackReason)

  const keywordScore = clampScore(keywords.fraction * keywordMax, keywordMax)
  const semanticScore = clampScore(semanticFraction * semanticMax, semanticMax)
  const score = clampScore(keywordScore + semanticScore, points)
  if (keywords.missing.length > 0 && improvements.length === 0)
    improvements = [`Not covered: ${keywords.missing.join(', ')}`]
  if (keywords.found.length > 0 && strengths.length === 0)
    strengths = [`Covers ${keywords.found.join(', ')}`]
  return {
    score,
    feedback: {
      total: score,
      max: points,
      keyword: {
        score: keywordScore,
        max: keywordMax,
        found: keywords.found,
        missing: keywords.missing,
        found_count: keywords.found.length,
        total: spec.expected_keywords.length,
      },
      semantic: { score: semanticScore, max: semanticMax, method: semanticMethod, reasoning },
      strengths,
      improvements,
      ...(injection.suspected ? { injection_suspected: injection.reasons } : {}),
    },
    grader: {
      method: `keywords+${semanticMethod}`,
      model,
      prompt_version: semanticMethod === 'llm' ? SHORT_ANSWER_PROMPT_VERSION : null,
      latency_ms: Math.round(performance.now() - started),
    },
    reviewReasons,
  }
}
