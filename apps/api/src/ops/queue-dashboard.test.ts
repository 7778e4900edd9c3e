import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ALL_QUEUES, GradeAnswerJob, parseEnv } from '@assess/core'
import { ApiEnv } from '../env.ts'
import { createTestApp, type TestApp } from '../test/harness.ts'

// Real Redis on a busy machine.
setDefaultTimeout(60_000)

const ops = { username: 'operator', password: 'a long ops password' }
const basic = (username: string, password: string) => ({
  authorization: `Basic ${btoa(`${username}:${password}`)}`,
})
const signedIn = basic(ops.username, ops.password)

describe('the queue dashboard when OPS_USERNAME / OPS_PASSWORD are unset', () => {
  let t: TestApp
  // With the SPA built too: its fallback (index.html for any other path) must not answer here.
  const dist = mkdtempSync(join(tmpdir(), 'assess-ops-web-'))
  beforeAll(async () => {
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>')
    t = await createTestApp({ webDistDir: dist })
  })
  afterAll(async () => {
    await t.close()
    rmSync(dist, { recursive: true, force: true })
  })

  test('is not there: a JSON 404, with or without credentials', async () => {
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues'])
      for (const headers of [{}, signedIn]) {
        const res = await t.request('GET', path, { headers })
        expect(res.status).toBe(404)
        expect(res.body.error.code).toBe('route_not_found')
      }
    // The SPA still answers its own routes.
    expect((await t.request('GET', '/admin')).text).toContain('id="root"')
  })
})

describe('the queue dashboard at /admin/queues', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ ops })
  })
  afterAll(() => t.close())

  test('asks for credentials: 401 with a Basic challenge without them or with wrong ones', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/x.js'])
      for (const headers of [
        {},
        basic(ops.username, 'wrong password'),
        basic('someone', ops.password),
        { authorization: `Bearer ${ops.password}` },
      ]) {
        const res = await t.request('GET', path, { headers })
        expect(res.status).toBe(401)
        expect(res.headers.get('www-authenticate')).toStartWith('Basic realm=')
      }
  })

  test('with them, the page loads, and so do its scripts and styles', async () => {
    const page = await t.request('GET', '/admin/queues', { headers: signedIn })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.text).toContain('<base href="/admin/queues/"')
    expect(page.text).toContain('<title>assess queues</title>')
    // The page names its assets relative to <base>: each must answer under /admin/queues/.
    const assets = [...page.text.matchAll(/(?:src|href)="(static\/(?:js|css)\/[^"]+)"/g)].map(
      (m) => m[1],
    )
    expect(assets.some((a) => a?.endsWith('.js'))).toBe(true)
    expect(assets.some((a) => a?.endsWith('.css'))).toBe(true)
    for (const asset of assets) {
      const res = await t.app.request(`/admin/queues/${asset}`, { headers: signedIn })
      expect(res.status).toBe(200)
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100)
    }
    // Its base with a slash leads to the page.
    const slash = await t.request('GET', '/admin/queues/', { headers: signedIn })
    expect(slash.status).toBe(301)
    expect(slash.headers.get('location')).toBe('/admin/queues')
    // A client-side route of the board (a reload on it) gets the page too.
    const deep = await t.request('GET', '/admin/queues/queue/grading', { headers: signedIn })
    expect(deep.status).toBe(200)
    expect(deep.text).toContain('<base href="/admin/queues/"')
  })

  test("its API lists every product queue under this deployment's prefix, with their jobs", async () => {
    const answerId = crypto.randomUUID()
    await t.gradingQueue.add(
      GradeAnswerJob.name,
      { answer_id: answerId },
      { jobId: GradeAnswerJob.jobId(answerId) },
    )
    const res = await t.request('GET', '/admin/queues/api/queues?activeQueue=grading', {
      headers: signedIn,
    })
    expect(res.status).toBe(200)
    const queues: { name: string; counts: Record<string, number>; jobs: { id: string }[] }[] =
      res.body.queues
    expect(queues.map((q) => q.name).sort()).toEqual([...ALL_QUEUES].sort())
    const grading = queues.find((q) => q.name === 'grading')
    expect(grading?.counts.waiting).toBe(1)
    expect(grading?.jobs.map((j) => j.id)).toContain(answerId)
  })

  // bull-board reads any body as JSON and the browser sends cached Basic credentials with a
  // cross-site form: every change must come from the board's own page.
  const addPath = '/admin/queues/api/queues/grading/add'
  const job = JSON.stringify({ name: 'forged', data: { answer_id: crypto.randomUUID() } })
  const jobsIn = async () => {
    const counts = await t.gradingQueue.getJobCounts()
    return Object.values(counts).reduce((a, b) => a + b, 0)
  }

  test('refuses changes from another site, or from nowhere said: 403, nothing done', async () => {
    const before = await jobsIn()
    const forgeries: { method: string; path: string; headers: Record<string, string> }[] = [
      // The reported attack: a form posting text/plain with the cached credentials.
      {
        method: 'POST',
        path: addPath,
        headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      },
      {
        method: 'POST',
        path: addPath,
        headers: {
          'sec-fetch-site': 'cross-site',
          origin: 'https://evil.example',
          'content-type': 'text/plain',
        },
      },
      // A sibling subdomain is another origin.
      {
        method: 'POST',
        path: addPath,
        headers: { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        path: addPath,
        headers: { origin: 'http://evil.assess.test', 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        path: addPath,
        headers: { origin: 'null', 'content-type': 'application/json' },
      },
      // Neither header: no way to tell where it came from.
      { method: 'POST', path: addPath, headers: { 'content-type': 'application/json' } },
      // From the board's origin, but a body not declared JSON (what a form can send).
      {
        method: 'POST',
        path: addPath,
        headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' },
      },
      {
        method: 'POST',
        path: addPath,
        headers: {
          origin: 'http://assess.test',
          'content-type': 'application/x-www-form-urlencoded',
        },
      },
    ]
    for (const forgery of forgeries) {
      const res = await t.request(forgery.method, forgery.path, {
        headers: { ...signedIn, ...forgery.headers },
        rawBody: job,
      })
      expect([res.status, res.body?.error?.code, forgery.headers]).toEqual([
        403,
        'cross_origin_request',
        forgery.headers,
      ])
    }
    // Bodiless changes too: pause, retry, clean.
    for (const path of [
      '/admin/queues/api/queues/grading/pause',
      '/admin/queues/api/queues/grading/retry/failed',
      '/admin/queues/api/queues/grading/clean/waiting',
    ]) {
      const res = await t.request('PUT', path, {
        headers: { ...signedIn, origin: 'https://evil.example' },
      })
      expect([path, res.status]).toEqual([path, 403])
    }
    expect(await jobsIn()).toBe(before)
    expect(await t.gradingQueue.isPaused()).toBe(false)
  })

  test("the board's own changes go through: same origin, JSON", async () => {
    // As the browser sends them from the page at PUBLIC_URL.
    const fromBoard = { ...signedIn, origin: 'http://assess.test', 'sec-fetch-site': 'same-origin' }
    const added = await t.request('POST', addPath, {
      headers: { ...fromBoard, 'content-type': 'application/json' },
      rawBody: job,
    })
    expect(added.status).toBe(200)
    const id: string = added.body.job.id
    expect((await t.gradingQueue.getJob(id))?.name).toBe('forged')
    // A browser without Sec-Fetch-Site: the Origin (PUBLIC_URL's, or the request's own) decides.
    for (const origin of ['http://assess.test', 'http://localhost']) {
      const paused = await t.request('PUT', '/admin/queues/api/queues/grading/pause', {
        headers: { ...signedIn, origin },
      })
      expect([origin, paused.status]).toEqual([origin, 200])
      expect(await t.gradingQueue.isPaused()).toBe(true)
      await t.gradingQueue.resume()
    }
    const removed = await t.request('PUT', `/admin/queues/api/queues/grading/${id}/clean`, {
      headers: fromBoard,
    })
    expect(removed.status).toBe(204)
    expect(await t.gradingQueue.getJob(id)).toBeUndefined()
  })
})

describe('OPS_USERNAME and OPS_PASSWORD', () => {
  test('go together: one without the other is a configuration error naming the missing one', () => {
    const onlyUser = parseEnv(ApiEnv, { OPS_USERNAME: 'operator' })
    expect(onlyUser.ok).toBe(false)
    if (!onlyUser.ok) expect(onlyUser.message).toContain('OPS_PASSWORD')
    const onlyPassword = parseEnv(ApiEnv, { OPS_PASSWORD: ops.password })
    expect(onlyPassword.ok).toBe(false)
    if (!onlyPassword.ok) expect(onlyPassword.message).toContain('OPS_USERNAME')
    expect(parseEnv(ApiEnv, { OPS_USERNAME: 'operator', OPS_PASSWORD: ops.password }).ok).toBe(true)
    expect(parseEnv(ApiEnv, { OPS_USERNAME: 'operator', OPS_PASSWORD: 'short' }).ok).toBe(false)
  })
})
