import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { processEnv, testRunId, waitForOk } from '@assess/db/testing'
import type { Subprocess } from 'bun'
import { sampleQuestions } from '../src/test/factories.ts'

// Real processes on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(60_000)

/**
 * The acceptance walk, black-box: `bun run db:migrate` on an empty database, then
 * `bun run start:api` as a real process, driven over real HTTP (and `start:worker`, which runs
 * the sample solution when the assessment is published).
 */
const root = `${import.meta.dir}/../../..`
const { env, base } = processEnv('e2e', { PUBLIC_URL: 'http://candidates.example' })
let api: Subprocess
let worker: Subprocess

async function call(method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text }
}

beforeAll(async () => {
  const migrate = Bun.spawnSync(['bun', 'run', 'db:migrate'], { cwd: root, env })
  expect(migrate.exitCode, migrate.stderr.toString()).toBe(0)
  api = Bun.spawn(['bun', 'run', 'start:api'], {
    cwd: root,
    env,
    stdout: 'ignore',
    stderr: 'inherit',
  })
  worker = Bun.spawn(['bun', 'run', 'start:worker'], {
    cwd: root,
    env,
    stdout: 'ignore',
    stderr: 'inherit',
  })
  // Ready, not just alive: the Redis connection opens a moment after the port does.
  await waitForOk(`${base}/readyz`)
})

afterAll(async () => {
  for (const proc of [api, worker]) proc?.kill('SIGTERM')
  await Promise.all([api?.exited, worker?.exited])
})

describe('acceptance over HTTP against start:api', () => {
  test('signup → assessment → publish → invite → accept; roles, tenants and bad input hold', async () => {
    expect((await call('GET', '/readyz')).status).toBe(200)

    const signup = await call('POST', '/api/auth/signup', {
      organization_name: 'Acme',
      name: 'Ann',
      email: `ann-${testRunId}@acme.test`,
      password: 'long enough password',
    })
    expect(signup.status).toBe(201)
    const admin = signup.body.token

    const created = await call(
      'POST',
      '/api/assessments',
      { title: 'Backend', duration_minutes: 30, questions: sampleQuestions() },
      admin,
    )
    expect(created.status).toBe(201)
    const id = created.body.assessment.id
    expect(created.body.assessment.questions).toHaveLength(3)

    expect((await call('POST', `/api/assessments/${id}/publish`, undefined, admin)).status).toBe(
      200,
    )
    const invited = await call(
      'POST',
      `/api/assessments/${id}/invitations`,
      { email: 'cand@acme.test' },
      admin,
    )
    expect(invited.status).toBe(201)
    expect(invited.body.url).toBe(`http://candidates.example/invite/${invited.body.token}`)

    const accepted = await call('POST', `/api/invitations/${invited.body.token}/accept`)
    expect(accepted.status).toBe(200)
    expect(accepted.body.assessment.id).toBe(id)
    const candidate = accepted.body.token
    expect((await call('GET', '/api/assessments', undefined, candidate)).status).toBe(403)

    const rival = await call('POST', '/api/auth/signup', {
      organization_name: 'Rival',
      name: 'Rob',
      email: `rob-${testRunId}@rival.test`,
      password: 'long enough password',
    })
    expect((await call('GET', `/api/assessments/${id}`, undefined, rival.body.token)).status).toBe(
      404,
    )

    for (const bad of [
      '{"title":',
      '[]',
      '{"title": 5}',
      '{"title":"x","questions":[{"type":"mcq"}]}',
    ]) {
      const res = await call('POST', '/api/assessments', bad, admin)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBeString()
      expect(res.body.error.request_id).toBeString()
    }
    const wrongType = await call(
      'PATCH',
      `/api/assessments/${id}`,
      { duration_minutes: 'long' },
      admin,
    )
    expect(wrongType.status).toBe(400)
  })

  test('serves its OpenAPI document and a rendered reference', async () => {
    const doc = await call('GET', '/api/openapi.json')
    expect(doc.status).toBe(200)
    expect(doc.body.openapi).toBe('3.1.0')
    for (const path of [
      '/api/auth/signup',
      '/api/auth/login',
      '/api/assessments',
      '/api/assessments/{id}',
      '/api/assessments/{id}/publish',
      '/api/assessments/{id}/invitations',
      '/api/invitations/{id}',
      '/api/invitations/{token}/accept',
    ])
      expect(Object.keys(doc.body.paths)).toContain(path)
    const docs = await call('GET', '/api/docs')
    expect(docs.status).toBe(200)
    expect(String(docs.body)).toContain('/api/openapi.json')
  })
})
