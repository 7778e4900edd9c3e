import type { Context } from 'hono'

/**
 * The API reference's browser bundle, from the pinned @scalar/api-reference package (the
 * reference renders with no internet). Its version is in the URL's package, so it may be cached
 * for a day; a deploy with a new version serves new bytes under the same path after that.
 */
const bundle = Bun.file(
  new URL('./browser/standalone.js', import.meta.resolve('@scalar/api-reference')),
)

let bytes: Promise<ArrayBuffer> | undefined

export async function serveDocsScript(c: Context) {
  bytes ??= bundle.arrayBuffer()
  return c.body(await bytes, 200, {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=86400',
  })
}
