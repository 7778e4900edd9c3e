import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestApp, type TestApp } from './test/harness.ts'

let t: TestApp
const dist = mkdtempSync(join(tmpdir(), 'assess-web-'))
beforeAll(async () => {
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>')
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)')
  writeFileSync(join(tmpdir(), 'assess-web-secret.txt'), 'secret')
  t = await createTestApp({ webDistDir: dist })
})
afterAll(async () => {
  await t.close()
  rmSync(dist, { recursive: true, force: true })
})

describe('the built SPA, served by the API', () => {
  test('client-side routes fall back to index.html, uncached', async () => {
    for (const path of ['/', '/login', '/invite/abc', '/results/123']) {
      const res = await t.app.request(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toContain('id="root"')
    }
  })

  test('hashed assets are served and cached for good', async () => {
    const res = await t.app.request('/assets/app-1234.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('immutable')
    expect(await res.text()).toBe('console.log(1)')
  })

  test('API paths stay JSON 404s, and nothing outside the build is reachable', async () => {
    const api = await t.app.request('/api/nope')
    expect(api.status).toBe(404)
    expect(((await api.json()) as { error: { code: string } }).error.code).toBeDefined()
    const outside = await t.app.request('/%2e%2e/assess-web-secret.txt')
    expect(await outside.text()).not.toContain('secret')
    expect((await t.app.request('/%E0%A4%A')).status).toBe(400)
  })
})
