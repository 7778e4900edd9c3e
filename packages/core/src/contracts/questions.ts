import { z } from 'zod'
import {
  CODE_LANGUAGE_LABELS,
  CodeLanguage,
  type CodeSpec,
  codeSpecOf,
  FUNCTION_STYLE_LANGUAGES,
  fitsType,
  isStdioTest,
  OutputComparison,
  PerLanguageText,
  Signature,
  StdioTestCase,
  TestCase,
  TestStyle,
  TYPED_FUNCTION_LANGUAGES,
} from './code-questions.ts'
import { reservedNameIn } from './reserved-names.ts'

export const QuestionType = z.enum(['mcq', 'short_answer', 'code'])
export type QuestionType = z.infer<typeof QuestionType>
export const Difficulty = z.enum(['easy', 'medium', 'hard'])

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

// One identifier rule valid in JavaScript, TypeScript and Python, so a question can switch language.
const EntryPoint = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a function name (letters, digits, _)')

/** Source that really defines the entry point in the question's language (function style). */
function definitionPattern(language: CodeLanguage, name: string): RegExp {
  if (language === 'python') return new RegExp(`^\\s*(async\\s+)?def\\s+${name}\\s*\\(`, 'm')
  if (language === 'ruby') return new RegExp(`^\\s*def\\s+(self\\.)?${name}\\b`, 'm')
  if (language === 'php') return new RegExp(`\\bfunction\\s+${name}\\s*\\(`, 'i')
  if (language === 'java' || language === 'csharp')
    return new RegExp(`\\bstatic\\s[^;{}()]*\\b${name}\\s*\\(`)
  if (language === 'cpp') return new RegExp(`\\b${name}\\s*\\([^;{]*\\)\\s*(const\\s*)?\\{`)
  if (language === 'rust') return new RegExp(`\\bfn\\s+${name}\\b`)
  if (language === 'go') return new RegExp(`\\bfunc\\s+${name}\\s*\\(`)
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

const AnyTestCase = z.union([TestCase, StdioTestCase])

/** `language` (when given) is the first of `languages`: the default, and what a lone text is for. */
function orderedLanguages(q: {
  language?: CodeLanguage | undefined
  languages?: CodeLanguage[] | undefined
}) {
  if (!q.languages) return q.language ? [q.language] : []
  if (!q.language) return q.languages
  return [q.language, ...q.languages.filter((l) => l !== q.language)]
}
const TextOrPerLanguage = z.union([z.string().max(50_000), PerLanguageText])

/**
 * A code question. `language` (one) or `languages` (the candidate picks); `style` function (the
 * entry point called with JSON arguments) or stdio (a program reading stdin). Boilerplate and the
 * sample solution are one text (for the first language) or one per language. Parsed into the
 * stored shape, CodeSpec (codeSpecOf fills in each language's default boilerplate).
 */
export const CodeQuestionInput = z
  .object({
    type: z.literal('code'),
    ...questionBase,
    style: TestStyle.default('function'),
    language: CodeLanguage.optional(),
    languages: z.array(CodeLanguage).min(1).max(CodeLanguage.options.length).optional(),
    boilerplate: TextOrPerLanguage.default(''),
    entry_point: EntryPoint.nullish(),
    sample_test_cases: z.array(AnyTestCase).max(50).default([]),
    test_cases: z
      .array(AnyTestCase)
      .min(1, 'a code question needs at least one test case')
      .max(200),
    comparison: OutputComparison.default('trim'),
    sample_solution: TextOrPerLanguage.nullable().default(null),
    evaluation_criteria: z.string().trim().max(5000).nullable().default(null),
    signature: Signature.nullable().default(null),
  })
  .superRefine((q, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message })
    const languages = orderedLanguages(q)
    if (languages.length === 0) return issue(['languages'], 'choose at least one language')
    if (q.language && q.languages && !q.languages.includes(q.language))
      issue(['language'], 'must be one of `languages`')
    const first = languages[0] as CodeLanguage
    const texts = (field: 'boilerplate' | 'sample_solution') => {
      const value = q[field]
      if (value === null) return []
      if (typeof value === 'string') return value ? [[first, value] as const] : []
      const entries = Object.entries(value) as [CodeLanguage, string][]
      for (const [language] of entries)
        if (!languages.includes(language))
          issue(
            [field, language],
            `${CODE_LANGUAGE_LABELS[language]} is not one of the question's languages`,
          )
      return entries
    }
    const boilerplates = texts('boilerplate')
    const solutions = texts('sample_solution')
    const wrongShape = (style: 'function' | 'stdio') =>
      style === 'function'
        ? 'a function test is { input: [...arguments], expected }'
        : 'a stdio test is { stdin, expected_stdout }'
    for (const field of ['sample_test_cases', 'test_cases'] as const)
      q[field].forEach((test, i) => {
        if (isStdioTest(test) !== (q.style === 'stdio')) issue([field, i], wrongShape(q.style))
      })
    if (q.style === 'stdio') return
    languages.forEach((language, i) => {
      if (!FUNCTION_STYLE_LANGUAGES.includes(language))
        issue(
          ['languages', i],
          `${CODE_LANGUAGE_LABELS[language]} questions take stdin/stdout tests for now: set style "stdio"`,
        )
    })
    const entryPoint = q.entry_point
    if (!entryPoint) return issue(['entry_point'], 'a function-style question needs an entry point')
    const typed = languages.filter((l) => TYPED_FUNCTION_LANGUAGES.includes(l))
    const signature = q.signature
    if (typed.length > 0 && !signature)
      return issue(
        ['signature'],
        `${typed.map((l) => CODE_LANGUAGE_LABELS[l]).join(' and ')} need the entry point's signature: { params: [{ name, type }], returns: type }`,
      )
    // A signature is shown to candidates and writes their starter code: the tests must fit it,
    // whatever the languages.
    if (signature) {
      for (const field of ['sample_test_cases', 'test_cases'] as const)
        q[field].forEach((test, i) => {
          const arity = signature.params.length
          if (isStdioTest(test)) return
          if (test.input.length !== arity) {
            issue([field, i, 'input'], `takes ${arity} arguments, as the signature says`)
            return
          }
          test.input.forEach((value, j) => {
            const param = signature.params[j]
            if (param && !fitsType(value, param.type))
              issue([field, i, 'input', j], `is not a ${param.type} (${param.name})`)
          })
          if (!fitsType(test.expected, signature.returns))
            issue([field, i, 'expected'], `is not a ${signature.returns}, as the signature returns`)
        })
    }
    const reserved = (name: string, kind: 'function' | 'parameter') => {
      for (const language of languages) {
        const why = reservedNameIn(language, name, kind)
        if (why) return `"${name}" ${why}`
      }
      return null
    }
    const params = q.signature?.params ?? []
    params.forEach((param, i) => {
      const why = reserved(param.name, 'parameter')
      if (why) issue(['signature', 'params', i, 'name'], why)
      else if (params.findIndex((p) => p.name === param.name) !== i)
        issue(['signature', 'params', i, 'name'], `"${param.name}" is already a parameter`)
    })
    const entryPointReserved = reserved(entryPoint, 'function')
    if (entryPointReserved) return issue(['entry_point'], entryPointReserved)
    for (const [field, entries] of [
      ['boilerplate', boilerplates],
      ['sample_solution', solutions],
    ] as const)
      for (const [language, text] of entries)
        if (
          FUNCTION_STYLE_LANGUAGES.includes(language) &&
          !definitionPattern(language, entryPoint).test(text)
        )
          issue(
            typeof q[field] === 'string' ? [field] : [field, language],
            `must define the entry point "${entryPoint}"`,
          )
  })
  .transform(({ language, languages, ...q }) => ({
    ...q,
    ...codeSpecOf({
      ...q,
      languages: orderedLanguages({ language, languages }),
      entry_point: q.entry_point ?? null,
    }),
  }))

export const QuestionInput = z.discriminatedUnion('type', [
  McqQuestionInput,
  ShortAnswerQuestionInput,
  CodeQuestionInput,
])
/** A question once parsed: defaults filled, a code question in its stored shape (CodeSpec). */
export type QuestionInput = z.output<typeof QuestionInput>
/** A question as clients send it (defaults and shorthands allowed). */
export type QuestionInputData = z.input<typeof QuestionInput>

/** The type-specific part of a question, stored as one jsonb `spec` beside the common columns. */
export type QuestionSpec =
  | Pick<z.infer<typeof McqQuestionInput>, 'type' | 'options' | 'correct_option_ids'>
  | Pick<
      z.infer<typeof ShortAnswerQuestionInput>,
      'type' | 'expected_keywords' | 'reference_answer' | 'rubric'
    >
  | CodeSpec

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
