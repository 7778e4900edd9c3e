import {
  AbandonInput,
  ForbiddenError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '@assess/core'
import {
  abandonSession,
  authorizeSampleRun,
  completeSession,
  heartbeat,
  listSessions,
  readSession,
  readSessionForStaff,
  recordActivity,
  recordEvents,
  resumeActiveSession,
  type SessionContext,
  saveProgress,
  startSession,
  submitAnswer,
} from '@assess/db'
import { runTestCases } from '@assess/grading'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../../deps.ts'
import { fieldErrors } from '../../errors.ts'
import { requireCandidate, requirePrincipal, requireStaff } from '../../middleware/auth.ts'
import { clientIp } from '../../middleware/client-ip.ts'
import { createRouter, IdParam } from '../openapi.ts'
import * as routes from './sessions.routes.ts'
import {
  heartbeatView,
  recruiterSessionView,
  sessionListItemView,
  sessionStateView,
} from './views.ts'

const EVENTS_RATE_LIMIT = { limit: 30, windowMs: 60_000 } // batches per session per minute

export function createSessionsRouter(deps: AppDeps) {
  const { db, now, queue, tokens } = deps
  const ctx: SessionContext = { db, now, queue }
  const candidateOnly = { middleware: [requireCandidate(tokens)] }
  const staffOnly = { middleware: [requireStaff(tokens)] }
  const owner = (
    c: { get(key: 'candidate'): { candidateId: string; assessmentId: string } },
    sessionId: string,
  ) => ({
    sessionId,
    candidateId: c.get('candidate').candidateId,
    assessmentId: c.get('candidate').assessmentId,
  })

  // sendBeacon cannot set headers: its token and lease may come in a text/plain JSON body.
  const abandonHandler = async (c: Context<AppEnv>) => {
    const { id } = IdParam.parse(c.req.param())
    const raw = await c.req.text()
    let parsedJson: unknown = {}
    try {
      parsedJson = raw ? JSON.parse(raw) : {}
    } catch {
      throw new ValidationError('validation_failed', 'The body is not JSON', {
        fields: { body: ['not JSON'] },
      })
    }
    const input = AbandonInput.safeParse(parsedJson)
    if (!input.success)
      throw new ValidationError('validation_failed', 'Some fields are missing or invalid', {
        location: 'json',
        fields: fieldErrors(input.error),
      })
    const bearerToken =
      c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? input.data.token
    if (!bearerToken) throw new UnauthorizedError('missing_token', 'Sign in to continue')
    const principal = await tokens.verify(bearerToken)
    if (principal.kind !== 'candidate')
      throw new ForbiddenError('forbidden', 'This action is for candidates only')
    const snap = await abandonSession(ctx, {
      sessionId: id,
      candidateId: principal.candidateId,
      leaseId: c.req.header('x-session-lease') ?? input.data.lease_id,
      method: input.data.completion_method,
    })
    return c.json(sessionStateView(snap), 200)
  }

  return createRouter()
    .openapi({ ...routes.start, ...candidateOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const started = await startSession(ctx, {
        candidate: c.get('candidate'),
        assessmentId: id,
        ip: clientIp(c) === 'unknown' ? null : clientIp(c).replace(/^::ffff:/, ''),
        userAgent: c.req.header('user-agent') ?? null,
      })
      return c.json(sessionStateView(started, { leaseId: started.leaseId }), 201)
    })
    .openapi({ ...routes.active, ...candidateOnly }, async (c) => {
      const { takeover } = c.req.valid('query')
      const candidate = c.get('candidate')
      const resumed = await resumeActiveSession(ctx, {
        candidateId: candidate.candidateId,
        assessmentId: candidate.assessmentId,
        takeover: takeover === 'true',
        leaseId: c.req.valid('header')['x-session-lease'],
      })
      return c.json({ active_session: resumed ? sessionStateView(resumed, resumed) : null }, 200)
    })
    .openapi({ ...routes.list, ...staffOnly }, async (c) => {
      const query = c.req.valid('query')
      const page = await listSessions(db, {
        orgId: c.get('staff').orgId,
        now: now(),
        status: query.status,
        assessmentId: query.assessment_id,
        limit: query.limit,
        cursor: query.cursor,
      })
      return c.json(
        { sessions: page.items.map(sessionListItemView), next_cursor: page.nextCursor },
        200,
      )
    })
    .openapi({ ...routes.get, middleware: [requirePrincipal(tokens)] }, async (c) => {
      const { id } = c.req.valid('param')
      const principal = c.get('principal')
      if (principal.kind === 'staff') {
        const view = await readSessionForStaff(ctx, { sessionId: id, orgId: principal.orgId })
        return c.json(recruiterSessionView(view), 200)
      }
      const snap = await readSession(ctx, { sessionId: id, candidateId: principal.candidateId })
      return c.json(sessionStateView(snap), 200)
    })
    .openapi({ ...routes.submit, ...candidateOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const result = await submitAnswer(ctx, {
        ...owner(c, id),
        leaseId: c.req.valid('header')['x-session-lease'],
        input: c.req.valid('json'),
      })
      const { answer } = result
      const body = {
        answer: {
          id: answer.id,
          question_id: answer.questionId,
          grading_status: answer.gradingStatus,
          time_taken_ms: answer.timeTakenMs,
          time_expired: answer.timeExpired,
          duplicate: result.duplicate,
        },
        ...sessionStateView(result),
      }
      return result.duplicate ? c.json(body, 200) : c.json(body, 201)
    })
    .openapi({ ...routes.heartbeat, ...candidateOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const snap = await heartbeat(ctx, {
        ...owner(c, id),
        leaseId: c.req.valid('header')['x-session-lease'],
      })
      return c.json(heartbeatView(snap), 200)
    })
    .openapi({ ...routes.activity, ...candidateOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const snap = await recordActivity(ctx, {
        ...owner(c, id),
        leaseId: c.req.valid('header')['x-session-lease'],
      })
      return c.json({ last_activity: (snap.session.lastActivity ?? snap.now).toISOString() }, 200)
    })
    .openapi({ ...routes.progress, ...candidateOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const snap = await saveProgress(ctx, {
        ...owner(c, id),
        leaseId: c.req.valid('header')['x-session-lease'],
        input: c.req.valid('json'),
      })
      const s = snap.session
      return c.json(
        {
          sections_completed: s.sectionsCompleted,
          pending_answers: s.pendingAnswers,
          flagged_question_ids: s.flaggedQuestionIds,
        },
        200,
      )
    })
    .openapi({ ...routes.complete, ...candidateOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json') ?? { completion_method: 'manual' as const }
      const snap = await completeSession(ctx, {
        ...owner(c, id),
        leaseId: c.req.valid('header')['x-session-lease'],
        method: body.completion_method ?? 'manual',
      })
      return c.json(sessionStateView(snap), 200)
    })
    .openapi(routes.abandon, (c) => abandonHandler(c))
    .openapi(routes.abandonBeacon, (c) => abandonHandler(c))
    .openapi({ ...routes.events, ...candidateOnly }, async (c) => {
      const { id } = c.req.valid('param')
      await deps.rateLimiter.hit(`events:${id}`, EVENTS_RATE_LIMIT)
      const result = await recordEvents(ctx, {
        ...owner(c, id),
        leaseId: c.req.valid('header')['x-session-lease'],
        input: c.req.valid('json'),
      })
      return c.json(result, 202)
    })
    .openapi({ ...routes.sampleRun, ...candidateOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const input = c.req.valid('json')
      // Keyed by candidate too, so nobody can spend another candidate's budget.
      await deps.rateLimiter.hit(
        `sample-run:${c.get('candidate').candidateId}:${id}`,
        deps.config.sampleRunRateLimit,
      )
      const { spec } = await authorizeSampleRun(ctx, {
        ...owner(c, id),
        leaseId: c.req.valid('header')['x-session-lease'],
        questionId: input.question_id,
      })
      const run = await runTestCases(deps.sandbox, spec, input.code, 'samples')
      if (!run.ok) throw new UnavailableError('code_runner_unavailable', run.reason)
      return c.json(
        {
          results: run.results.map(({ kind: _, ...result }) => result),
          stdout: run.stdout.slice(0, 4000),
        },
        200,
      )
    })
}
