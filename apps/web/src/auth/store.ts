import { create } from 'zustand'
import { persist } from 'zustand/middleware'

export interface StaffUser {
  id: string
  email: string
  name: string
  role: string
  org_id?: string
}

interface StaffAuth {
  token: string | null
  user: StaffUser | null
  signIn(token: string, user: StaffUser): void
  signOut(): void
}

/** The recruiter's session: the JWT in localStorage (the API is stateless). */
export const useStaffAuth = create<StaffAuth>()(
  persist(
    (set) => ({
      token: null,
      user: null,
      signIn: (token, user) => set({ token, user }),
      signOut: () => set({ token: null, user: null }),
    }),
    { name: 'assess.staff' },
  ),
)

interface CandidateAuth {
  /** Candidate tokens by invitation token: reopening the link on this device skips nothing. */
  byInvitation: Record<string, { token: string; assessmentId: string }>
  /** The token for a session, once started (the test page is bookmarkable). */
  bySession: Record<string, string>
  remember(invitation: string, token: string, assessmentId: string): void
  rememberSession(sessionId: string, token: string): void
}

export const useCandidateAuth = create<CandidateAuth>()(
  persist(
    (set) => ({
      byInvitation: {},
      bySession: {},
      remember: (invitation, token, assessmentId) =>
        set((s) => ({
          byInvitation: { ...s.byInvitation, [invitation]: { token, assessmentId } },
        })),
      rememberSession: (sessionId, token) =>
        set((s) => ({ bySession: { ...s.bySession, [sessionId]: token } })),
    }),
    { name: 'assess.candidate' },
  ),
)
