import { afterAll, beforeAll, expect, test } from 'bun:test'
import type { z } from 'zod'
import { createTestApp, type TestApp } from './test/harness.ts'

type Schema = { $ref?: string; example?: unknown; examples?: unknown[] }
type Media = { schema?: Schema; example?: unknown; examples?: Record<string, { value?: unknown }> }
type Operation = {
  summary?: string
  description?: string
  requestBody?: { content: Record<string, Media> }
}
type Document = {
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, Schema> }
}

let t: TestApp
let doc: Document
let operations: { id: string; op: Operation }[]
beforeAll(async () => {
  t = await createTestApp()
  doc = (await t.request('GET', '/api/openapi.json')).body as Document
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ id: `${method} ${path}`, op })),
  )
})
afterAll(() => t.close())

/** Every route's JSON body schema, by operation id (`post /api/auth/login`), from its routes file. */
async function routeBodySchemas() {
  const schemas = new Map<string, z.ZodType>()
  for await (const file of new Bun.Glob('routes/**/*.routes.ts').scan({ cwd: import.meta.dir })) {
    const module: Record<string, unknown> = await import(`./${file}`)
    for (const value of Object.values(module)) {
      const route = value as {
        method?: unknown
        path?: unknown
        request?: { body?: { content?: Record<string, { schema?: z.ZodType }> } }
      }
      const schema = route?.request?.body?.content?.['application/json']?.schema
      // Every API router is mounted under /api (app.ts).
      if (typeof route.method === 'string' && typeof route.path === 'string' && schema)
        schemas.set(`${route.method} /api${route.path}`, schema)
    }
  }
  return schemas
}

/** The example a reader sees: the media type's own, else its schema's (a $ref followed). */
function exampleOf(media: Media): { found: boolean; value?: unknown } {
  if (media.example !== undefined) return { found: true, value: media.example }
  const first = Object.values(media.examples ?? {})[0]
  if (first?.value !== undefined) return { found: true, value: first.value }
  const ref = media.schema?.$ref?.replace('#/components/schemas/', '')
  const schema = ref ? doc.components?.schemas?.[ref] : media.schema
  if (schema?.example !== undefined) return { found: true, value: schema.example }
  if (schema?.examples?.[0] !== undefined) return { found: true, value: schema.examples[0] }
  return { found: false }
}

test('every operation has a summary and a description', () => {
  expect(operations.length).toBeGreaterThan(40)
  expect(operations.filter(({ op }) => !op.summary?.trim()).map(({ id }) => id)).toEqual([])
  expect(operations.filter(({ op }) => !op.description?.trim()).map(({ id }) => id)).toEqual([])
})

test("every JSON request body has an example, and it passes the route's own schema", async () => {
  const schemas = await routeBodySchemas()
  const bodies = operations.flatMap(({ id, op }) => {
    const media = op.requestBody?.content['application/json']
    return media ? [{ id, media }] : []
  })
  expect(bodies.length).toBeGreaterThan(20)
  expect(bodies.filter(({ media }) => !exampleOf(media).found).map(({ id }) => id)).toEqual([])
  for (const { id, media } of bodies) {
    const schema = schemas.get(id)
    expect({ id, schema: schema !== undefined }).toEqual({ id, schema: true })
    const parsed = schema?.safeParse(exampleOf(media).value)
    expect({ id, issues: parsed?.success ? [] : parsed?.error.issues }).toEqual({ id, issues: [] })
  }
})
