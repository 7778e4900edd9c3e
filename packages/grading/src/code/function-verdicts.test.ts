/**
 * Function style in every language that runs it as a program (a driver around the candidate's
 * function): the verdicts the languages issue asks of each one. A wrong answer scores 0, a
 * compile error is compile_error, an endless function time_limit_exceeded, a memory bomb
 * memory_limit_exceeded, and the function cannot see the host's files. JavaScript, TypeScript
 * and Python run in a child of their own: their cases are in sandbox/*.test.ts, and their syntax
 * errors are checked here, graded end to end.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { CodeQuestionInput, codeSpecOf, type Signature, splitQuestion } from '@assess/core'
import { gradeAnswer } from '../grade-answer.ts'
import { NO_MODELS } from '../llm/models.ts'
import { createSandbox } from '../sandbox/create-sandbox.ts'
import type { ProgramLanguage } from '../sandbox/programs/languages.ts'
import type { Sandbox } from '../sandbox/types.ts'
import type { GradeQuestion } from '../types.ts'
import { functionProgramOf } from './run-tests.ts'

// Compilers on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(120_000)

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await createSandbox({ isolation: 'bwrap' })
})

const ENTRY = 'occurrences'
const SIGNATURE: Signature = {
  params: [
    { name: 'xs', type: 'int[]' },
    { name: 'x', type: 'int' },
  ],
  returns: 'int',
}

type Language = 'java' | 'csharp' | 'cpp' | 'go' | 'rust' | 'ruby' | 'php'

const question: GradeQuestion = (() => {
  const parsed = CodeQuestionInput.parse({
    type: 'code',
    prompt: 'How many times does x occur in xs?',
    points: 10,
    languages: ['java', 'csharp', 'cpp', 'go', 'rust', 'ruby', 'php', 'javascript', 'python'],
    entry_point: ENTRY,
    signature: SIGNATURE,
    sample_test_cases: [{ input: [[1, 2, 1], 1], expected: 2 }],
    test_cases: [
      { input: [[5], 4], expected: 0 },
      { input: [[7, 7, 7], 7], expected: 3 },
    ],
  })
  const { spec } = splitQuestion(parsed)
  return { id: crypto.randomUUID(), type: 'code', prompt: parsed.prompt, points: 10, spec }
})()

interface Answers {
  correct: string
  /** -1 whatever the input: every test wrong. */
  wrong: string
  broken: string
  spin: string
  hog: string
  /** 1 when the host's /etc/passwd is visible, else 0. */
  snoop: string
}

const go = (imports: string, body: string) =>
  `package main\n\n${imports}func occurrences(xs []int, x int) int {\n${body}}\n`

const ANSWERS: Record<Language, Answers> = {
  java: {
    correct:
      'class Solution { static int occurrences(int[] xs, int x) { int n = 0; for (int v : xs) if (v == x) n++; return n; } }',
    wrong: 'class Solution { static int occurrences(int[] xs, int x) { return -1; } }',
    broken: 'class Solution { static int occurrences(int[] xs, int x) { return "none"; } }',
    spin: 'class Solution { static int occurrences(int[] xs, int x) { long n = 0; while (true) n++; } }',
    hog: 'import java.util.*;\nclass Solution { static int occurrences(int[] xs, int x) { List<long[]> all = new ArrayList<>(); while (true) all.add(new long[1 << 17]); } }',
    snoop:
      'class Solution { static int occurrences(int[] xs, int x) { return new java.io.File("/etc/passwd").exists() ? 1 : 0; } }',
  },
  csharp: {
    correct:
      'class Solution { public static int occurrences(int[] xs, int x) { int n = 0; foreach (var v in xs) if (v == x) n++; return n; } }',
    wrong: 'class Solution { public static int occurrences(int[] xs, int x) { return -1; } }',
    broken: 'class Solution { public static int occurrences(int[] xs, int x) { return "none"; } }',
    spin: 'class Solution { public static int occurrences(int[] xs, int x) { long n = 0; while (true) n++; } }',
    hog: 'class Solution { public static int occurrences(int[] xs, int x) { var all = new System.Collections.Generic.List<long[]>(); while (true) { var a = new long[1 << 17]; for (int i = 0; i < a.Length; i += 512) a[i] = i; all.Add(a); } } }',
    snoop:
      'class Solution { public static int occurrences(int[] xs, int x) { return System.IO.File.Exists("/etc/passwd") ? 1 : 0; } }',
  },
  cpp: {
    correct:
      'int occurrences(vector<int> xs, int x) { return (int)count(xs.begin(), xs.end(), x); }',
    wrong: 'int occurrences(vector<int> xs, int x) { return -1; }',
    broken: 'int occurrences(vector<int> xs, int x) { return undeclared; }',
    spin: 'int occurrences(vector<int> xs, int x) { volatile unsigned long n = 0; for (;;) n++; }',
    hog: 'int occurrences(vector<int> xs, int x) { vector<char*> all; for (;;) { char *p = new char[1 << 20]; memset(p, 1, 1 << 20); all.push_back(p); } }',
    snoop:
      'int occurrences(vector<int> xs, int x) { return ifstream("/etc/passwd").good() ? 1 : 0; }',
  },
  go: {
    correct: go(
      '',
      '\tn := 0\n\tfor _, v := range xs {\n\t\tif v == x {\n\t\t\tn++\n\t\t}\n\t}\n\treturn n\n',
    ),
    wrong: go('', '\treturn -1\n'),
    broken: go('', '\treturn "none"\n'),
    spin: go('', '\tn := 0\n\tfor {\n\t\tn++\n\t}\n'),
    hog: go(
      '',
      '\tvar all [][]byte\n\tfor {\n\t\tb := make([]byte, 1<<20)\n\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n\t\tall = append(all, b)\n\t}\n',
    ),
    snoop: go(
      'import "os"\n\n',
      '\tif _, err := os.Stat("/etc/passwd"); err == nil {\n\t\treturn 1\n\t}\n\treturn 0\n',
    ),
  },
  rust: {
    correct:
      'fn occurrences(xs: Vec<i32>, x: i32) -> i32 { xs.iter().filter(|&&v| v == x).count() as i32 }',
    wrong: 'fn occurrences(_xs: Vec<i32>, _x: i32) -> i32 { -1 }',
    broken: 'fn occurrences(_xs: Vec<i32>, _x: i32) -> i32 { "none" }',
    spin: 'fn occurrences(_xs: Vec<i32>, _x: i32) -> i32 { let mut n: u64 = 0; loop { n = n.wrapping_add(1); if n == u64::MAX { println!("{}", n); } } }',
    hog: 'fn occurrences(_xs: Vec<i32>, _x: i32) -> i32 { let mut all: Vec<Vec<u8>> = Vec::new(); loop { all.push(vec![1u8; 1 << 20]); } }',
    snoop:
      'fn occurrences(_xs: Vec<i32>, _x: i32) -> i32 { if std::path::Path::new("/etc/passwd").exists() { 1 } else { 0 } }',
  },
  ruby: {
    correct: 'def occurrences(xs, x)\n  xs.count(x)\nend\n',
    wrong: 'def occurrences(xs, x)\n  -1\nend\n',
    broken: 'def occurrences(xs, x\n  -1\n',
    spin: 'def occurrences(xs, x)\n  loop { }\nend\n',
    hog: 'def occurrences(xs, x)\n  all = []\n  loop { all << ("x" * (1 << 20)) }\nend\n',
    snoop: 'def occurrences(xs, x)\n  File.exist?("/etc/passwd") ? 1 : 0\nend\n',
  },
  php: {
    correct:
      '<?php\nfunction occurrences($xs, $x) {\n    return count(array_filter($xs, fn($v) => $v === $x));\n}\n',
    wrong: '<?php\nfunction occurrences($xs, $x) {\n    return -1;\n}\n',
    broken: '<?php\nfunction occurrences($xs, $x {\n',
    spin: '<?php\nfunction occurrences($xs, $x) {\n    while (true) {}\n}\n',
    hog: '<?php\nfunction occurrences($xs, $x) {\n    $all = [];\n    while (true) { $all[] = str_repeat("x", 1 << 20); }\n}\n',
    snoop:
      '<?php\nfunction occurrences($xs, $x) {\n    return file_exists("/etc/passwd") ? 1 : 0;\n}\n',
  },
}

const grade = (language: string, code: string) =>
  gradeAnswer({ models: NO_MODELS, sandbox }, question, { language, code })

type Feedback = {
  tests: { cases: { verdict: string; actual: unknown }[] }
  compile_output?: string
}
const casesOf = (g: Awaited<ReturnType<typeof grade>>) => (g.feedback as Feedback).tests.cases

/** The program the grader builds for one call, run directly so the limits can be small. */
function runOnce(
  language: Language,
  code: string,
  limits: { testTimeoutMs?: number; memoryMb?: number },
) {
  const spec = codeSpecOf(question.spec as Parameters<typeof codeSpecOf>[0])
  const program = functionProgramOf(spec, { language, code }, 'samples')
  if (!program) throw new Error(`${language} is not graded as a program`)
  return sandbox.runProgram({
    language: language as ProgramLanguage,
    source: program.source,
    extraFiles: program.extraFiles,
    stdins: program.stdins,
    limits,
  })
}

for (const [language, answers] of Object.entries(ANSWERS) as [Language, Answers][]) {
  describe(`${language}, function style`, () => {
    test.concurrent('a correct answer scores full marks; a wrong one scores 0', async () => {
      const correct = await grade(language, answers.correct)
      expect(casesOf(correct).map((c) => c.verdict)).toEqual(['passed', 'passed', 'passed'])
      expect(correct.score).toBe(10)
      const wrong = await grade(language, answers.wrong)
      expect(casesOf(wrong).map((c) => c.verdict)).toEqual(Array(3).fill('wrong_answer'))
      expect(wrong.score).toBe(0)
    })

    test.concurrent("a compile error is compile_error on every test, in the compiler's words", async () => {
      const g = await grade(language, answers.broken)
      expect(casesOf(g).map((c) => c.verdict)).toEqual(Array(3).fill('compile_error'))
      expect(g.score).toBe(0)
      expect((g.feedback as Feedback).compile_output).toBeTruthy()
    })

    test.concurrent('an endless function is time_limit_exceeded', async () => {
      const run = await runOnce(language, answers.spin, { testTimeoutMs: 500 })
      expect(run.ok && run.runs.map((r) => r.status)).toEqual(['time_limit_exceeded'])
    })

    test.concurrent('a memory bomb is memory_limit_exceeded', async () => {
      const run = await runOnce(language, answers.hog, { memoryMb: 64 })
      expect(run.ok && run.runs.map((r) => r.status)).toEqual(['memory_limit_exceeded'])
    })

    test.concurrent("the function cannot see the host's files", async () => {
      const g = await grade(language, answers.snoop)
      expect(casesOf(g).map((c) => c.actual)).toEqual([0, 0, 0])
    })
  })
}

describe('JavaScript and Python, function style: a syntax error is a compile_error', () => {
  const broken = {
    javascript: 'function occurrences(xs, x { return -1 }',
    python: 'def occurrences(xs, x)\n    return -1\n',
  }
  for (const [language, code] of Object.entries(broken))
    test.concurrent(language, async () => {
      const g = await grade(language, code)
      expect(casesOf(g).map((c) => c.verdict)).toEqual(Array(3).fill('compile_error'))
      expect((g.feedback as Feedback).compile_output).toMatch(/SyntaxError.*\(line 1\)/)
    })
})
