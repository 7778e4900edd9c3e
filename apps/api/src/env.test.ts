import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { parseEnv } from '@assess/core'
import { ApiEnv } from './env.ts'

// Real processes on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(60_000)

describe('API environment', () => {
  test('runs locally with no configuration at all', () => {
    const result = parseEnv(ApiEnv, {})
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.env).toMatchObject({
      PORT: 3000,
      ALLOW_SIGNUP: true,
      PUBLIC_URL: 'http://localhost:3000',
    })
    expect(result.env.JWT_SECRET.length).toBeGreaterThanOrEqual(32)
  })

  test('production must bring its own JWT secret', () => {
    const result = parseEnv(ApiEnv, { NODE_ENV: 'production' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toContain('JWT_SECRET')
  })

  test('bad values are each named', () => {
    const result = parseEnv(ApiEnv, { PORT: '70000', ALLOW_SIGNUP: 'maybe', JWT_SECRET: 'short' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    for (const name of ['PORT', 'ALLOW_SIGNUP', 'JWT_SECRET'])
      expect(result.message).toContain(name)
  })

  test('the process exits with that message on a bad environment', () => {
    const proc = Bun.spawnSync(['bun', 'run', 'src/main.ts'], {
      cwd: `${import.meta.dir}/..`,
      env: { PATH: process.env.PATH, PORT: 'nope', JWT_SECRET: 'short' },
    })
    expect(proc.exitCode).toBe(1)
    const stderr = proc.stderr.toString()
    expect(stderr).toContain('Invalid environment')
    expect(stderr).toContain('PORT')
    expect(stderr).toContain('JWT_SECRET')
  })
})
