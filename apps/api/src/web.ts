import { existsSync, statSync } from 'node:fs'
import { join, normalize, sep } from 'node:path'
import type { Context } from 'hono'

const API_PATHS = /^\/(api|healthz|readyz|metrics|admin\/queues)(\/|$)/

/**
 * The built SPA (apps/web/dist), served by the API in production: files as they are (hashed
 * assets cached for a year), and every other GET outside the API answered with index.html so
 * client-side routes (/invite/…, /results/…) survive a reload. Null when there is no build.
 */
export function webHandler(distDir: string | undefined) {
  if (!distDir || !existsSync(join(distDir, 'index.html'))) return null
  const root = normalize(distDir) + sep
  const index = join(root, 'index.html')
  return async (c: Context) => {
    let path: string
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname)
    } catch {
      return c.text('Bad request', 400) // malformed percent-encoding
    }
    if (API_PATHS.test(path)) return c.notFound()
    const file = normalize(join(root, path))
    if (file.startsWith(root) && file !== root && isFile(file)) {
      const immutable = file.startsWith(join(root, 'assets') + sep)
      return new Response(Bun.file(file), {
        headers: {
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        },
      })
    }
    return new Response(Bun.file(index), {
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
    })
  }
}

function isFile(path: string) {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}
