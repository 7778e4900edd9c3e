import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createStaff, sampleQuestions } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'

let t: TestApp
let admin: Awaited<ReturnType<typeof createStaff>>
let rival: Awaited<ReturnType<typeof createStaff>>
beforeAll(async () => {
  t = await createTestApp()
  admin = await createStaff(t)
  rival = await createStaff(t)
})
afterAll(() => t.close())

const create = (body: unknown, token = admin.token) =>
  t.request('POST', '/api/assessments', { token, body })
const validAssessment = () => ({
  title: 'Backend engineer',
  description: 'Screening',
  duration_minutes: 45,
  questions: sampleQuestions(),
})

describe('POST /api/assessments', () => {
  test('creates a draft with one question of each type, each with an id', async () => {
    const res = await create(validAssessment())
    expect(res.status).toBe(201)
    const a = res.body.assessment
    expect(a).toMatchObject({
      title: 'Backend engineer',
      status: 'draft',
      duration_minutes: 45,
      navigation: 'sequential',
      max_attempts: 1,
      grace_seconds: 2,
      heartbeat_timeout_seconds: 300,
      question_count: 3,
      total_points: 10,
      published_at: null,
    })
    expect(a.questions.map((q: { type: string }) => q.type)).toEqual([
      'mcq',
      'short_answer',
      'code',
    ])
    for (const q of a.questions) expect(q.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(a.questions[0]).toMatchObject({
      position: 0,
      correct_option_ids: ['a', 'c'],
      section: 'Basics',
    })
    const code = sampleQuestions()[2]
    expect(a.questions[2]).toMatchObject({
      entry_point: 'add',
      test_cases: code?.type === 'code' ? code.test_cases : [],
    })
  })

  const invalid: [string, (q: ReturnType<typeof sampleQuestions>) => unknown, string][] = [
    [
      'a correct option that is not an option',
      (q) => ({ ...q[0], correct_option_ids: ['z'] }),
      'questions.0.correct_option_ids.0',
    ],
    [
      'duplicate option ids',
      (q) => ({
        ...q[0],
        options: [
          { id: 'a', text: '1' },
          { id: 'a', text: '2' },
        ],
        correct_option_ids: ['a'],
      }),
      'questions.0.options.1.id',
    ],
    [
      'an MCQ without a correct option',
      (q) => ({ ...q[0], correct_option_ids: [] }),
      'questions.0.correct_option_ids',
    ],
    [
      'a code question without tests',
      (q) => ({ ...q[2], test_cases: [] }),
      'questions.0.test_cases',
    ],
    [
      'a test case without expected',
      (q) => ({ ...q[2], test_cases: [{ input: [1] }] }),
      'questions.0.test_cases.0.expected',
    ],
    [
      'a boilerplate that lacks the entry point',
      (q) => ({ ...q[2], boilerplate: 'function other() {}' }),
      'questions.0.boilerplate',
    ],
    ['an unknown language', (q) => ({ ...q[2], language: 'cobol' }), 'questions.0.language'],
    [
      'a short answer without keywords',
      (q) => ({ ...q[1], expected_keywords: [] }),
      'questions.0.expected_keywords',
    ],
    ['an unknown question type', (q) => ({ ...q[1], type: 'essay' }), 'questions.0.type'],
    ['zero points', (q) => ({ ...q[0], points: 0 }), 'questions.0.points'],
  ]
  for (const [name, make, field] of invalid) {
    test(`rejects ${name} with 400 naming ${field}`, async () => {
      const res = await create({ title: 'x', questions: [make(sampleQuestions())] })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_failed')
      expect(Object.keys(res.body.error.details.fields)).toContain(field)
    })
  }

  test('malformed JSON, a wrong content type and an empty body are 400s, never 500s', async () => {
    const headers = { 'content-type': 'application/json' }
    const broken = await t.request('POST', '/api/assessments', {
      token: admin.token,
      rawBody: '{"title":',
      headers,
    })
    expect(broken.status).toBe(400)
    expect(broken.body.error.request_id).toBeString()
    const notJson = await t.request('POST', '/api/assessments', {
      token: admin.token,
      rawBody: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(notJson.status).toBeGreaterThanOrEqual(400)
    expect(notJson.status).toBeLessThan(500)
    const empty = await t.request('POST', '/api/assessments', { token: admin.token })
    expect(empty.status).toBe(400)
    const array = await create([1, 2, 3])
    expect(array.status).toBe(400)
  })

  test('a NUL character anywhere is a 400, never a 500', async () => {
    const res = await create({ title: 'a\u0000b' })
    expect(res.status).toBe(400)
    const inJson = await create({
      title: 'x',
      questions: [{ ...sampleQuestions()[2], test_cases: [{ input: ['\u0000'], expected: 1 }] }],
    })
    expect(inJson.status).toBe(400)
  })

  test('a body over the size limit is refused with 413', async () => {
    const res = await create({ title: 'x', description: 'y'.repeat(300 * 1024) })
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('payload_too_large')
  })
})

describe('GET /api/assessments', () => {
  test('pages through the organization’s assessments only, newest first', async () => {
    const staff = await createStaff(t)
    for (let i = 0; i < 5; i++) await create({ title: `A${i}` }, staff.token)
    await create({ title: 'not mine' }, rival.token)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const path: string = `/api/assessments?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const res = await t.request('GET', path, { token: staff.token })
      expect(res.status).toBe(200)
      expect(res.body.assessments.length).toBeLessThanOrEqual(2)
      seen.push(...res.body.assessments.map((a: { title: string }) => a.title))
      cursor = res.body.next_cursor
    } while (cursor)
    expect(seen).toEqual(['A4', 'A3', 'A2', 'A1', 'A0'])
  })

  test('rejects a bad limit or cursor with 400', async () => {
    expect(
      (await t.request('GET', '/api/assessments?limit=0', { token: admin.token })).status,
    ).toBe(400)
    expect(
      (await t.request('GET', '/api/assessments?cursor=nope', { token: admin.token })).status,
    ).toBe(400)
  })
})

describe('GET/PATCH /api/assessments/:id and publish', () => {
  test('a draft can be edited; questions are replaced as a whole', async () => {
    const { body } = await create(validAssessment())
    const id = body.assessment.id
    const patched = await t.request('PATCH', `/api/assessments/${id}`, {
      token: admin.token,
      body: { title: 'Renamed', navigation: 'free', questions: [sampleQuestions()[0]] },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.assessment).toMatchObject({
      title: 'Renamed',
      navigation: 'free',
      question_count: 1,
    })
    const read = await t.request('GET', `/api/assessments/${id}`, { token: admin.token })
    expect(read.body.assessment).toEqual(patched.body.assessment)
  })

  test('an empty PATCH or a bad field is a 400', async () => {
    const { body } = await create({ title: 'x' })
    const path = `/api/assessments/${body.assessment.id}`
    expect((await t.request('PATCH', path, { token: admin.token, body: {} })).status).toBe(400)
    const bad = await t.request('PATCH', path, { token: admin.token, body: { max_attempts: 0 } })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.error.details.fields)).toEqual(['max_attempts'])
  })

  test('publishing freezes the assessment: PATCH answers 409, publishing again is a no-op', async () => {
    const { body } = await create(validAssessment())
    const id = body.assessment.id
    const published = await t.request('POST', `/api/assessments/${id}/publish`, {
      token: admin.token,
    })
    expect(published.status).toBe(200)
    expect(published.body.assessment.status).toBe('published')
    expect(published.body.assessment.published_at).toBeString()
    const edit = await t.request('PATCH', `/api/assessments/${id}`, {
      token: admin.token,
      body: { title: 'late' },
    })
    expect(edit.status).toBe(409)
    expect(edit.body.error.code).toBe('assessment_not_editable')
    const again = await t.request('POST', `/api/assessments/${id}/publish`, { token: admin.token })
    expect(again.status).toBe(200)
    expect(again.body.assessment.published_at).toBe(published.body.assessment.published_at)
  })

  test('an assessment without questions cannot be published', async () => {
    const { body } = await create({ title: 'empty' })
    const res = await t.request('POST', `/api/assessments/${body.assessment.id}/publish`, {
      token: admin.token,
    })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('assessment_has_no_questions')
  })

  test('an unknown id is 404 and a malformed id is 400', async () => {
    const unknown = await t.request('GET', `/api/assessments/${crypto.randomUUID()}`, {
      token: admin.token,
    })
    expect(unknown.status).toBe(404)
    expect(
      (await t.request('GET', '/api/assessments/not-a-uuid', { token: admin.token })).status,
    ).toBe(400)
  })
})

describe('security', () => {
  test('every assessment route is staff-only and organization-scoped', async () => {
    const { body } = await create(validAssessment())
    const id = body.assessment.id
    await expectStaffOnly(t, { method: 'POST', path: '/api/assessments', body: { title: 'x' } })
    await expectStaffOnly(t, { method: 'GET', path: '/api/assessments' })
    await expectStaffOnly(t, { method: 'GET', path: `/api/assessments/${id}` }, rival.token)
    await expectStaffOnly(
      t,
      { method: 'PATCH', path: `/api/assessments/${id}`, body: { title: 'x' } },
      rival.token,
    )
    await expectStaffOnly(
      t,
      { method: 'POST', path: `/api/assessments/${id}/publish` },
      rival.token,
    )
    // The rival's attempts changed nothing.
    const read = await t.request('GET', `/api/assessments/${id}`, { token: admin.token })
    expect(read.body.assessment).toMatchObject({ title: 'Backend engineer', status: 'draft' })
  })

  test('an unknown route is a 404 in the error shape', async () => {
    const res = await t.request('GET', '/api/nothing-here')
    expect(res.status).toBe(404)
    expect(res.body.error).toMatchObject({ code: 'route_not_found' })
  })
})
