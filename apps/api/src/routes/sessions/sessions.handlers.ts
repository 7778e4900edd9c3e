import { AbandonInput, ForbiddenError, UnauthorizedError, ValidationError } from '@assess/core'
import {
  abandonSession,
  authorizeSampleRun,
  type CandidateScope,
  completeSession,
  heartbeat,
  listSessions,
  openQuestion,
  readSession,
  readSessionForStaff,
  recordActivity,
  recordEvents,
  recordSampleRun,
  resumeActiveSession,
  saveProgress,
  startSession,
  submitAnswer,
} from '@assess/db'
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { CandidatePrincipal } from '../../auth/principal.ts'
import type { AppDeps, AppEnv } from '../../deps.ts'
import { fieldErrors } from '../../errors.ts'
import { clientIp } from '../../middleware/client-ip.ts'
import { runSamples } from '../../sample-runs.ts'
import { sendJson } from '../json-text.ts'
import { IdParam } from '../openapi.ts'
import { sessionContext, sessionLiveEvents } from './live-events.ts'
import type * as routes from './sessions.routes.ts'
import {
  heartbeatView,
  recruiterSessionView,
  sessionListItemView,
  sessionStateJson,
  sessionStateView,
} from './views.ts'

const EVENTS_RATE_LIMIT = { limit: 30, windowMs: 60_000 } // batches per session per minute

type Handler<R extends RouteConfig> = RouteHandler<R, AppEnv>

/**
 * The sessions routes' handlers, by name. The routes' zod schemas have parsed the input; each
 * handler calls one command and shapes its response.
 */
/** The session and the candidate token's scope (its candidate, assessment and invitation). */
const scopeOf = (candidate: CandidatePrincipal, sessionId: string): CandidateScope => ({
  sessionId,
  candidateId: candidate.candidateId,
  assessmentId: candidate.assessmentId,
  invitationId: candidate.invitationId,
})

export function createSessionHandlers(deps: AppDeps) {
  const { db, now, tokens } = deps
  const live = sessionLiveEvents(deps.live)
  const ctx = sessionContext(deps)
  /** A candidate's call on a session: the session, within their token's scope. */
  const owner = (c: { get(key: 'candidate'): CandidatePrincipal }, sessionId: string) =>
    scopeOf(c.get('candidate'), sessionId)

  /** Starts an attempt: 201 with the session, its first question and the lease. */
  const startHandler: Handler<typeof routes.start> = async (c) => {
    const { id } = c.req.valid('param')
    const ip = clientIp(c, deps.config.trustProxy)
    const started = await startSession(ctx, {
      candidate: c.get('candidate'),
      assessmentId: id,
      ip: ip === 'unknown' ? null : ip,
      userAgent: c.req.header('user-agent') ?? null,
    })
    live.started(started)
    return sendJson(c, sessionStateJson(started, { leaseId: started.leaseId }), 201)
  }

  /** Resume: the active session of the token's assessment (and a lease), or null. */
  const activeHandler: Handler<typeof routes.active> = async (c) => {
    const { takeover } = c.req.valid('query')
    const candidate = c.get('candidate')
    const resumed = await resumeActiveSession(ctx, {
      candidateId: candidate.candidateId,
      assessmentId: candidate.assessmentId,
      invitationId: candidate.invitationId,
      takeover: takeover === 'true',
      leaseId: c.req.valid('header')['x-session-lease'],
    })
    return c.json({ active_session: resumed ? sessionStateView(resumed, resumed) : null }, 200)
  }

  /** Staff: the organization's sessions, filtered and paged. */
  const listHandler: Handler<typeof routes.list> = async (c) => {
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
  }

  /** One session: the candidate's own state, or the recruiter's view of their organization's. */
  const getHandler: Handler<typeof routes.get> = async (c) => {
    const { id } = c.req.valid('param')
    const principal = c.get('principal')
    if (principal.kind === 'staff') {
      const view = await readSessionForStaff(ctx, { sessionId: id, orgId: principal.orgId })
      return c.json(recruiterSessionView(view), 200)
    }
    const snap = await readSession(ctx, scopeOf(principal, id))
    return sendJson(c, sessionStateJson(snap), 200)
  }

  /** Stores one answer (201; a replay of the same answer is 200) and moves the session on. */
  const submitHandler: Handler<typeof routes.submit> = async (c) => {
    const { id } = c.req.valid('param')
    const result = await submitAnswer(ctx, {
      ...owner(c, id),
      leaseId: c.req.valid('header')['x-session-lease'],
      input: c.req.valid('json'),
    })
    live.submitted(result)
    const { answer } = result
    const body = sessionStateJson(result, undefined, {
      answer: {
        id: answer.id,
        question_id: answer.questionId,
        grading_status: answer.gradingStatus,
        time_taken_ms: answer.timeTakenMs,
        time_expired: answer.timeExpired,
        duplicate: result.duplicate,
      },
    })
    return result.duplicate ? sendJson(c, body, 200) : sendJson(c, body, 201)
  }

  /** Free navigation: the first opening of a question starts its window (server-stamped). */
  const openQuestionHandler: Handler<typeof routes.openQuestion> = async (c) => {
    const { id, question_id } = c.req.valid('param')
    const snap = await openQuestion(ctx, {
      ...owner(c, id),
      leaseId: c.req.valid('header')['x-session-lease'],
      questionId: question_id,
    })
    return sendJson(c, sessionStateJson(snap), 200)
  }

  /** Liveness: renews the lease and answers with the server's timers. */
  const heartbeatHandler: Handler<typeof routes.heartbeat> = async (c) => {
    const { id } = c.req.valid('param')
    const snap = await heartbeat(ctx, {
      ...owner(c, id),
      leaseId: c.req.valid('header')['x-session-lease'],
    })
    return c.json(heartbeatView(snap), 200)
  }

  /** The candidate did something: last_activity. */
  const activityHandler: Handler<typeof routes.activity> = async (c) => {
    const { id } = c.req.valid('param')
    const snap = await recordActivity(ctx, {
      ...owner(c, id),
      leaseId: c.req.valid('header')['x-session-lease'],
    })
    return c.json({ last_activity: (snap.session.lastActivity ?? snap.now).toISOString() }, 200)
  }

  /** Drafts, flags and sections (what the clock submits at a deadline). */
  const progressHandler: Handler<typeof routes.progress> = async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    // Rate-limited on the session row itself (core/session/progress-saves.ts).
    const snap = await saveProgress(ctx, {
      ...owner(c, id),
      leaseId: c.req.valid('header')['x-session-lease'],
      input,
    })
    const s = snap.session
    const drafts = snap.drafts ?? { saved: {}, conflicts: {} }
    // The drafts saved are not sent back (the browser has them, and they can be large): only
    // the stored ones a refused draft would have replaced, for the candidate to choose.
    return c.json(
      {
        sections_completed: s.sectionsCompleted,
        flagged_question_ids: s.flaggedQuestionIds,
        saved_question_ids: [
          ...Object.keys(drafts.saved),
          ...Object.entries(input.pending_answers ?? {})
            .filter(([, draft]) => draft === null)
            .map(([id]) => id),
        ],
        draft_revisions: drafts.saved,
        draft_conflicts: drafts.conflicts,
      },
      200,
    )
  }

  /** Finishes the test; open questions are finalized from their drafts. */
  const completeHandler: Handler<typeof routes.complete> = async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json') ?? { completion_method: 'manual' as const }
    const snap = await completeSession(ctx, {
      ...owner(c, id),
      leaseId: c.req.valid('header')['x-session-lease'],
      method: body.completion_method ?? 'manual',
    })
    live.endedByCall(snap)
    return sendJson(c, sessionStateJson(snap), 200)
  }

  /** Integrity signals (tab hidden, paste, ...), rate-limited per candidate and session. */
  const eventsHandler: Handler<typeof routes.events> = async (c) => {
    const { id } = c.req.valid('param')
    const scope = owner(c, id)
    const result = await recordEvents(ctx, {
      ...scope,
      leaseId: c.req.valid('header')['x-session-lease'],
      input: c.req.valid('json'),
      // Counted only once the caller is known to own the session.
      admit: () => deps.rateLimiter.hit(`events:${scope.candidateId}:${id}`, EVENTS_RATE_LIMIT),
    })
    live.integrity({
      subject: c.get('candidate'), // its organization; a preview is not monitored
      sessionId: id,
      assessmentId: scope.assessmentId,
      types: c.req.valid('json').events.map((e) => e.type),
      at: now(),
    })
    return c.json(result, 202)
  }

  /** Runs the visible tests of a code question in the sandbox; nothing is stored. */
  const sampleRunHandler: Handler<typeof routes.sampleRun> = async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    // Keyed by candidate too, so nobody can spend another candidate's budget.
    await deps.rateLimiter.hit(
      `sample-run:${c.get('candidate').candidateId}:${id}`,
      deps.config.sampleRunRateLimit,
    )
    const { spec, language, orgId } = await authorizeSampleRun(ctx, {
      ...owner(c, id),
      leaseId: c.req.valid('header')['x-session-lease'],
      questionId: input.question_id,
      language: input.language,
    })
    const { result, summary } = await runSamples(deps, {
      spec,
      language,
      code: input.code,
      custom: input.custom_input,
    })
    // The report's timeline lists the runs (what ran and how it went; never the code).
    await recordSampleRun(ctx.db, {
      orgId,
      sessionId: id,
      at: now(),
      data: { question_id: input.question_id, language, ...summary },
    })
    return c.json(result, 200)
  }

  /** Quit, or a closing tab's beacon. */
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
      ...scopeOf(principal, id),
      leaseId: c.req.header('x-session-lease') ?? input.data.lease_id,
      method: input.data.completion_method,
    })
    live.endedByCall(snap)
    return sendJson(c, sessionStateJson(snap), 200)
  }

  return {
    start: startHandler,
    active: activeHandler,
    list: listHandler,
    get: getHandler,
    submit: submitHandler,
    heartbeat: heartbeatHandler,
    activity: activityHandler,
    openQuestion: openQuestionHandler,
    progress: progressHandler,
    complete: completeHandler,
    events: eventsHandler,
    sampleRun: sampleRunHandler,
    abandon: abandonHandler,
  }
}
