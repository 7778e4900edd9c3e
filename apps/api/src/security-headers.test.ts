import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createTestApp, type TestApp } from './test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

test('every response carries the security headers; scripts only from this origin', async () => {
  const res = await t.app.request('/healthz')
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  expect(res.headers.get('x-frame-options')).toBe('DENY')
  const csp = res.headers.get('content-security-policy') ?? ''
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).toMatch(/script-src 'self'\s*(;|$)/)
  expect(csp).not.toContain('unsafe-eval')
})

test('the API reference loads its pinned bundle from here, started by a nonce the CSP names', async () => {
  const res = await t.app.request('/api/docs')
  expect(res.status).toBe(200)
  const html = await res.text()
  expect(html).not.toMatch(/https?:\/\//) // no CDN, nothing from elsewhere
  const nonce = /<script src="\/api\/docs\/scalar\.js" nonce="([^"]+)"/.exec(html)?.[1]
  expect(nonce).toBeTruthy()
  expect(res.headers.get('content-security-policy')).toContain(`'nonce-${nonce}'`)
  // A new nonce per page.
  const again = await (await t.app.request('/api/docs')).text()
  expect(again).not.toContain(`nonce="${nonce}"`)

  const script = await t.app.request('/api/docs/scalar.js')
  expect(script.status).toBe(200)
  expect(script.headers.get('content-type')).toContain('javascript')
  expect((await script.text()).length).toBeGreaterThan(1_000_000)
})
