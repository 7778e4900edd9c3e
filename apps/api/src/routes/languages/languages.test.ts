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
    expect(
      res.body.languages.find((l: { language: string }) => l.language === 'java').styles,
    ).toEqual(['stdio'])
    expect((await t.request('GET', '/api/languages')).status).toBe(401)
  })

  test('a language the workers reported they cannot run makes its questions unpublishable, saying why', async () => {
    const staff = await createStaff(t)
    await recordCodeLanguages(
      t.db,
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

    // A worker that has Java reports it, and the same assessment publishes.
    await recordCodeLanguages(
      t.db,
      [{ language: 'java', version: 'javac 17.0.15', available: true, problem: null }],
      new Date(),
    )
    const published = await t.request('POST', `/api/assessments/${id}/publish`, {
      token: staff.token,
    })
    expect(published.status).toBe(200)
  })
})
