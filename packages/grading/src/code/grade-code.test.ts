import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { CodeQuestionInput, splitQuestion } from '@assess/core'
import { gradeAnswer } from '../grade-answer.ts'
import { NO_MODELS } from '../llm/models.ts'
import { createSandbox } from '../sandbox/create-sandbox.ts'
import type { Sandbox } from '../sandbox/types.ts'
import type { GradeQuestion } from '../types.ts'
import { argumentsInput, functionProgram } from './function-programs.ts'

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

describe('function-style questions in Ruby and PHP', () => {
  const sortAndSum = questionOf({
    type: 'code',
    prompt: 'Return { sorted, sum } of the numbers.',
    points: 10,
    languages: ['ruby', 'php', 'python'],
    entry_point: 'solve',
    sample_test_cases: [{ input: [[3, 1, 2]], expected: { sorted: [1, 2, 3], sum: 6 } }],
    test_cases: [
      { input: [[0.1, 0.2]], expected: { sorted: [0.1, 0.2], sum: 0.3 } },
      { input: [[]], expected: { sorted: [], sum: 0 } },
      { input: [[-5, 10, 2.5]], expected: { sorted: [-5, 2.5, 10], sum: 7.5 } },
    ],
  })
  const gradeIn = (language: string, code: string) =>
    gradeAnswer({ models: NO_MODELS, sandbox }, sortAndSum, { language, code })
  const verdicts = (g: Awaited<ReturnType<typeof gradeIn>>) =>
    (g.feedback as CodeFeedback).tests.cases.map((c) => c.verdict)

  const programs = {
    ruby: {
      correct:
        'def solve(xs)\n  puts "debug output is fine"\n  { "sorted" => xs.sort, "sum" => xs.sum }\nend\n',
      wrong: 'def solve(xs)\n  { "sorted" => xs, "sum" => xs.sum }\nend\n',
      throwing: 'def solve(xs)\n  raise ArgumentError, "boom"\nend\n',
      broken: 'def solve(xs\n  xs\n',
      spin: 'def solve(xs)\n  loop { }\nend\n',
      forger:
        'def solve(xs)\n  puts "\\n@@assess-result {\\"sorted\\":[1,2,3],\\"sum\\":6}"\n  nil\nend\n',
    },
    php: {
      correct:
        '<?php\nfunction solve($xs) {\n    echo "debug output is fine\\n";\n    sort($xs);\n    return ["sorted" => $xs, "sum" => array_sum($xs)];\n}\n',
      wrong:
        '<?php\nfunction solve($xs) {\n    return ["sorted" => $xs, "sum" => array_sum($xs)];\n}\n',
      throwing: '<?php\nfunction solve($xs) {\n    throw new RuntimeException("boom");\n}\n',
      broken: '<?php\nfunction solve($xs {\n',
      spin: '<?php\nfunction solve($xs) {\n    while (true) {}\n}\n',
      forger:
        '<?php\nfunction solve($xs) {\n    echo "\\n@@assess-result {\\"sorted\\":[1,2,3],\\"sum\\":6}\\n";\n    return null;\n}\n',
    },
  }

  for (const [language, p] of Object.entries(programs)) {
    test(`${language}: right, wrong, throwing, broken and forging answers`, async () => {
      const correct = await gradeIn(language, p.correct)
      expect(verdicts(correct)).toEqual(['passed', 'passed', 'passed', 'passed'])
      expect(correct.score).toBe(10)
      expect((correct.feedback as { stdout: string }).stdout).toContain('debug output is fine')
      expect(verdicts(await gradeIn(language, p.wrong))).toEqual([
        'wrong_answer',
        'passed',
        'passed',
        'wrong_answer',
      ])
      const throwing = await gradeIn(language, p.throwing)
      expect(verdicts(throwing)).toEqual(Array(4).fill('runtime_error'))
      expect((throwing.feedback as CodeFeedback).tests.cases[0]).toMatchObject({
        error: expect.stringContaining('boom'),
      })
      expect(verdicts(await gradeIn(language, p.broken))).toEqual(Array(4).fill('compile_error'))
      // Printing the sample's expected value as a fake result passes nothing.
      expect(verdicts(await gradeIn(language, p.forger))).not.toContain('passed')
    })
  }

  test('an endless function is time_limit_exceeded', async () => {
    for (const language of ['ruby', 'php'] as const) {
      const run = await sandbox.runProgram({
        language,
        source: functionProgram(language, programs[language].spin, 'solve'),
        stdins: [argumentsInput([[1]])],
        limits: { testTimeoutMs: 300 },
      })
      expect(run.ok && run.runs.map((r) => r.status)).toEqual(['time_limit_exceeded'])
    }
  })
})

describe('function-style programs: what Ruby and PHP developers expect, and large results', () => {
  const gradeIn = (q: GradeQuestion, language: string, code: string) =>
    gradeAnswer({ models: NO_MODELS, sandbox }, q, { language, code })
  const casesOf = (g: Awaited<ReturnType<typeof gradeIn>>) =>
    (g.feedback as CodeFeedback).tests.cases as {
      verdict: string
      actual: unknown
      error: string | null
    }[]

  test('a double the signature declares arrives as a float, however integral', async () => {
    const q = questionOf({
      type: 'code',
      prompt: 'Return half of x.',
      points: 10,
      languages: ['ruby', 'php'],
      entry_point: 'half',
      signature: { params: [{ name: 'x', type: 'double' }], returns: 'double' },
      test_cases: [
        { input: [3], expected: 1.5 },
        { input: [1e21], expected: 5e20 },
      ],
    })
    const ruby = await gradeIn(q, 'ruby', 'def half(x)\n  x / 2\nend\n')
    expect(casesOf(ruby).map((c) => c.verdict)).toEqual(['passed', 'passed'])
    const php = await gradeIn(
      q,
      'php',
      '<?php\nfunction half(float $x): float { return $x / 2; }\n',
    )
    expect(casesOf(php).map((c) => c.verdict)).toEqual(['passed', 'passed'])
  })

  test('a PHP list with gaps in its keys is still a list; a map stays a map', async () => {
    const q = questionOf({
      type: 'code',
      prompt: 'Keep the even numbers, and count them.',
      points: 10,
      languages: ['php'],
      entry_point: 'evens',
      test_cases: [
        { input: [[1, 2, 3, 4]], expected: { evens: [2, 4], count: { '2': 1, '4': 1 } } },
      ],
    })
    const code = `<?php
function evens(array $xs): array {
    $evens = array_filter($xs, fn ($x) => $x % 2 === 0);
    return ["evens" => $evens, "count" => ["2" => 1, "4" => 1]];
}
`
    const graded = await gradeIn(q, 'php', code)
    expect(casesOf(graded)[0]).toMatchObject({ verdict: 'passed', actual: { evens: [2, 4] } })
    // Keys out of order (arsort keeps them) are a map, as json_encode makes it: not a list.
    const sorted = questionOf({
      type: 'code',
      prompt: 'Sort descending.',
      points: 10,
      languages: ['php'],
      entry_point: 'down',
      test_cases: [{ input: [[5, 1, 9]], expected: [9, 5, 1] }],
    })
    const kept = '<?php\nfunction down(array $xs): array { arsort($xs); return $xs; }\n'
    expect(casesOf(await gradeIn(sorted, 'php', kept))[0]).toMatchObject({
      verdict: 'wrong_answer',
      actual: { '0': 5, '1': 1, '2': 9 },
    })
    const listed =
      '<?php\nfunction down(array $xs): array { arsort($xs); return array_values($xs); }\n'
    expect(casesOf(await gradeIn(sorted, 'php', listed))[0]?.verdict).toBe('passed')
  })

  test('a large returned value is no output; printing too much is output_limit_exceeded', async () => {
    const n = 30_000
    const q = questionOf({
      type: 'code',
      prompt: 'Return 0 … n - 1.',
      points: 10,
      languages: ['ruby', 'java'],
      entry_point: 'upTo',
      signature: { params: [{ name: 'n', type: 'int' }], returns: 'int[]' },
      test_cases: [{ input: [n], expected: Array.from({ length: n }, (_, i) => i) }],
    })
    const java =
      'class Solution { static int[] upTo(int n) { int[] r = new int[n]; for (int i = 0; i < n; i++) r[i] = i; return r; } }'
    expect(casesOf(await gradeIn(q, 'java', java)).map((c) => c.verdict)).toEqual(['passed'])
    expect(
      casesOf(await gradeIn(q, 'ruby', 'def upTo(n)\n  (0...n).to_a\nend\n'))[0]?.verdict,
    ).toBe('passed')
    const chatty = 'def upTo(n)\n  print("x" * 100_000)\n  (0...n).to_a\nend\n'
    const graded = await gradeIn(q, 'ruby', chatty)
    expect(casesOf(graded)[0]).toMatchObject({
      verdict: 'output_limit_exceeded',
      error: 'Wrote more than 65536 bytes of output',
    })
  })
})

describe('function-style questions in Java and Go, through a driver from the signature', () => {
  const question = questionOf({
    type: 'code',
    prompt: 'Return the indices of the two numbers that add up to target.',
    points: 10,
    languages: ['java', 'go'],
    entry_point: 'twoSum',
    signature: {
      params: [
        { name: 'nums', type: 'int[]' },
        { name: 'target', type: 'int' },
      ],
      returns: 'int[]',
    },
    sample_test_cases: [{ input: [[2, 7, 11, 15], 9], expected: [0, 1] }],
    test_cases: [
      { input: [[3, 2, 4], 6], expected: [1, 2] },
      { input: [[-1, -2, -3, -4, -5], -8], expected: [2, 4] },
    ],
  })
  const words = questionOf({
    type: 'code',
    prompt: 'Return each word upper-cased, each in a list of its own.',
    points: 10,
    languages: ['java', 'go'],
    entry_point: 'shout',
    signature: {
      params: [
        { name: 'words', type: 'string[]' },
        { name: 'times', type: 'double' },
      ],
      returns: 'string[][]',
    },
    test_cases: [
      { input: [['héllo', 'wörld ✓', ''], 1.5], expected: [['HÉLLO'], ['WÖRLD ✓'], ['']] },
    ],
  })
  const gradeIn = (q: GradeQuestion, language: string, code: string) =>
    gradeAnswer({ models: NO_MODELS, sandbox }, q, { language, code })
  const verdicts = (g: Awaited<ReturnType<typeof gradeIn>>) =>
    (g.feedback as CodeFeedback).tests.cases.map((c) => c.verdict)

  test('the generated boilerplate is the signature in each language', () => {
    const spec = question.spec as { boilerplate: Record<string, string> }
    expect(spec.boilerplate.java).toContain('static int[] twoSum(int[] nums, int target)')
    expect(spec.boilerplate.go).toContain('func twoSum(nums []int, target int) []int')
  })

  test('Java: right, wrong and compile error; strings and nested arrays round-trip', async () => {
    const right = `import java.util.*;

public class Solution {
    static int[] twoSum(int[] nums, int target) {
        System.out.println("debug output is fine");
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < nums.length; i++) {
            Integer j = seen.get(target - nums[i]);
            if (j != null) return new int[] { j, i };
            seen.put(nums[i], i);
        }
        return null;
    }
}
`
    const g = await gradeIn(question, 'java', right)
    expect(verdicts(g)).toEqual(['passed', 'passed', 'passed'])
    expect((g.feedback as { stdout: string }).stdout).toContain('debug output is fine')
    const wrong =
      'class Solution { static int[] twoSum(int[] nums, int target) { return new int[] { 0, 1 }; } }'
    expect(verdicts(await gradeIn(question, 'java', wrong))).toEqual([
      'passed',
      'wrong_answer',
      'wrong_answer',
    ])
    const broken = 'class Solution { static int[] twoSum(int[] nums, int target) { return 1; } }'
    expect(verdicts(await gradeIn(question, 'java', broken))).toEqual(
      Array(3).fill('compile_error'),
    )
    const strings = `class Solution {
    static String[][] shout(String[] words, double times) {
        String[][] out = new String[words.length][];
        for (int i = 0; i < words.length; i++) out[i] = new String[] { words[i].toUpperCase() };
        return out;
    }
}
`
    expect(verdicts(await gradeIn(words, 'java', strings))).toEqual(['passed'])
  })

  test('Go: right, wrong, runtime error and strings', async () => {
    const right = `package main

import "fmt"

func twoSum(nums []int, target int) []int {
\tfmt.Println("debug output is fine")
\tseen := map[int]int{}
\tfor i, n := range nums {
\t\tif j, ok := seen[target-n]; ok {
\t\t\treturn []int{j, i}
\t\t}
\t\tseen[n] = i
\t}
\treturn nil
}
`
    expect(verdicts(await gradeIn(question, 'go', right))).toEqual(['passed', 'passed', 'passed'])
    const wrong =
      'package main\n\nfunc twoSum(nums []int, target int) []int {\n\treturn []int{0, 1}\n}\n'
    expect(verdicts(await gradeIn(question, 'go', wrong))).toEqual([
      'passed',
      'wrong_answer',
      'wrong_answer',
    ])
    const panics =
      'package main\n\nfunc twoSum(nums []int, target int) []int {\n\treturn []int{nums[99]}\n}\n'
    expect(verdicts(await gradeIn(question, 'go', panics))).toEqual(Array(3).fill('runtime_error'))
    const strings = `package main

import "strings"

func shout(words []string, times float64) [][]string {
\tout := [][]string{}
\tfor _, w := range words {
\t\tout = append(out, []string{strings.ToUpper(w)})
\t}
\treturn out
}
`
    expect(verdicts(await gradeIn(words, 'go', strings))).toEqual(['passed'])
  })
})

describe('function-style questions in C#, C++ and Rust, through a driver from the signature', () => {
  const question = questionOf({
    type: 'code',
    prompt: 'Return the indices of the two numbers that add up to target.',
    points: 10,
    languages: ['csharp', 'cpp', 'rust'],
    entry_point: 'twoSum',
    signature: {
      params: [
        { name: 'nums', type: 'int[]' },
        { name: 'target', type: 'int' },
      ],
      returns: 'int[]',
    },
    sample_test_cases: [{ input: [[2, 7, 11, 15], 9], expected: [0, 1] }],
    test_cases: [
      { input: [[3, 2, 4], 6], expected: [1, 2] },
      { input: [[-1, -2, -3, -4, -5], -8], expected: [2, 4] },
    ],
  })
  const mixed = questionOf({
    type: 'code',
    prompt: 'Upper-case each word, each in a list of its own; halve the number; negate the flag.',
    points: 10,
    languages: ['csharp', 'cpp', 'rust'],
    entry_point: 'shout',
    signature: {
      params: [
        { name: 'words', type: 'string[]' },
        { name: 'x', type: 'double' },
        { name: 'flag', type: 'bool' },
        { name: 'big', type: 'long' },
      ],
      returns: 'string[][]',
    },
    test_cases: [
      {
        input: [['abc', 'wörld ✓', ''], 0.1, true, 9007199254740991],
        expected: [['ABC'], ['WÖRLD ✓'], [''], ['0.05'], ['false'], ['9007199254740991']],
      },
    ],
  })
  const programs: Record<string, { right: string; wrong: string; mixed: string }> = {
    csharp: {
      right: `using System.Collections.Generic;

public class Solution {
    public static int[] twoSum(int[] nums, int target) {
        System.Console.WriteLine("debug output is fine");
        var seen = new Dictionary<int, int>();
        for (int i = 0; i < nums.Length; i++) {
            if (seen.TryGetValue(target - nums[i], out int j)) return new[] { j, i };
            seen[nums[i]] = i;
        }
        return null;
    }
}
`,
      wrong:
        'class Solution { public static int[] twoSum(int[] nums, int target) { return new[] { 0, 1 }; } }',
      mixed: `class Solution {
    public static string[][] shout(string[] words, double x, bool flag, long big) {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var out_ = new System.Collections.Generic.List<string[]>();
        foreach (var w in words) out_.Add(new[] { w.ToUpperInvariant() });
        out_.Add(new[] { (x / 2).ToString(inv) });
        out_.Add(new[] { (!flag).ToString().ToLowerInvariant() });
        out_.Add(new[] { big.ToString(inv) });
        return out_.ToArray();
    }
}
`,
    },
    cpp: {
      right: `vector<int> twoSum(vector<int>& nums, int target) {
    cout << "debug output is fine" << endl;
    unordered_map<int, int> seen;
    for (int i = 0; i < (int)nums.size(); i++) {
        auto it = seen.find(target - nums[i]);
        if (it != seen.end()) return {it->second, i};
        seen[nums[i]] = i;
    }
    return {};
}
`,
      wrong: 'vector<int> twoSum(vector<int> nums, int target) { return {0, 1}; }',
      mixed: `#include <algorithm>
vector<vector<string>> shout(const vector<string>& words, double x, bool flag, long long big) {
    vector<vector<string>> out;
    for (auto w : words) {
        // ASCII upper-casing; the UTF-8 bytes of other letters are kept as they are.
        transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return c < 128 ? toupper(c) : c; });
        out.push_back({w});
    }
    ostringstream half;
    half << x / 2;
    out.push_back({half.str()});
    out.push_back({flag ? "false" : "true"});
    out.push_back({to_string(big)});
    return out;
}
`,
    },
    rust: {
      right: `use std::collections::HashMap;

fn twoSum(nums: Vec<i32>, target: i32) -> Vec<i32> {
    println!("debug output is fine");
    let mut seen = HashMap::new();
    for (i, n) in nums.iter().enumerate() {
        if let Some(&j) = seen.get(&(target - n)) {
            return vec![j as i32, i as i32];
        }
        seen.insert(*n, i);
    }
    vec![]
}
`,
      wrong: 'fn twoSum(nums: Vec<i32>, target: i32) -> Vec<i32> { vec![0, 1] }',
      mixed: `fn shout(words: Vec<String>, x: f64, flag: bool, big: i64) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = words.iter().map(|w| vec![w.to_uppercase()]).collect();
    out.push(vec![format!("{}", x / 2.0)]);
    out.push(vec![(!flag).to_string()]);
    out.push(vec![big.to_string()]);
    out
}
`,
    },
  }
  const gradeIn = (q: GradeQuestion, language: string, code: string) =>
    gradeAnswer({ models: NO_MODELS, sandbox }, q, { language, code })
  const verdicts = (g: Awaited<ReturnType<typeof gradeIn>>) =>
    (g.feedback as CodeFeedback).tests.cases.map((c) => c.verdict)

  for (const [language, p] of Object.entries(programs))
    test(`${language}: right, wrong, and strings, doubles, bools and longs round-trip`, async () => {
      const right = await gradeIn(question, language, p.right)
      expect(verdicts(right)).toEqual(['passed', 'passed', 'passed'])
      expect((right.feedback as { stdout: string }).stdout).toContain('debug output is fine')
      expect(verdicts(await gradeIn(question, language, p.wrong))).toEqual([
        'passed',
        'wrong_answer',
        'wrong_answer',
      ])
      const roundTrip = await gradeIn(mixed, language, p.mixed)
      // C++'s toupper leaves ö as it is: that answer is wrong, and says what it returned.
      if (language === 'cpp')
        expect((roundTrip.feedback as CodeFeedback).tests.cases[0]?.actual).toEqual([
          ['ABC'],
          ['WöRLD ✓'],
          [''],
          ['0.05'],
          ['false'],
          ['9007199254740991'],
        ])
      else expect(verdicts(roundTrip)).toEqual(['passed'])
    })
})

describe('typed drivers: what a review found', () => {
  const gradeIn = (q: GradeQuestion, language: string, code: string) =>
    gradeAnswer({ models: NO_MODELS, sandbox }, q, { language, code })
  const verdicts = (g: Awaited<ReturnType<typeof gradeIn>>) =>
    (g.feedback as CodeFeedback).tests.cases.map((c) => c.verdict)

  test('an integer result off by one is wrong, however large', async () => {
    const q = questionOf({
      type: 'code',
      prompt: 'Return n + 1.',
      points: 10,
      languages: ['java'],
      entry_point: 'next',
      signature: { params: [{ name: 'n', type: 'int' }], returns: 'int' },
      test_cases: [{ input: [123456789], expected: 123456790 }],
    })
    const same = 'class Solution { static int next(int n) { return n; } }'
    expect(verdicts(await gradeIn(q, 'java', same))).toEqual(['wrong_answer'])
    const right = 'class Solution { static int next(int n) { return n + 1; } }'
    expect(verdicts(await gradeIn(q, 'java', right))).toEqual(['passed'])
  })

  test('Go compiles a signature of bools and strings only', async () => {
    const q = questionOf({
      type: 'code',
      prompt: 'Say yes or no.',
      points: 10,
      languages: ['go'],
      entry_point: 'say',
      signature: { params: [{ name: 'yes', type: 'bool' }], returns: 'string' },
      test_cases: [{ input: [true], expected: 'yes' }],
    })
    const code =
      'package main\n\nfunc say(yes bool) string {\n\tif yes {\n\t\treturn "yes"\n\t}\n\treturn "no"\n}\n'
    expect(verdicts(await gradeIn(q, 'go', code))).toEqual(['passed'])
  })

  test("C++: a function named like one of std's is the candidate's, not std's", async () => {
    const q = questionOf({
      type: 'code',
      prompt: 'Return how many numbers are positive.',
      points: 10,
      languages: ['cpp'],
      entry_point: 'count',
      signature: { params: [{ name: 'xs', type: 'int[]' }], returns: 'int' },
      test_cases: [{ input: [[1, -2, 3]], expected: 2 }],
    })
    const code = 'int count(vector<int> xs) { int n = 0; for (int x : xs) n += x > 0; return n; }'
    expect(verdicts(await gradeIn(q, 'cpp', code))).toEqual(['passed'])
  })

  test('C++ reads a subnormal double, and an entry point named like a driver local works', async () => {
    const q = questionOf({
      type: 'code',
      prompt: 'Return x.',
      points: 10,
      languages: ['cpp'],
      entry_point: 'r',
      signature: { params: [{ name: 'x', type: 'double' }], returns: 'double' },
      test_cases: [{ input: [1e-310], expected: 1e-310 }],
    })
    expect(verdicts(await gradeIn(q, 'cpp', 'double r(double x) { return x; }'))).toEqual([
      'passed',
    ])
  })
})

test('tests count by their weight: the score is the weighted share of tests passed', async () => {
  const q = questionOf({
    type: 'code',
    prompt: 'Print the square of the number on the input.',
    points: 10,
    style: 'stdio',
    languages: ['python'],
    test_cases: [
      { stdin: '2\n', expected_stdout: '4\n' }, // weight 1
      { stdin: '-3\n', expected_stdout: '9\n', weight: 3 },
    ],
  })
  // Right for negative numbers only.
  const code = 'n = int(input())\nprint(n * n if n < 0 else n)\n'
  const graded = await gradeAnswer({ models: NO_MODELS, sandbox }, q, { language: 'python', code })
  const tests = (graded.feedback as CodeFeedback).tests
  expect(tests.cases.map((c) => c.verdict)).toEqual(['wrong_answer', 'passed'])
  expect(graded.score).toBe(7.5) // 3 of 4 weight, of questionOf's 10 points
})
