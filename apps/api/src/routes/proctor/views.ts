import type { ProctorResult } from '@assess/core'
import type { SessionSnapshot } from '@assess/db'
import { sessionStateView } from '../sessions/views.ts'

export function proctorResultView(snap: SessionSnapshot): ProctorResult {
  const state = sessionStateView(snap)
  return {
    session: state.session,
    question_remaining_ms: state.question_remaining_ms,
    session_remaining_ms: state.session_remaining_ms,
    server_time: state.server_time,
  }
}
