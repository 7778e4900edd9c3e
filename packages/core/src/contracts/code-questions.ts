import { z } from 'zod'
import { JsonValue } from './json.ts'

/** The languages a code question may allow; the worker tells which it can run (GET /api/languages). */
export const CodeLanguage = z.enum([
  'javascript',
  'typescript',
  'python',
  'java',
  'cpp',
  'c',
  'csharp',
  'go',
  'rust',
  'ruby',
  'php',
])
export type CodeLanguage = z.infer<typeof CodeLanguage>

export const CODE_LANGUAGE_LABELS: Record<CodeLanguage, string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  python: 'Python',
  java: 'Java',
  cpp: 'C++',
  c: 'C',
  csharp: 'C#',
  go: 'Go',
  rust: 'Rust',
  ruby: 'Ruby',
  php: 'PHP',
}

/**
 * function: the entry point is called with each test's JSON arguments and its result compared
 * with `expected`. stdio: the program reads the test's stdin and its stdout is compared with
 * `expected_stdout`.
 */
export const TestStyle = z.enum(['function', 'stdio'])
export type TestStyle = z.infer<typeof TestStyle>

/**
 * Typed languages whose function-style tests run through a driver generated from the
 * question's `signature`. C takes stdio questions only.
 */
export const TYPED_FUNCTION_LANGUAGES: readonly CodeLanguage[] = [
  'java',
  'csharp',
  'cpp',
  'go',
  'rust',
]

export const FUNCTION_STYLE_LANGUAGES: readonly CodeLanguage[] = [
  'javascript',
  'typescript',
  'python',
  'ruby',
  'php',
  ...TYPED_FUNCTION_LANGUAGES,
]

/** A signature type: a scalar, or an array (or array of arrays) of one. */
const SIGNATURE_TYPE = /^(int|long|double|bool|string)(\[\]){0,2}$/
export const SignatureType = z
  .string()
  .regex(SIGNATURE_TYPE, 'a type: int, long, double, bool, string, or T[] or T[][] of those')

/** The entry point's typed parameters and result, for the typed languages' drivers. */
export const Signature = z.object({
  params: z
    .array(
      z.object({
        name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a parameter name'),
        type: SignatureType,
      }),
    )
    .max(10),
  returns: SignatureType,
})
export type Signature = z.infer<typeof Signature>

const INT32 = 2 ** 31

/** Whether a JSON value fits a signature type (long: integers JSON carries exactly). */
export function fitsType(value: unknown, type: string): boolean {
  if (type.endsWith('[]'))
    return Array.isArray(value) && value.every((item) => fitsType(item, type.slice(0, -2)))
  switch (type) {
    case 'int':
      return Number.isInteger(value) && (value as number) >= -INT32 && (value as number) < INT32
    case 'long':
      return Number.isSafeInteger(value)
    case 'double':
      return typeof value === 'number' && Number.isFinite(value)
    case 'bool':
      return typeof value === 'boolean'
    case 'string':
      return typeof value === 'string'
    default:
      return false
  }
}

const JAVA_TYPES: Record<string, string> = {
  int: 'int',
  long: 'long',
  double: 'double',
  bool: 'boolean',
  string: 'String',
}
const GO_TYPES: Record<string, string> = {
  int: 'int',
  long: 'int64',
  double: 'float64',
  bool: 'bool',
  string: 'string',
}
const CSHARP_TYPES: Record<string, string> = {
  int: 'int',
  long: 'long',
  double: 'double',
  bool: 'bool',
  string: 'string',
}
const CPP_TYPES: Record<string, string> = {
  int: 'int',
  long: 'long long',
  double: 'double',
  bool: 'bool',
  string: 'string',
}
const RUST_TYPES: Record<string, string> = {
  int: 'i32',
  long: 'i64',
  double: 'f64',
  bool: 'bool',
  string: 'String',
}

/** A signature type in a typed language's own words (`int[][]` → `[][]int` in Go). */
export function typeIn(language: CodeLanguage, type: string): string {
  const base = type.replace(/(\[\])+$/, '')
  const dims = (type.length - base.length) / 2
  const wrap = (inner: string, open: string, close: string) =>
    Array.from({ length: dims }).reduce<string>((t) => `${open}${t}${close}`, inner)
  if (language === 'go') return `${'[]'.repeat(dims)}${GO_TYPES[base] ?? base}`
  if (language === 'cpp') return wrap(CPP_TYPES[base] ?? base, 'vector<', '>')
  if (language === 'rust') return wrap(RUST_TYPES[base] ?? base, 'Vec<', '>')
  if (language === 'csharp') return `${CSHARP_TYPES[base] ?? base}${'[]'.repeat(dims)}`
  return `${JAVA_TYPES[base] ?? base}${'[]'.repeat(dims)}`
}

/** trim (default): line endings, trailing spaces and final newlines ignored; tokens: words, numbers with a tolerance. */
export const OutputComparison = z.enum(['trim', 'exact', 'tokens'])
export type OutputComparison = z.infer<typeof OutputComparison>

/** A test's share of the tests' score relative to the others' (1 when absent). */
const TestWeight = z
  .number()
  .positive()
  .max(100)
  .optional()
  .meta({ description: "The test's weight: the score is the weighted share of tests passed" })

export const TestCase = z.object({
  input: z.array(JsonValue).max(20).meta({ description: "The entry point's arguments, in order" }),
  expected: JsonValue,
  weight: TestWeight,
})
export type TestCase = z.infer<typeof TestCase>

export const StdioTestCase = z.object({
  stdin: z.string().max(100_000).meta({ description: "The program's standard input" }),
  expected_stdout: z.string().max(100_000),
  weight: TestWeight,
})
export type StdioTestCase = z.infer<typeof StdioTestCase>

export type AnyTestCase = TestCase | StdioTestCase
export const weightOf = (test: AnyTestCase) => test.weight ?? 1
export const isStdioTest = (test: AnyTestCase): test is StdioTestCase => 'stdin' in test

/** Text per language (boilerplate, sample solutions). */
export const PerLanguageText = z.partialRecord(CodeLanguage, z.string().max(50_000))
export type PerLanguageText = z.infer<typeof PerLanguageText>

/** A code question's spec as stored and read everywhere (codeSpecOf reads older rows too). */
export interface CodeSpec {
  type: 'code'
  style: TestStyle
  /** The first of `languages` (older readers and single-language questions). */
  language: CodeLanguage
  languages: CodeLanguage[]
  /** Starter code per allowed language. */
  boilerplate: PerLanguageText
  /** Function style only. */
  entry_point: string | null
  sample_test_cases: AnyTestCase[]
  test_cases: AnyTestCase[]
  comparison: OutputComparison
  /** Per language; publishing runs each against every test. */
  sample_solution: PerLanguageText | null
  evaluation_criteria: string | null
  /** Function style in a typed language: the entry point's parameter and result types. */
  signature: Signature | null
}

const STDIO_STARTERS: Record<CodeLanguage, string> = {
  javascript:
    "const input = require('fs').readFileSync(0, 'utf8')\n// Read the input above; print the answer with console.log.\n",
  typescript:
    "import { readFileSync } from 'fs'\n\nconst input: string = readFileSync(0, 'utf8')\n// Read the input above; print the answer with console.log.\n",
  python: 'import sys\n\ndata = sys.stdin.read()\n# Read the input above; print the answer.\n',
  java: 'import java.util.*;\nimport java.io.*;\n\npublic class Main {\n    public static void main(String[] args) throws IOException {\n        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));\n        // Read the input; print the answer with System.out.println.\n    }\n}\n',
  cpp: '#include <bits/stdc++.h>\nusing namespace std;\n\nint main() {\n    ios::sync_with_stdio(false);\n    cin.tie(nullptr);\n    // Read the input from cin; print the answer to cout.\n    return 0;\n}\n',
  c: '#include <stdio.h>\n#include <stdlib.h>\n\nint main(void) {\n    /* Read the input with scanf; print the answer with printf. */\n    return 0;\n}\n',
  csharp:
    'using System;\nusing System.Linq;\n\nclass Program {\n    static void Main() {\n        string input = Console.In.ReadToEnd();\n        // Read the input above; print the answer with Console.WriteLine.\n    }\n}\n',
  go: 'package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tin := bufio.NewReader(os.Stdin)\n\tout := bufio.NewWriter(os.Stdout)\n\tdefer out.Flush()\n\t// Read with fmt.Fscan(in, ...); print with fmt.Fprintln(out, ...).\n\t_ = in\n\tfmt.Fprint(out, "")\n}\n',
  rust: 'use std::io::{self, Read, Write};\n\nfn main() {\n    let mut input = String::new();\n    io::stdin().read_to_string(&mut input).unwrap();\n    let mut out = io::stdout().lock();\n    // Read the input above; print the answer with writeln!(out, ...).\n    let _ = writeln!(out);\n}\n',
  ruby: 'input = STDIN.read\n# Read the input above; print the answer with puts.\n',
  php: '<?php\n$input = stream_get_contents(STDIN);\n// Read the input above; print the answer with echo.\n',
}

/**
 * The entry point's declaration as the candidate writes it: in a typed language its own words
 * (`static int[] twoSum(int[] nums, int target)` in Java, `func twoSum(nums []int, target int)
 * []int` in Go); elsewhere the names with the signature's types (`twoSum(nums: int[], target:
 * int) → int[]`).
 */
export function signatureIn(language: CodeLanguage, name: string, signature: Signature): string {
  const params = (join: (p: { name: string; type: string }) => string) =>
    signature.params.map(join).join(', ')
  const returns = typeIn(language, signature.returns)
  switch (language) {
    case 'java':
      return `static ${returns} ${name}(${params((p) => `${typeIn(language, p.type)} ${p.name}`)})`
    case 'csharp':
      return `public static ${returns} ${name}(${params((p) => `${typeIn(language, p.type)} ${p.name}`)})`
    case 'cpp':
      return `${returns} ${name}(${params((p) => `${typeIn(language, p.type)} ${p.name}`)})`
    case 'go':
      return `func ${name}(${params((p) => `${p.name} ${typeIn(language, p.type)}`)}) ${returns}`
    case 'rust':
      return `fn ${name}(${params((p) => `${p.name}: ${typeIn(language, p.type)}`)}) -> ${returns}`
    default:
      return `${name}(${params((p) => `${p.name}: ${p.type}`)}) → ${signature.returns}`
  }
}

/** What a candidate starts from when the author gave no boilerplate for the language. */
export function defaultBoilerplate(
  language: CodeLanguage,
  style: TestStyle,
  entryPoint: string | null,
  signature: Signature | null = null,
): string {
  if (style === 'stdio') return STDIO_STARTERS[language]
  const name = entryPoint || 'solve'
  const head = signatureIn(language, name, signature ?? { params: [], returns: 'int' })
  if (language === 'java' || language === 'csharp')
    return `class Solution {\n    ${head} {\n        // return the answer\n    }\n}\n`
  if (language === 'go') return `package main\n\n${head} {\n\t// return the answer\n}\n`
  if (language === 'cpp')
    return `#include <bits/stdc++.h>\nusing namespace std;\n\n${head} {\n    // return the answer\n}\n`
  if (language === 'rust') return `${head} {\n    // return the answer\n    todo!()\n}\n`
  // Untyped languages: the signature's parameter names when there is one.
  const names = signature?.params.map((p) => p.name) ?? ['data']
  if (language === 'python')
    return `def ${name}(${names.join(', ')}):\n    # return the answer\n    pass\n`
  if (language === 'ruby') return `def ${name}(${names.join(', ')})\n  # return the answer\nend\n`
  if (language === 'php')
    return `<?php\nfunction ${name}(${names.map((n) => `$${n}`).join(', ')}) {\n    // return the answer\n}\n`
  if (language === 'typescript')
    return `function ${name}(${names.map((n) => `${n}: unknown`).join(', ')}): unknown {\n  // return the answer\n}\n`
  return `function ${name}(${names.join(', ')}) {\n  // return the answer\n}\n`
}

type StoredCodeSpec = Omit<Partial<CodeSpec>, 'boilerplate' | 'sample_solution' | 'signature'> & {
  signature?: Signature | null
  boilerplate?: string | PerLanguageText
  sample_solution?: string | PerLanguageText | null
}

/** Text given as one string belongs to the first language; a record is kept as it is. */
const perLanguage = (value: string | PerLanguageText, first: CodeLanguage): PerLanguageText =>
  typeof value === 'string' ? { [first]: value } : value

/**
 * A code spec in its one shape, from what is stored: rows written before questions allowed
 * several languages and stdio tests have `language` and a boilerplate string only.
 */
export function codeSpecOf(stored: StoredCodeSpec): CodeSpec {
  const languages = stored.languages?.length
    ? [...new Set(stored.languages)]
    : [stored.language ?? 'javascript']
  const first = languages[0] ?? 'javascript'
  const style = stored.style ?? 'function'
  const entryPoint = stored.entry_point ?? null
  const signature = stored.signature ?? null
  const given = perLanguage(stored.boilerplate ?? '', first)
  const boilerplate: PerLanguageText = {}
  for (const language of languages)
    boilerplate[language] =
      given[language] || defaultBoilerplate(language, style, entryPoint, signature)
  return {
    type: 'code',
    style,
    language: first,
    languages,
    boilerplate,
    entry_point: entryPoint,
    sample_test_cases: stored.sample_test_cases ?? [],
    test_cases: stored.test_cases ?? [],
    comparison: stored.comparison ?? 'trim',
    sample_solution:
      stored.sample_solution == null ? null : perLanguage(stored.sample_solution, first),
    evaluation_criteria: stored.evaluation_criteria ?? null,
    signature,
  }
}

/** GET /api/languages: what this deployment's workers can run, as they last reported it. */
export const CodeLanguageStatus = z.object({
  language: CodeLanguage,
  label: z.string(),
  /** The toolchain's own version line, from the last worker probe. */
  version: z.string().nullable(),
  /** null: no worker has reported yet (none has started since the deployment began). */
  available: z.boolean().nullable(),
  problem: z.string().nullable(),
  probed_at: z.iso.datetime().nullable(),
  /** The test styles questions in it may use. */
  styles: z.array(TestStyle),
})
export type CodeLanguageStatus = z.infer<typeof CodeLanguageStatus>
