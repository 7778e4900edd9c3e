import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { HonoAdapter } from '@bull-board/hono'
import type { Queue } from 'bullmq'
import { Hono } from 'hono'
import { basicAuth } from 'hono/basic-auth'
import { serveStatic } from 'hono/bun'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../deps.ts'
import { handleError } from '../errors.ts'
import { sameOriginOnly } from './same-origin.ts'

export const QUEUE_DASHBOARD_PATH = '/admin/queues'

type BoardAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter']

/**
 * The operators' queue dashboard (bull-board) over every product queue, behind HTTP basic auth
 * (OPS_USERNAME / OPS_PASSWORD). Mounted only when both are set: otherwise the path is a 404.
 */
export function createQueueDashboard(options: {
  queues: readonly Queue[]
  credentials: { username: string; password: string }
  /** PUBLIC_URL: the origin the board's own pages send their changes from. */
  publicUrl: string
}) {
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(QUEUE_DASHBOARD_PATH)
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue)),
    // @bull-board/hono 9.10.1 declares its types against @bull-board/api 9.10.1 (a private
    // field differs from 9.10.2); at run time the adapter is the same interface.
    serverAdapter: serverAdapter as unknown as BoardAdapter,
    options: { uiConfig: { boardTitle: 'assess queues' } },
  })
  const dashboard = new Hono<AppEnv>()
  // The API's error handler renders errors as JSON and would drop basicAuth's WWW-Authenticate
  // challenge, without which a browser never asks for the credentials: keep Hono's response.
  dashboard.onError((err, c) =>
    err instanceof HTTPException ? err.getResponse() : handleError(err, c),
  )
  // First, so a cross-site request is refused before it can even prompt for credentials.
  dashboard.use('*', sameOriginOnly(options.publicUrl))
  dashboard.use('*', basicAuth({ ...options.credentials, realm: 'assess operations' }))
  // The board's own links lead to its base with a slash (<base href>): the page lives without.
  dashboard.use('*', async (c, next) => {
    if (c.req.path === `${QUEUE_DASHBOARD_PATH}/`) return c.redirect(QUEUE_DASHBOARD_PATH, 301)
    await next()
  })
  dashboard.route('/', serverAdapter.registerPlugin())
  return dashboard
}
