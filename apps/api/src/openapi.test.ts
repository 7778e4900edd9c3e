import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createTestApp, type TestApp } from './test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

type Operation = {
  summary?: string
  description?: string
  requestBody?: { content: { 'application/json': { example?: unknown } } }
}

test('every operation has a summary; the main ones a description and a request example', async () => {
  const doc = (await t.request('GET', '/api/openapi.json')).body as {
    paths: Record<string, Record<string, Operation>>
  }
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ id: `${method} ${path}`, op })),
  )
  expect(operations.length).toBeGreaterThan(40)
  expect(operations.filter(({ op }) => !op.summary).map(({ id }) => id)).toEqual([])
  for (const id of [
    'post /api/sessions/{id}/answers',
    'put /api/sessions/{id}/progress',
    'post /api/sessions/{id}/run',
  ]) {
    const op = operations.find((o) => o.id === id)?.op
    expect({ id, described: Boolean(op?.description) }).toEqual({ id, described: true })
  }
  for (const id of [
    'post /api/auth/login',
    'post /api/sessions/{id}/answers',
    'put /api/sessions/{id}/progress',
    'post /api/sessions/{id}/run',
    'post /api/assessments/{id}/invitations',
    'put /api/answers/{id}/grade',
    'post /api/sessions/{id}/notes',
  ]) {
    const example = operations.find((o) => o.id === id)?.op.requestBody?.content['application/json']
      .example
    expect({ id, example: example !== undefined }).toEqual({ id, example: true })
  }
})
