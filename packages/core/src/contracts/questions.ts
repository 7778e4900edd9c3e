import { z } from 'zod'
import { JsonValue } from './json.ts'

export const QuestionType = z.enum(['mcq', 'short_answer', 'code'])
export type QuestionType = z.infer<typeof QuestionType>
export const Difficulty = z.enum(['easy', 'medium', 'hard'])
export const CodeLanguage = z.enum(['javascript', 'typescript', 'python'])
export type CodeLanguage = z.infer<typeof CodeLanguage>

const questionBase = {
  prompt: z.string().trim().min(1).max(20_000),
  points: z.number().int().min(1).max(1000),
  time_limit_seconds: z.number().int().min(5).max(86_400).nullable().default(null),
  section: z.string().trim().min(1).max(100).nullable().default(null),
  difficulty: Difficulty.nullable().default(null),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
}

export const McqOption = z.object({
  id: z.string().trim().min(1).max(50),
  text: z.string().trim().min(1).max(2000),
})

export const TestCase = z.object({
  input: z.array(JsonValue).max(20).meta({ description: "The entry point's arguments, in order" }),
  expected: JsonValue,
})
export type TestCase = z.infer<typeof TestCase>

// One identifier rule valid in JavaScript, TypeScript and Python, so a question can switch language.
const EntryPoint = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a function name (letters, digits, _)')

const RESERVED_WORDS = new Set(
  (
    'and as assert async await break case catch class const continue debugger def default del delete do elif ' +
    'else enum except export extends false finally for from function global if import in instanceof interface ' +
    'is lambda let new none nonlocal not null or pass raise return static super switch this throw true try type ' +
    'typeof var void while with yield False None True'
  ).split(' '),
)

/** Source that really defines the entry point in the question's language. */
function definitionPattern(language: CodeLanguage, name: string): RegExp {
  if (language === 'python') return new RegExp(`^\\s*(async\\s+)?def\\s+${name}\\s*\\(`, 'm')
  return new RegExp(
    `\\b(function\\s*\\*?\\s*${name}\\s*[(<]|(const|let|var)\\s+${name}\\s*(:[^=]+)?=)`,
  )
}

export const McqQuestionInput = z
  .object({
    type: z.literal('mcq'),
    ...questionBase,
    options: z.array(McqOption).min(2).max(20),
    correct_option_ids: z.array(z.string().trim()).min(1).max(20),
  })
  .superRefine((q, ctx) => {
    const ids = q.options.map((o) => o.id)
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['options', i, 'id'],
          message: `duplicate option id "${id}"`,
        })
    })
    q.correct_option_ids.forEach((id, i) => {
      if (!ids.includes(id))
        ctx.addIssue({
          code: 'custom',
          path: ['correct_option_ids', i],
          message: `"${id}" is not an option id`,
        })
      else if (q.correct_option_ids.indexOf(id) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['correct_option_ids', i],
          message: `"${id}" is listed twice`,
        })
    })
  })

export const ShortAnswerQuestionInput = z.object({
  type: z.literal('short_answer'),
  ...questionBase,
  expected_keywords: z.array(z.string().trim().min(1).max(100)).min(1).max(50),
  reference_answer: z.string().trim().min(1).max(20_000),
  rubric: z.string().trim().max(20_000).nullable().default(null),
})

export const CodeQuestionInput = z
  .object({
    type: z.literal('code'),
    ...questionBase,
    language: CodeLanguage,
    boilerplate: z.string().max(50_000),
    entry_point: EntryPoint,
    sample_test_cases: z.array(TestCase).max(50).default([]),
    test_cases: z.array(TestCase).min(1, 'a code question needs at least one test case').max(200),
    sample_solution: z.string().max(50_000).nullable().default(null),
    evaluation_criteria: z.string().trim().max(5000).nullable().default(null),
  })
  .superRefine((q, ctx) => {
    if (RESERVED_WORDS.has(q.entry_point)) {
      ctx.addIssue({
        code: 'custom',
        path: ['entry_point'],
        message: `"${q.entry_point}" is a reserved word`,
      })
      return
    }
    const defines = definitionPattern(q.language, q.entry_point)
    if (!defines.test(q.boilerplate))
      ctx.addIssue({
        code: 'custom',
        path: ['boilerplate'],
        message: `must define the entry point "${q.entry_point}"`,
      })
    if (q.sample_solution !== null && !defines.test(q.sample_solution))
      ctx.addIssue({
        code: 'custom',
        path: ['sample_solution'],
        message: `must define the entry point "${q.entry_point}"`,
      })
  })

export const QuestionInput = z.discriminatedUnion('type', [
  McqQuestionInput,
  ShortAnswerQuestionInput,
  CodeQuestionInput,
])
export type QuestionInput = z.infer<typeof QuestionInput>

/** The type-specific part of a question, stored as one jsonb `spec` beside the common columns. */
export type QuestionSpec =
  | Pick<z.infer<typeof McqQuestionInput>, 'type' | 'options' | 'correct_option_ids'>
  | Pick<
      z.infer<typeof ShortAnswerQuestionInput>,
      'type' | 'expected_keywords' | 'reference_answer' | 'rubric'
    >
  | Pick<
      z.infer<typeof CodeQuestionInput>,
      | 'type'
      | 'language'
      | 'boilerplate'
      | 'entry_point'
      | 'sample_test_cases'
      | 'test_cases'
      | 'sample_solution'
      | 'evaluation_criteria'
    >

/** Splits a flat question into its common fields and its type-specific spec. */
export function splitQuestion(q: QuestionInput) {
  const { prompt, points, time_limit_seconds, section, difficulty, tags, ...spec } = q
  return {
    common: { prompt, points, time_limit_seconds, section, difficulty, tags },
    spec: spec as QuestionSpec,
  }
}

/** What recruiters read: the flat question with its id and position. */
export const QuestionView = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    type: QuestionType,
    prompt: z.string(),
    points: z.number(),
    time_limit_seconds: z.number().nullable(),
    section: z.string().nullable(),
    difficulty: Difficulty.nullable(),
    tags: z.array(z.string()),
  })
  .catchall(z.unknown())
export type QuestionView = z.infer<typeof QuestionView>
