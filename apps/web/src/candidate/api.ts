import type {
  AcceptedInvitation,
  ActiveSessionResponse,
  ActivityResponse,
  AnswerPayload,
  EventsAccepted,
  HeartbeatResponse,
  IntegrityEvent,
  ProgressResponse,
  SampleRunInput,
  SampleRunResult,
  SessionState,
  SubmitResponse,
} from '@assess/core'
import { ApiError, request } from '../api/client.ts'

/** The candidate's calls, typed from the shared contracts. */

export type { AcceptedInvitation, HeartbeatResponse, IntegrityEvent, SubmitResponse }

export interface Auth {
  token: string
  /** Read at call time: a takeover swaps it. */
  lease: () => string | null
}

const enc = encodeURIComponent

export const candidateApi = {
  accept: (invitation: string) =>
    request<AcceptedInvitation>('POST', `/api/invitations/${enc(invitation)}/accept`),

  start: (token: string, assessmentId: string) =>
    request<SessionState>('POST', `/api/assessments/${enc(assessmentId)}/sessions`, { token }),

  /** Resume. Sending the lease this tab holds (if any) lets a reload keep it without a conflict. */
  active: (token: string, takeover = false, lease: string | null = null) =>
    request<ActiveSessionResponse>(
      'GET',
      `/api/sessions/active${takeover ? '?takeover=true' : ''}`,
      { token, lease },
    ),

  /** The owner's read: state without a lease (catches the clock up first). */
  read: (token: string, sessionId: string) =>
    request<SessionState>('GET', `/api/sessions/${enc(sessionId)}`, { token }),

  submit: (
    auth: Auth,
    sessionId: string,
    body: {
      question_id: string
      answer: AnswerPayload
      time_expired?: boolean
      client_submitted_at?: string
    },
  ) =>
    request<SubmitResponse>('POST', `/api/sessions/${enc(sessionId)}/answers`, {
      token: auth.token,
      lease: auth.lease(),
      body,
    }),

  progress: (
    auth: Auth,
    sessionId: string,
    body: {
      pending_answers?: Record<string, AnswerPayload | null>
      draft_bases?: Record<string, number>
      flagged_question_ids?: string[]
      sections_completed?: string[]
    },
    keepalive = false,
  ) =>
    request<ProgressResponse>('PUT', `/api/sessions/${enc(sessionId)}/progress`, {
      token: auth.token,
      lease: auth.lease(),
      body,
      keepalive,
    }),

  /** Free navigation: the first opening of a question starts its own time limit. */
  open: (auth: Auth, sessionId: string, questionId: string) =>
    request<SessionState>(
      'POST',
      `/api/sessions/${enc(sessionId)}/questions/${enc(questionId)}/open`,
      { token: auth.token, lease: auth.lease() },
    ),

  heartbeat: (auth: Auth, sessionId: string) =>
    request<HeartbeatResponse>('PUT', `/api/sessions/${enc(sessionId)}/heartbeat`, {
      token: auth.token,
      lease: auth.lease(),
    }),

  activity: (auth: Auth, sessionId: string) =>
    request<ActivityResponse>('PUT', `/api/sessions/${enc(sessionId)}/activity`, {
      token: auth.token,
      lease: auth.lease(),
    }),

  events: (auth: Auth, sessionId: string, events: IntegrityEvent[], keepalive = false) =>
    request<EventsAccepted>('POST', `/api/sessions/${enc(sessionId)}/events`, {
      token: auth.token,
      lease: auth.lease(),
      body: { events },
      keepalive,
    }),

  run: (auth: Auth, sessionId: string, body: SampleRunInput) =>
    request<SampleRunResult>('POST', `/api/sessions/${enc(sessionId)}/run`, {
      token: auth.token,
      lease: auth.lease(),
      body,
    }),
}

/**
 * The tab-close beacon. navigator.sendBeacon always POSTs and the API's /abandon is a PUT, so
 * this is a keepalive fetch (it outlives the page); the token and lease also ride in the body,
 * as the API accepts for beacons.
 */
export function sendAbandonBeacon(sessionId: string, token: string, leaseId: string | null) {
  const body = {
    completion_method: 'tab_close' as const,
    token,
    ...(leaseId && { lease_id: leaseId }),
  }
  void request('PUT', `/api/sessions/${enc(sessionId)}/abandon`, {
    token,
    lease: leaseId,
    body,
    keepalive: true,
  }).catch(() => {})
}

export const isApiError = (e: unknown, ...codes: string[]): e is ApiError =>
  e instanceof ApiError && (codes.length === 0 || codes.includes(e.code))
