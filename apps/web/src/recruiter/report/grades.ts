import type { GradeOverrideResult, RegradeResult, ReportAnswer } from '@assess/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { keys, useStaffApi } from '../api.ts'
import { type JsonObject, str } from './json.ts'

/** A grade a recruiter may change: stored, and no longer waiting for a grader. */
export const isGraded = (a: ReportAnswer) =>
  a.answer_id !== null && a.grading_status !== 'pending' && a.grading_status !== 'grading'

/** Ended sessions only: grades of a test still under way are not final. */
export const isFinishedStatus = (status: string) => status !== 'active' && status !== 'paused'

/** "Adjusted by a person" for a human grade, else the grader's method, model and prompt. */
export function graderLabel(grader: JsonObject): string {
  const method = str(grader.method)
  if (method === 'human')
    return `Adjusted by a person${str(grader.reason) ? ` (“${str(grader.reason)}”)` : ''}`
  return [
    method || '—',
    str(grader.model) ? `model ${str(grader.model)}` : '',
    str(grader.prompt_version) ? `prompt ${str(grader.prompt_version)}` : '',
  ]
    .filter(Boolean)
    .join(' · ')
}

/** Overrides and regrades, refreshing the report (and the results lists) once they land. */
export function useGradeActions(sessionId: string) {
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.report(sessionId) })
    void queryClient.invalidateQueries({ queryKey: ['results'] })
  }
  const override = useMutation({
    mutationFn: (p: { answerId: string; score: number; reason: string; feedback?: string }) =>
      api<GradeOverrideResult>('PUT', `/api/answers/${p.answerId}/grade`, {
        score: p.score,
        reason: p.reason,
        ...(p.feedback ? { feedback: p.feedback } : {}),
      }),
    onSuccess: refresh,
  })
  const regrade = useMutation({
    mutationFn: (p: { answerId?: string; reason: string }) =>
      api<RegradeResult>(
        'POST',
        p.answerId ? `/api/answers/${p.answerId}/regrade` : `/api/sessions/${sessionId}/regrade`,
        { reason: p.reason },
      ),
    onSuccess: refresh,
  })
  return { override, regrade }
}
