import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { CodeQuestionInput, splitQuestion } from '@assess/core'
import { gradeAnswer } from '../grade-answer.ts'
import { NO_MODELS } from '../llm/models.ts'
import { createSandbox } from '../sandbox/create-sandbox.ts'
import type { Sandbox } from '../sandbox/types.ts'
import type { GradeQuestion } from '../types.ts'

// Compilers on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(120_000)

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await createSandbox({ isolation: 'bwrap' })
})

function questionOf(input: unknown): GradeQuestion {
  const parsed = CodeQuestionInput.parse(input)
  const { spec } = splitQuestion(parsed)
  return { id: crypto.randomUUID(), type: 'code', prompt: parsed.prompt, points: 10, spec }
}

const sumOfPairs = questionOf({
  type: 'code',
  prompt: 'Each line holds two integers: print their sum, one line each.',
  points: 10,
  style: 'stdio',
  languages: ['java', 'go', 'c'],
  sample_test_cases: [{ stdin: '1 2\n', expected_stdout: '3\n' }],
  test_cases: [
    { stdin: '3 4\n10 -2\n', expected_stdout: '7\n8\n' },
    { stdin: '1000000000000 1\n', expected_stdout: '1000000000001\n' },
    { stdin: '', expected_stdout: '' },
  ],
})

const JAVA_SUM = `import java.util.*;
public class Main {
  public static void main(String[] args) {
    Scanner in = new Scanner(System.in);
    StringBuilder out = new StringBuilder();
    while (in.hasNextLong()) out.append(in.nextLong() + in.nextLong()).append('\\n');
    System.out.print(out);
  }
}
`
const GO_SUM = `package main

import (
\t"bufio"
\t"fmt"
\t"os"
)

func main() {
\tin := bufio.NewReader(os.Stdin)
\tvar a, b int64
\tfor {
\t\tif _, err := fmt.Fscan(in, &a, &b); err != nil {
\t\t\treturn
\t\t}
\t\tfmt.Println(a + b)
\t}
}
`
const grade = (language: string, code: string) =>
  gradeAnswer({ models: NO_MODELS, sandbox }, sumOfPairs, { language, code })

type CodeFeedback = {
  tests: {
    passed: number
    total: number
    verdicts: Record<string, number>
    cases: { verdict: string; actual: unknown }[]
  }
  language: string
  compile_output?: string
}

describe('stdin/stdout questions, graded in the language the candidate chose', () => {
  test('a correct Java answer gets full marks', async () => {
    const g = await grade('java', JAVA_SUM)
    expect(g.score).toBe(10)
    const feedback = g.feedback as CodeFeedback
    expect(feedback.tests.passed).toBe(4)
    expect(feedback.language).toBe('java')
  })

  test('the same question answered in Go', async () => {
    const g = await grade('go', GO_SUM)
    expect(g.score).toBe(10)
  })

  test('a wrong answer scores 0 and shows what it printed', async () => {
    const g = await grade('c', '#include <stdio.h>\nint main(void) { puts("42"); return 0; }\n')
    expect(g.score).toBe(0)
    const feedback = g.feedback as CodeFeedback
    expect(feedback.tests.cases.map((c) => c.verdict)).toEqual(Array(4).fill('wrong_answer'))
    expect(feedback.tests.cases[0]?.actual).toBe('42\n')
  })

  test("a compile error fails every test as compile_error, with the compiler's words", async () => {
    const g = await grade('java', 'public class Main { void main() { int x = "s"; } }')
    expect(g.score).toBe(0)
    const feedback = g.feedback as CodeFeedback
    expect(feedback.tests.verdicts).toEqual({ compile_error: 4 })
    expect(feedback.compile_output).toContain('Main.java')
    expect(feedback.compile_output).not.toContain('1000000000000') // never a hidden test
  })

  test('a language the question does not allow is refused, not run', async () => {
    const g = await grade('rust', 'fn main() {}')
    expect(g.score).toBe(0) // the stored answer does not fit the question: graded as empty
  })
})
