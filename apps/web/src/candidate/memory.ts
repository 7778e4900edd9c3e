import type { CandidateAssessmentView, SessionState } from '@assess/core'
import { create } from 'zustand'
import { persist } from 'zustand/middleware'

/**
 * What this device remembers beyond the tokens: the start page's facts by assessment (the
 * session state carries no title) and which assessment each session belongs to.
 */
interface CandidateMemory {
  assessments: Record<
    string,
    Pick<CandidateAssessmentView, 'title' | 'extra_time_percent'> & { preview?: boolean }
  >
  sessionAssessment: Record<string, string>
  rememberAssessment(view: CandidateAssessmentView): void
  rememberSessionAssessment(sessionId: string, assessmentId: string): void
}

export const useCandidateMemory = create<CandidateMemory>()(
  persist(
    (set) => ({
      assessments: {},
      sessionAssessment: {},
      rememberAssessment: (view) =>
        set((s) => ({
          assessments: {
            ...s.assessments,
            [view.id]: {
              title: view.title,
              extra_time_percent: view.extra_time_percent,
              preview: view.preview,
            },
          },
        })),
      rememberSessionAssessment: (sessionId, assessmentId) =>
        set((s) => ({ sessionAssessment: { ...s.sessionAssessment, [sessionId]: assessmentId } })),
    }),
    { name: 'assess.candidate.memory' },
  ),
)

/**
 * The lease is per tab (sessionStorage): a reload of this tab keeps it, another tab or device
 * does not have it and must ask to take over.
 */
export const leaseStore = {
  get(sessionId: string): string | null {
    try {
      return sessionStorage.getItem(`assess.lease.${sessionId}`)
    } catch {
      return null
    }
  },
  set(sessionId: string, leaseId: string | null) {
    try {
      if (leaseId) sessionStorage.setItem(`assess.lease.${sessionId}`, leaseId)
      else sessionStorage.removeItem(`assess.lease.${sessionId}`)
    } catch {
      // private mode: the lease lives in memory only
    }
  },
}

/**
 * A session this page just started, handed to the test page in memory: it opens straight on
 * the first question. A reload finds nothing here and shows "Welcome back" instead.
 */
export const freshStarts = new Map<string, { state: SessionState; at: number }>()
