import { PayloadTooLargeError } from '@assess/core'
import { Scalar } from '@scalar/hono-api-reference'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import type { AppDeps } from './deps.ts'
import { serveDocsScript } from './docs-script.ts'
import { handleError, handleNotFound } from './errors.ts'
import { createApiMetrics, METRICS_PATH } from './metrics.ts'
import { compressJson } from './middleware/compress-json.ts'
import { requestLogger } from './middleware/request-logger.ts'
import { DOCS_PATH, DOCS_SCRIPT_PATH, securityHeaders } from './middleware/security-headers.ts'
import { createQueueDashboard, QUEUE_DASHBOARD_PATH } from './ops/queue-dashboard.ts'
import { createAnalyticsRouter } from './routes/analytics/analytics.router.ts'
import { createAssessmentsRouter } from './routes/assessments/assessments.router.ts'
import { createAuthRouter } from './routes/auth/auth.router.ts'
import { createGradesRouter } from './routes/grades/grades.router.ts'
import { createHealthRouter } from './routes/health/health.router.ts'
import { createInvitationsRouter } from './routes/invitations/invitations.router.ts'
import { createLanguagesRouter } from './routes/languages/languages.router.ts'
import { createLiveRouter } from './routes/live/live.router.ts'
import { createMembersRouter } from './routes/members/members.router.ts'
import { createRouter } from './routes/openapi.ts'
import { createPreviewRouter } from './routes/preview/preview.router.ts'
import { createProctorRouter } from './routes/proctor/proctor.router.ts'
import { createResultsRouter } from './routes/results/results.router.ts'
import { createResultsCsvRouter } from './routes/results/results-csv.router.ts'
import { createSessionsRouter } from './routes/sessions/sessions.router.ts'
import { createWebhooksRouter } from './routes/webhooks/webhooks.router.ts'
import { webHandler } from './web.ts'

/** The whole HTTP API, built from its dependencies (real ones in tests too). */
export function createApp(deps: AppDeps) {
  const app = createRouter()
  app.use(requestId())
  app.use(
    securityHeaders({ inlineScriptsUnder: deps.config.ops ? QUEUE_DASHBOARD_PATH : undefined }),
  )
  const metrics = createApiMetrics({
    db: deps.db,
    queues: deps.productQueues.all,
    logger: deps.logger,
    token: deps.config.metricsToken,
  })
  app.use(metrics.middleware)
  app.use(requestLogger(deps.logger))
  app.use(
    bodyLimit({
      maxSize: deps.config.bodyLimitBytes,
      onError: () => {
        throw new PayloadTooLargeError(deps.config.bodyLimitBytes)
      },
    }),
  )
  app.use(compressJson())
  app.onError(handleError)
  app.notFound(handleNotFound)

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  })
  const routes = app
    .route('/', createHealthRouter(deps))
    .route('/api', createAuthRouter(deps))
    .route('/api', createAssessmentsRouter(deps))
    .route('/api', createAnalyticsRouter(deps))
    .route('/api', createLanguagesRouter(deps))
    .route('/api', createPreviewRouter(deps))
    .route('/api', createInvitationsRouter(deps))
    .route('/api', createMembersRouter(deps))
    .route('/api', createWebhooksRouter(deps))
    .route('/api', createLiveRouter(deps))
    .route('/api', createSessionsRouter(deps))
    .route('/api', createProctorRouter(deps))
    .route('/api', createResultsRouter(deps))
    .route('/api', createGradesRouter(deps))
    .route('/api', createResultsCsvRouter(deps))

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'assess API',
      version: '1.0.0',
      description:
        'Timed technical assessments with a server-owned clock. Errors are always ' +
        '`{ "error": { "code", "message", "details"?, "request_id" } }`.',
    },
  })
  app.get(DOCS_SCRIPT_PATH, serveDocsScript)
  app.get(
    DOCS_PATH,
    Scalar((c) => ({
      url: '/api/openapi.json',
      pageTitle: 'assess API reference',
      cdn: DOCS_SCRIPT_PATH,
      nonce: c.get('secureHeadersNonce'),
      // Its default fonts come from fonts.scalar.com: the system's instead (no internet).
      withDefaultFonts: false,
    })),
  )
  // Operations, outside /api and the API reference: the scrape and the queue dashboard.
  app.get(METRICS_PATH, metrics.handler)
  const { ops } = deps.config
  if (ops)
    app.route(
      QUEUE_DASHBOARD_PATH,
      createQueueDashboard({
        queues: deps.productQueues.all,
        credentials: ops,
        publicUrl: deps.config.publicUrl,
      }),
    )
  const web = webHandler(deps.config.webDistDir)
  if (web) app.get('*', web)
  return routes
}

export type App = ReturnType<typeof createApp>
