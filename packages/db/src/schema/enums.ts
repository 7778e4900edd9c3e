import { pgEnum } from 'drizzle-orm/pg-core'

export const userRole = pgEnum('user_role', ['admin', 'recruiter', 'candidate'])
export const assessmentStatus = pgEnum('assessment_status', ['draft', 'published', 'archived'])
export const navigationMode = pgEnum('navigation_mode', ['sequential', 'free'])
export const questionType = pgEnum('question_type', ['mcq', 'short_answer', 'code'])
export const questionDifficulty = pgEnum('question_difficulty', ['easy', 'medium', 'hard'])
export const invitationStatus = pgEnum('invitation_status', ['pending', 'accepted', 'revoked'])
export const sessionStatus = pgEnum('session_status', [
  'active',
  /** A recruiter stopped the clock; resuming shifts every deadline by the paused time. */
  'paused',
  'completed',
  'expired',
  'abandoned',
  'cancelled',
])
export const completionMethod = pgEnum('completion_method', [
  'manual',
  'tab_close',
  'timer_expired',
  'heartbeat_timeout',
  'auto',
  'cancelled',
])
export const gradingStatus = pgEnum('grading_status', [
  'pending',
  'grading',
  'graded',
  'failed',
  'needs_review',
])
export const evaluationStatus = pgEnum('evaluation_status', [
  'pending',
  'grading',
  'done',
  'failed',
])
export const recommendation = pgEnum('recommendation', ['strong_hire', 'hire', 'maybe', 'no_hire'])
/** Who finalized an answer: the candidate's submit, or the server (a closed window, completion). */
export const answerSubmittedBy = pgEnum('answer_submitted_by', ['candidate', 'server'])
