import { useCallback } from 'react'
import { ApiError, request, requestFile } from '../api/client.ts'
import { useStaffAuth } from '../auth/store.ts'

/**
 * The response shapes, from the shared contracts. AssessmentDetail is GET /api/assessments/:id
 * (and create, update, publish): the settings and every question, answers included.
 */
export type {
  AssessmentList,
  AssessmentResponse,
  AssessmentWithQuestionsView as AssessmentDetail,
  CreatedInvitation,
  InvitationList,
  PreviewStarted,
  ResultsPage,
  SessionList,
  SessionListItem,
  SessionReport,
} from '@assess/core'

/** A sign-in that the API no longer accepts: drop it, and StaffLayout sends the user to /login. */
const SIGNED_OUT = new Set([
  'invalid_token',
  'token_expired',
  'missing_token',
  'account_deactivated',
  'account_not_found',
])

/**
 * `request` with the recruiter's token. A 401 signs out, so an expired session lands on the
 * login page (which then returns here through `?next=`).
 */
export function useStaffApi() {
  const token = useStaffAuth((s) => s.token)
  const signOut = useStaffAuth((s) => s.signOut)
  return useCallback(
    async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      try {
        return await request<T>(method, path, { token, body })
      } catch (err) {
        if (err instanceof ApiError && err.status === 401 && SIGNED_OUT.has(err.code)) signOut()
        throw err
      }
    },
    [token, signOut],
  )
}

/** `requestFile` (a download, such as the results CSV) with the recruiter's token, as above. */
export function useStaffFile() {
  const token = useStaffAuth((s) => s.token)
  const signOut = useStaffAuth((s) => s.signOut)
  return useCallback(
    async (path: string) => {
      try {
        return await requestFile(path, { token })
      } catch (err) {
        if (err instanceof ApiError && err.status === 401 && SIGNED_OUT.has(err.code)) signOut()
        throw err
      }
    },
    [token, signOut],
  )
}

/** A query string from the values that are set. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** Query keys in one place, so a mutation invalidates exactly what it changed. */
export const keys = {
  assessments: ['assessments'] as const,
  assessmentList: ['assessments', 'list'] as const,
  assessmentOptions: ['assessments', 'options'] as const,
  assessment: (id: string) => ['assessments', 'one', id] as const,
  invitations: (assessmentId: string) => ['invitations', assessmentId] as const,
  sessions: (status: string, assessmentId: string) => ['sessions', status, assessmentId] as const,
  liveSessions: (assessmentId: string) => ['sessions', 'live', assessmentId] as const,
  results: (filters: object) => ['results', filters] as const,
  report: (sessionId: string) => ['report', sessionId] as const,
  analytics: (assessmentId: string) => ['analytics', assessmentId] as const,
  team: ['team'] as const,
  me: ['me'] as const,
}
