import {
  type AnyTestCase,
  type AssessmentCreateInput,
  type CodeLanguage,
  CodeLanguage as CodeLanguages,
  codeSpecOf,
  defaultBoilerplate,
  type OutputComparison,
  type PerLanguageText,
  type QuestionInputData,
  type QuestionType,
  type QuestionView,
  Signature,
  type TestStyle,
  TYPED_FUNCTION_LANGUAGES,
} from '@assess/core'
import type { AssessmentDetail } from '../api.ts'

/**
 * The editor's form state: every input as the text the recruiter typed, so a half-typed number
 * or JSON never gets lost. `toPayload` turns it into the API's body (or field errors).
 */
export interface OptionDraft {
  key: string
  /** The option's stable id (kept from the stored question; new ones get the next free letter). */
  id: string
  text: string
  correct: boolean
}

export type Difficulty = '' | 'easy' | 'medium' | 'hard'

export interface QuestionDraft {
  key: string
  type: QuestionType
  prompt: string
  points: string
  time_limit_seconds: string
  section: string
  difficulty: Difficulty
  tags: string
  // Multiple choice
  options: OptionDraft[]
  // Short answer
  expected_keywords: string
  reference_answer: string
  rubric: string
  // Code
  style: TestStyle
  /** In the order chosen; the first is the candidate's default. */
  languages: CodeLanguage[]
  entry_point: string
  /** Function style in a typed language: the signature as JSON text. */
  signature: string
  comparison: OutputComparison
  /** Starter code per language (a chosen language without one starts from the default). */
  boilerplates: PerLanguageText
  sample_tests: string
  hidden_tests: string
  sample_solutions: PerLanguageText
  evaluation_criteria: string
}

export interface AssessmentDraft {
  title: string
  description: string
  duration_minutes: string
  navigation: 'sequential' | 'free'
  max_attempts: string
  grace_seconds: string
  heartbeat_timeout_seconds: string
  show_results_to_candidate: boolean
  questions: QuestionDraft[]
}

/** Field errors keyed like the API's `details.fields`: `questions.1.options.0.text`. */
export type FieldErrorMap = Record<string, string[]>

let seq = 0
export const newKey = () => `k${++seq}`

export { defaultBoilerplate }

/** The signature typed so far, when it is a whole valid one (else the defaults go without). */
export function signatureOf(text: string): Signature | null {
  try {
    const parsed = Signature.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** A language's default starter code for the question as it stands. */
export const defaultStarter = (
  q: Pick<QuestionDraft, 'style' | 'entry_point' | 'signature'>,
  language: CodeLanguage,
) => defaultBoilerplate(language, q.style, q.entry_point, signatureOf(q.signature))

/**
 * Starter code that is still the untouched default of the old style, entry point and signature
 * follows a change of any of them; code the recruiter wrote is kept.
 */
export function restyledBoilerplates(
  q: Pick<QuestionDraft, 'languages' | 'style' | 'entry_point' | 'signature' | 'boilerplates'>,
  next: Partial<Pick<QuestionDraft, 'style' | 'entry_point' | 'signature'>>,
): PerLanguageText {
  const after = { ...q, ...next }
  const boilerplates: PerLanguageText = { ...q.boilerplates }
  for (const language of q.languages) {
    const current = boilerplates[language]
    if (current === undefined || current === defaultStarter(q, language))
      boilerplates[language] = defaultStarter(after, language)
  }
  return boilerplates
}

/** The first unused letter (a, b, c…), else o1, o2… */
export function nextOptionId(options: readonly { id: string }[]): string {
  const used = new Set(options.map((o) => o.id))
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') if (!used.has(letter)) return letter
  for (let n = 1; ; n++) if (!used.has(`o${n}`)) return `o${n}`
}

export function newOption(options: readonly OptionDraft[]): OptionDraft {
  return { key: newKey(), id: nextOptionId(options), text: '', correct: false }
}

export function newQuestion(type: QuestionType): QuestionDraft {
  const options: OptionDraft[] = []
  options.push(newOption(options))
  options.push(newOption(options))
  return {
    key: newKey(),
    type,
    prompt: '',
    points: type === 'code' ? '5' : type === 'short_answer' ? '3' : '1',
    time_limit_seconds: '',
    section: '',
    difficulty: '',
    tags: '',
    options,
    expected_keywords: '',
    reference_answer: '',
    rubric: '',
    style: 'function',
    languages: ['javascript'],
    entry_point: 'solve',
    signature: '',
    comparison: 'trim',
    boilerplates: { javascript: defaultBoilerplate('javascript', 'function', 'solve') },
    sample_tests: '',
    hidden_tests: '',
    sample_solutions: {},
    evaluation_criteria: '',
  }
}

export function emptyAssessment(): AssessmentDraft {
  return {
    title: '',
    description: '',
    duration_minutes: '',
    navigation: 'sequential',
    max_attempts: '1',
    grace_seconds: '2',
    heartbeat_timeout_seconds: '300',
    show_results_to_candidate: false,
    questions: [],
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : '')
const strings = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
const numText = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))

/** Test cases as JSON, one case a line: readable, and still one JSON array. */
export function formatTests(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return ''
  return `[\n${value.map((t) => `  ${JSON.stringify(t)}`).join(',\n')}\n]`
}

const isLanguage = (v: unknown): v is CodeLanguage => CodeLanguages.safeParse(v).success

export function questionFromView(q: QuestionView): QuestionDraft {
  const base = newQuestion(q.type)
  const correct = new Set(strings(q.correct_option_ids))
  const options = Array.isArray(q.options)
    ? q.options.map((o: unknown) => {
        const opt = (o ?? {}) as { id?: unknown; text?: unknown }
        return {
          key: newKey(),
          id: str(opt.id),
          text: str(opt.text),
          correct: correct.has(str(opt.id)),
        }
      })
    : base.options
  return {
    ...base,
    prompt: q.prompt,
    points: String(q.points),
    time_limit_seconds: numText(q.time_limit_seconds),
    section: q.section ?? '',
    difficulty: q.difficulty ?? '',
    tags: q.tags.join(', '),
    options,
    expected_keywords: strings(q.expected_keywords).join(', '),
    reference_answer: str(q.reference_answer),
    rubric: str(q.rubric),
    ...codeFieldsFromView(q),
    sample_tests: formatTests(q.sample_test_cases),
    hidden_tests: formatTests(q.test_cases),
    evaluation_criteria: str(q.evaluation_criteria),
  }
}

/** A stored code question (of any age: codeSpecOf reads the older shapes) as form fields. */
function codeFieldsFromView(q: QuestionView) {
  if (q.type !== 'code') {
    const base = newQuestion('code')
    return {
      style: base.style,
      languages: base.languages,
      entry_point: base.entry_point,
      signature: base.signature,
      comparison: base.comparison,
      boilerplates: base.boilerplates,
      sample_solutions: base.sample_solutions,
    }
  }
  const stored = q as Parameters<typeof codeSpecOf>[0]
  const spec = codeSpecOf({
    ...stored,
    languages: (Array.isArray(q.languages) ? q.languages : [q.language]).filter(isLanguage),
    language: isLanguage(q.language) ? q.language : undefined,
  })
  return {
    style: spec.style,
    languages: spec.languages,
    entry_point: spec.entry_point ?? '',
    signature: spec.signature ? JSON.stringify(spec.signature) : '',
    comparison: spec.comparison,
    boilerplates: spec.boilerplate,
    sample_solutions: spec.sample_solution ?? {},
  }
}

export function assessmentFromView(a: AssessmentDetail): AssessmentDraft {
  return {
    title: a.title,
    description: a.description,
    duration_minutes: numText(a.duration_minutes),
    navigation: a.navigation,
    max_attempts: String(a.max_attempts),
    grace_seconds: String(a.grace_seconds),
    heartbeat_timeout_seconds: String(a.heartbeat_timeout_seconds),
    show_results_to_candidate: a.show_results_to_candidate,
    questions: [...a.questions].sort((x, y) => x.position - y.position).map(questionFromView),
  }
}

/** The questions of a stored assessment as API input (to duplicate it as a new draft). */
export function questionInputsFromView(a: AssessmentDetail): QuestionInputData[] | FieldErrorMap {
  const draft = assessmentFromView(a)
  const built = toPayload(draft)
  return 'errors' in built ? built.errors : built.body.questions
}

export type Payload = Omit<Required<AssessmentCreateInput>, 'questions'> & {
  questions: QuestionInputData[]
}

class Collector {
  readonly errors: FieldErrorMap = {}
  add(path: string, message: string) {
    const list = this.errors[path] ?? []
    list.push(message)
    this.errors[path] = list
  }
  get ok() {
    return Object.keys(this.errors).length === 0
  }
}

/** A whole number from a text field; empty is null when optional. */
function intField(
  c: Collector,
  path: string,
  text: string,
  optional: boolean,
): number | null | undefined {
  const t = text.trim()
  if (t === '') {
    if (optional) return null
    c.add(path, 'Required: enter a whole number.')
    return undefined
  }
  if (!/^-?\d+$/.test(t)) {
    c.add(path, 'Enter a whole number.')
    return undefined
  }
  return Number(t)
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

const orNull = (text: string) => (text.trim() === '' ? null : text)

/** Parses a tests textarea: `[{"input":[...],"expected":...}]`, empty meaning none. */
/** Optional JSON text: null when empty, a field error when it is not JSON (the API checks the rest). */
function jsonField(c: Collector, path: string, text: string): Signature | null {
  if (text.trim() === '') return null
  try {
    return JSON.parse(text) as Signature
  } catch (err) {
    c.add(path, `Not valid JSON: ${err instanceof Error ? err.message : String(err)}.`)
    return null
  }
}

export function parseTests(
  c: Collector,
  path: string,
  text: string,
  style: TestStyle,
): AnyTestCase[] {
  if (text.trim() === '') return []
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    c.add(path, `Not valid JSON: ${err instanceof Error ? err.message : String(err)}.`)
    return []
  }
  const shape =
    style === 'stdio'
      ? '{"stdin": "text", "expected_stdout": "text"}'
      : '{"input": [arguments…], "expected": value}'
  if (!Array.isArray(value)) {
    c.add(path, `Must be a JSON array: [${shape}].`)
    return []
  }
  value.forEach((t: unknown, i) => {
    const item = t as Record<string, unknown> | null
    if (typeof t !== 'object' || t === null || Array.isArray(t))
      c.add(path, `Test ${i + 1}: must be an object ${shape}.`)
    else if (style === 'stdio') {
      if (typeof item?.stdin !== 'string') c.add(path, `Test ${i + 1}: "stdin" must be text.`)
      else if (typeof item?.expected_stdout !== 'string')
        c.add(path, `Test ${i + 1}: "expected_stdout" must be text.`)
    } else if (!Array.isArray(item?.input))
      c.add(path, `Test ${i + 1}: "input" must be an array (the arguments, in order).`)
    else if (!('expected' in t)) c.add(path, `Test ${i + 1}: "expected" is missing.`)
  })
  return value as AnyTestCase[]
}

function questionPayload(c: Collector, q: QuestionDraft, i: number): QuestionInputData {
  const p = `questions.${i}`
  const common = {
    prompt: q.prompt,
    points: intField(c, `${p}.points`, q.points, false) ?? 0,
    time_limit_seconds: intField(c, `${p}.time_limit_seconds`, q.time_limit_seconds, true) ?? null,
    section: q.section.trim() === '' ? null : q.section.trim(),
    difficulty: q.difficulty === '' ? null : q.difficulty,
    tags: list(q.tags),
  }
  switch (q.type) {
    case 'mcq':
      return {
        type: 'mcq',
        ...common,
        options: q.options.map((o) => ({ id: o.id, text: o.text })),
        correct_option_ids: q.options.filter((o) => o.correct).map((o) => o.id),
      }
    case 'short_answer':
      return {
        type: 'short_answer',
        ...common,
        expected_keywords: list(q.expected_keywords),
        reference_answer: q.reference_answer,
        rubric: orNull(q.rubric),
      }
    case 'code': {
      const chosen = (texts: PerLanguageText) => {
        const kept: PerLanguageText = {}
        for (const language of q.languages) {
          const text = texts[language]
          if (text?.trim()) kept[language] = text
        }
        return kept
      }
      const solutions = chosen(q.sample_solutions)
      return {
        type: 'code',
        ...common,
        style: q.style,
        languages: q.languages,
        entry_point: q.style === 'function' ? q.entry_point.trim() : null,
        // Only where the field shows: a function-style question in a typed language.
        signature:
          q.style === 'function' && q.languages.some((l) => TYPED_FUNCTION_LANGUAGES.includes(l))
            ? jsonField(c, `${p}.signature`, q.signature)
            : null,
        comparison: q.comparison,
        boilerplate: chosen(q.boilerplates),
        sample_test_cases: parseTests(c, `${p}.sample_test_cases`, q.sample_tests, q.style),
        test_cases: parseTests(c, `${p}.test_cases`, q.hidden_tests, q.style),
        sample_solution: Object.keys(solutions).length > 0 ? solutions : null,
        evaluation_criteria: orNull(q.evaluation_criteria),
      }
    }
  }
}

/** The API body, or the fields the browser can already tell are wrong (numbers, JSON). */
export function toPayload(d: AssessmentDraft): { body: Payload } | { errors: FieldErrorMap } {
  const c = new Collector()
  const body: Payload = {
    title: d.title,
    description: d.description,
    duration_minutes: intField(c, 'duration_minutes', d.duration_minutes, true) ?? null,
    navigation: d.navigation,
    max_attempts: intField(c, 'max_attempts', d.max_attempts, false) ?? 1,
    grace_seconds: intField(c, 'grace_seconds', d.grace_seconds, false) ?? 2,
    heartbeat_timeout_seconds:
      intField(c, 'heartbeat_timeout_seconds', d.heartbeat_timeout_seconds, false) ?? 300,
    show_results_to_candidate: d.show_results_to_candidate,
    questions: d.questions.map((q, i) => questionPayload(c, q, i)),
  }
  if (!c.ok) return { errors: c.errors }
  return { body }
}

/** The errors at `path` and below; deeper ones say where ("Test 2 › input: …"). */
export function errorsAt(errors: FieldErrorMap, ...paths: string[]): string[] {
  const out: string[] = []
  for (const [key, messages] of Object.entries(errors))
    for (const path of paths) {
      if (key === path) out.push(...messages.map((m) => friendly(m, key)))
      else if (key.startsWith(`${path}.`)) {
        const where = describeSegments(key.slice(path.length + 1).split('.'), path)
        out.push(...messages.map((m) => `${where}: ${friendly(m, key)}`))
      }
    }
  return out
}

const FIELD_LABELS: Record<string, string> = {
  _: 'Assessment',
  title: 'Title',
  description: 'Description',
  duration_minutes: 'Duration (minutes)',
  navigation: 'Navigation',
  max_attempts: 'Max attempts',
  grace_seconds: 'Grace period (seconds)',
  heartbeat_timeout_seconds: 'Heartbeat timeout (seconds)',
  show_results_to_candidate: 'Show results to the candidate',
  questions: 'Questions',
  type: 'Question type',
  prompt: 'Prompt',
  points: 'Points',
  time_limit_seconds: 'Time limit (seconds)',
  section: 'Section',
  difficulty: 'Difficulty',
  tags: 'Tags',
  options: 'Options',
  correct_option_ids: 'Correct options',
  id: 'id',
  text: 'text',
  expected_keywords: 'Expected keywords',
  reference_answer: 'Reference answer',
  rubric: 'Rubric',
  language: 'Language',
  entry_point: 'Entry point',
  boilerplate: 'Boilerplate',
  sample_test_cases: 'Sample tests (JSON)',
  test_cases: 'Hidden tests (JSON)',
  sample_solution: 'Sample solution',
  evaluation_criteria: 'Evaluation criteria',
  input: 'input',
  expected: 'expected',
}

const ITEM_NAMES: Record<string, string> = {
  questions: 'Question',
  options: 'Option',
  correct_option_ids: 'Correct option',
  test_cases: 'Hidden test',
  sample_test_cases: 'Sample test',
  tags: 'Tag',
  expected_keywords: 'Keyword',
}

function describeSegments(segments: string[], parent?: string): string {
  const words: string[] = []
  let previous = parent?.split('.').pop()
  for (const seg of segments) {
    if (/^\d+$/.test(seg)) {
      const item = previous ? ITEM_NAMES[previous] : undefined
      const n = Number(seg) + 1
      if (item && words.length && words.at(-1) === FIELD_LABELS[previous ?? ''])
        words[words.length - 1] = `${item} ${n}`
      else words.push(item ? `${item} ${n}` : `#${n}`)
    } else words.push(FIELD_LABELS[seg] ?? seg)
    previous = seg
  }
  return words.join(' › ')
}

/** "questions.1.options.0.text" → "Question 2 › Option 1 › text". */
export function describePath(path: string): string {
  return describeSegments(path.split('.'))
}

/** zod's wording, a little friendlier where it is common. */
export function friendly(message: string, path = ''): string {
  if (/expected string to have >=1 characters?/.test(message)) return 'Required.'
  if (/expected (number|string|array), received (null|undefined)/.test(message)) return 'Required.'
  const tooFew = /expected array to have >=(\d+) items?/.exec(message)
  if (tooFew) {
    if (path.endsWith('correct_option_ids')) return 'Tick at least one correct option.'
    if (path.endsWith('.options')) return `Add at least ${tooFew[1]} options.`
    if (path.endsWith('expected_keywords')) return 'Add at least one keyword.'
    return `Add at least ${tooFew[1]}.`
  }
  return message
}
