import { describe, expect, test } from 'bun:test'
import { PHP_INTERNAL_FUNCTIONS } from './php-functions.ts'
import { CodeQuestionInput } from './questions.ts'

const typed = (entry_point: string, params: string[], languages: string[]) =>
  CodeQuestionInput.safeParse({
    type: 'code',
    prompt: 'p',
    points: 1,
    languages,
    entry_point,
    signature: { params: params.map((name) => ({ name, type: 'int' })), returns: 'int' },
    test_cases: [{ input: params.map(() => 1), expected: 1 }],
  })
const issues = (result: ReturnType<typeof typed>) =>
  result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)

describe("names that cannot compile in one of a question's languages are refused when it is saved", () => {
  test('an entry point that is a keyword, a driver name or a builtin the language will not redefine', () => {
    expect(issues(typed('select', ['n'], ['python', 'go']))).toEqual([
      'entry_point: "select" is a reserved word in Go',
    ])
    expect(issues(typed('main', ['n'], ['cpp']))).toEqual([
      'entry_point: "main" is a reserved word in C++',
    ])
    expect(issues(typed('len', ['n'], ['go']))).toEqual([
      'entry_point: "len" is a reserved word in Go',
    ])
    expect(issues(typed('Max', ['n'], ['php']))).toEqual([
      'entry_point: "Max" is one of PHP’s own functions, which PHP does not let a program redeclare',
    ])
    expect(issues(typed('assessNext', ['n'], ['go']))[0]).toContain('a name the test driver uses')
    expect(issues(typed('assessRisk', ['n'], ['go', 'cpp']))).toEqual([])
    // C#: a member cannot share its class's name (the entry point lives in class Solution).
    expect(issues(typed('Solution', ['n'], ['csharp']))).toEqual([
      'entry_point: "Solution" is a reserved word in C#',
    ])
    // The same names are fine where nothing clashes.
    expect(issues(typed('select', ['n'], ['java', 'php']))).toEqual([])
    expect(issues(typed('max', ['n'], ['java', 'ruby', 'python']))).toEqual([])
  })

  test('parameters: keywords of any of its languages, and duplicates', () => {
    expect(issues(typed('solve', ['int'], ['python', 'java']))).toEqual([
      'signature.params.0.name: "int" is a reserved word in Java',
    ])
    expect(issues(typed('solve', ['string'], ['csharp']))).toEqual([
      'signature.params.0.name: "string" is a reserved word in C#',
    ])
    expect(issues(typed('solve', ['end'], ['ruby']))).toEqual([
      'signature.params.0.name: "end" is a reserved word in Ruby',
    ])
    expect(issues(typed('solve', ['a', 'a'], ['python']))).toEqual([
      'signature.params.1.name: "a" is already a parameter',
    ])
    // PHP's parameters are $names: no keyword clashes with them, but PHP's own variables do.
    expect(issues(typed('solve', ['class'], ['php']))).toEqual([])
    expect(issues(typed('solve', ['_GET'], ['php']))).toEqual([
      'signature.params.0.name: "_GET" is reserved in PHP',
    ])
    // Names that compile nowhere in the starter code or the driver (seen on real toolchains).
    expect(issues(typed('solve', ['N'], ['ruby', 'python']))).toEqual([
      'signature.params.0.name: "N" cannot name a parameter in Ruby (a constant or a numbered parameter)',
    ])
    expect(issues(typed('solve', ['_1'], ['ruby']))[0]).toContain('numbered parameter')
    expect(issues(typed('solve', ['N'], ['python', 'java']))).toEqual([])
    expect(issues(typed('solve', ['__debug__'], ['python']))[0]).toContain(
      'reserved word in Python',
    )
    expect(issues(typed('solve', ['vector'], ['cpp']))[0]).toContain('reserved word in C++')
    expect(issues(typed('solve', ['Some'], ['rust']))[0]).toContain('reserved word in Rust')
  })
})

test("PHP's own functions are the installed PHP's", async () => {
  const php = Bun.spawn(
    ['/usr/bin/php', '-n', '-r', 'echo implode(" ", get_defined_functions()["internal"]);'],
    { stdout: 'pipe' },
  )
  const installed = (await new Response(php.stdout).text()).split(' ')
  expect(await php.exited).toBe(0)
  expect(installed.filter((name) => !PHP_INTERNAL_FUNCTIONS.has(name))).toEqual([])
})
