import type { AppDeps } from '../../deps.ts'
import { requireCandidate, requirePrincipal, requireStaff } from '../../middleware/auth.ts'
import { createRouter } from '../openapi.ts'
import { createSessionHandlers } from './sessions.handlers.ts'
import * as routes from './sessions.routes.ts'

/** The sessions routes: who may call each (middleware), and its named handler. */
export function createSessionsRouter(deps: AppDeps) {
  const h = createSessionHandlers(deps)
  const candidateOnly = { middleware: [requireCandidate(deps.tokens)] }
  const staffOnly = { middleware: [requireStaff(deps)] }
  return createRouter()
    .openapi({ ...routes.start, ...candidateOnly }, h.start)
    .openapi({ ...routes.active, ...candidateOnly }, h.active)
    .openapi({ ...routes.list, ...staffOnly }, h.list)
    .openapi({ ...routes.get, middleware: [requirePrincipal(deps)] }, h.get)
    .openapi({ ...routes.submit, ...candidateOnly }, h.submit)
    .openapi({ ...routes.openQuestion, ...candidateOnly }, h.openQuestion)
    .openapi({ ...routes.heartbeat, ...candidateOnly }, h.heartbeat)
    .openapi({ ...routes.activity, ...candidateOnly }, h.activity)
    .openapi({ ...routes.progress, ...candidateOnly }, h.progress)
    .openapi({ ...routes.complete, ...candidateOnly }, h.complete)
    .openapi(routes.abandon, h.abandon)
    .openapi(routes.abandonBeacon, h.abandon)
    .openapi({ ...routes.events, ...candidateOnly }, h.events)
    .openapi({ ...routes.sampleRun, ...candidateOnly }, h.sampleRun)
}
