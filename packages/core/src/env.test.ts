import { describe, expect, test } from 'bun:test'
import { z } from 'zod'
import { envFields, parseEnv } from './env.ts'

const Schema = z.object({
  DATABASE_URL: envFields.DATABASE_URL,
  LOG_LEVEL: envFields.LOG_LEVEL,
  PORT: z.coerce.number().int().min(1),
  SECRET: z.string().min(10),
})

describe('parseEnv', () => {
  test('applies local defaults and treats empty strings as unset', () => {
    const result = parseEnv(Schema, { PORT: '3000', SECRET: '0123456789', LOG_LEVEL: '' })
    expect(result).toEqual({
      ok: true,
      env: {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/assess',
        LOG_LEVEL: 'info',
        PORT: 3000,
        SECRET: '0123456789',
      },
    })
  })

  test('names every bad or missing variable in one message', () => {
    const result = parseEnv(Schema, { DATABASE_URL: 'not a url', LOG_LEVEL: 'loud', PORT: 'abc' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    for (const name of ['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SECRET (missing)'])
      expect(result.message).toContain(`- ${name}`)
  })
})
