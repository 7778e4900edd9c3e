import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { recordCodeLanguages } from '@assess/db'
import { createStaff } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

// Its own database: what the workers report is deployment-wide.
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const stdioIn = (languages: string[]) => ({
  title: 'Sums',
  questions: [
    {
      type: 'code',
      prompt: 'Print the sum of the two numbers on the input.',
      points: 5,
      style: 'stdio',
      languages,
      test_cases: [{ stdin: '3 4\n', expected_stdout: '7\n' }],
    },
  ],
})

describe('GET /api/languages and the publish check', () => {
  test('before any worker reported: every language, availability unknown', async () => {
    const staff = await createStaff(t)
    const res = await t.request('GET', '/api/languages', { token: staff.token })
    expect(res.status).toBe(200)
    expect(res.body.languages).toHaveLength(11)
    expect(res.body.languages[0]).toEqual({
      language: 'javascript',
      label: 'JavaScript',
      version: null,
      available: null,
      problem: null,
      probed_at: null,
      styles: ['function', 'stdio'],
    })
    const stylesOf = (language: string) =>
      res.body.languages.find((l: { language: string }) => l.language === language).styles
    expect(stylesOf('java')).toEqual(['function', 'stdio']) // through a driver from the signature
    expect(stylesOf('c')).toEqual(['stdio'])
    expect((await t.request('GET', '/api/languages')).status).toBe(401)
  })

  test('a language the workers reported they cannot run makes its questions unpublishable, saying why', async () => {
    const staff = await createStaff(t)
    await recordCodeLanguages(
      t.db,
      'worker-a',
      [
        { language: 'java', version: null, available: false, problem: '/usr/bin/javac is missing' },
        { language: 'c', version: 'gcc (Debian 12.2.0-14) 12.2.0', available: true, problem: null },
      ],
      new Date(),
    )
    const listed = await t.request('GET', '/api/languages', { token: staff.token })
    const java = listed.body.languages.find((l: { language: string }) => l.language === 'java')
    expect(java).toMatchObject({ available: false, problem: '/usr/bin/javac is missing' })
    expect(java.probed_at).toBeString()

    const created = await t.request('POST', '/api/assessments', {
      token: staff.token,
      body: stdioIn(['c', 'java']),
    })
    expect(created.status).toBe(201) // a draft may name it: the toolchain may come back
    const id = created.body.assessment.id
    const refused = await t.request('POST', `/api/assessments/${id}/publish`, {
      token: staff.token,
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('language_unavailable')
    expect(refused.body.error.details.fields).toEqual({
      'questions.0.languages.1': [
        "Java cannot run on this deployment's workers: /usr/bin/javac is missing",
      ],
    })

    // Another worker has Java: still refused, since any worker may take a Java answer.
    const javaOk = { language: 'java', version: 'javac 17.0.15', available: true, problem: null }
    await recordCodeLanguages(t.db, 'worker-b', [javaOk], new Date())
    const mixed = await t.request('POST', `/api/assessments/${id}/publish`, { token: staff.token })
    expect(mixed.body.error.details.fields['questions.0.languages.1']).toEqual([
      "Java cannot run on this deployment's workers: /usr/bin/javac is missing (on 1 of 2 workers)",
    ])
    // The first worker gets its toolchain and restarts (the same name: its report replaced).
    await recordCodeLanguages(t.db, 'worker-a', [javaOk], new Date())
    const published = await t.request('POST', `/api/assessments/${id}/publish`, {
      token: staff.token,
    })
    expect(published.status).toBe(200)
    const after = await t.request('GET', '/api/languages', { token: staff.token })
    expect(
      after.body.languages.find((l: { language: string }) => l.language === 'java'),
    ).toMatchObject({ available: true, version: 'javac 17.0.15', problem: null })

    // A worker gone quiet (not re-stamped for 15 minutes) no longer counts.
    await recordCodeLanguages(
      t.db,
      'worker-gone',
      [{ ...javaOk, version: null, available: false, problem: 'javac is missing' }],
      new Date(Date.now() - 16 * 60_000),
    )
    const quiet = await t.request('GET', '/api/languages', { token: staff.token })
    expect(
      quiet.body.languages.find((l: { language: string }) => l.language === 'java').available,
    ).toBe(true)
  })
})

describe('publishing runs every sample solution against every test', () => {
  const question = (solutions: Record<string, string>) => ({
    title: 'Sums',
    questions: [
      {
        type: 'code',
        prompt: 'Print the sum of the two numbers on the input.',
        points: 5,
        style: 'stdio',
        languages: ['c', 'python'],
        sample_test_cases: [{ stdin: '3 4\n', expected_stdout: '7\n' }],
        test_cases: [
          { stdin: '10 -2\n', expected_stdout: '8\n' },
          { stdin: '0 0\n', expected_stdout: '1\n' }, // a wrong test: 0 + 0 is 0
        ],
        sample_solution: solutions,
      },
    ],
  })
  const C_SUM =
    '#include <stdio.h>\nint main(void) { int a, b; scanf("%d %d", &a, &b); printf("%d\\n", a + b); return 0; }\n'
  const PY_SUM = 'a, b = map(int, input().split())\nprint(a + b)\n'

  test('a wrong test is caught by the solutions; fixed, the same draft publishes', async () => {
    const staff = await createStaff(t)
    const created = await t.request('POST', '/api/assessments', {
      token: staff.token,
      body: question({ c: C_SUM, python: PY_SUM }),
    })
    const id = created.body.assessment.id
    const refused = await t.request('POST', `/api/assessments/${id}/publish`, {
      token: staff.token,
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('sample_solution_fails')
    expect(refused.body.error.details.fields).toEqual({
      'questions.0.sample_solution.c': [
        'The C sample solution fails 1 of 3 tests: hidden test 3 (wrong answer)',
      ],
      'questions.0.sample_solution.python': [
        'The Python sample solution fails 1 of 3 tests: hidden test 3 (wrong answer)',
      ],
    })
    const draft = await t.request('GET', `/api/assessments/${id}`, { token: staff.token })
    expect(draft.body.assessment.status).toBe('draft')

    const fixed = question({ c: C_SUM, python: PY_SUM })
    fixed.questions[0]?.test_cases.splice(1, 1, { stdin: '0 0\n', expected_stdout: '0\n' })
    expect(
      (await t.request('PATCH', `/api/assessments/${id}`, { token: staff.token, body: fixed }))
        .status,
    ).toBe(200)
    const published = await t.request('POST', `/api/assessments/${id}/publish`, {
      token: staff.token,
    })
    expect(published.status).toBe(200)
  })

  test('a language the workers cannot run is refused as such before any solution runs', async () => {
    const staff = await createStaff(t)
    const missing = {
      language: 'rust',
      version: null,
      available: false,
      problem: 'rustc is missing',
    }
    await recordCodeLanguages(t.db, 'worker-without-rust', [missing], new Date())
    try {
      const body = question({ rust: 'fn main() { this does not compile }' })
      const spec = body.questions[0]
      if (spec) spec.languages = ['rust']
      const created = await t.request('POST', '/api/assessments', { token: staff.token, body })
      expect(created.status).toBe(201)
      const refused = await t.request(
        'POST',
        `/api/assessments/${created.body.assessment.id}/publish`,
        { token: staff.token },
      )
      expect(refused.status).toBe(400)
      expect(refused.body.error.code).toBe('language_unavailable')
      expect(refused.body.error.details.fields).toEqual({
        'questions.0.languages.0': [
          "Rust cannot run on this deployment's workers: rustc is missing",
        ],
      })
    } finally {
      // The same worker reports again with its toolchain: later tests see Rust available.
      await recordCodeLanguages(
        t.db,
        'worker-without-rust',
        [{ ...missing, version: 'rustc 1.63.0', available: true, problem: null }],
        new Date(),
      )
    }
  })

  test("a solution that does not compile says so with the compiler's words", async () => {
    const staff = await createStaff(t)
    const created = await t.request('POST', '/api/assessments', {
      token: staff.token,
      body: question({ c: 'int main(void) { return missing; }' }),
    })
    const refused = await t.request(
      'POST',
      `/api/assessments/${created.body.assessment.id}/publish`,
      { token: staff.token },
    )
    expect(refused.status).toBe(400)
    const [message] = refused.body.error.details.fields['questions.0.sample_solution.c']
    expect(message).toStartWith('The C sample solution does not compile: ')
    expect(message).toContain('missing')
  })
})
