import {
  type AnswerPayload,
  type CandidateResult,
  candidateQuestionView,
  clockNow,
  draftRevisions,
  type HeartbeatResponse,
  isSummarized,
  remaining,
  type SessionListItem as SessionListItemView,
  type SessionState,
  servedAt,
  withheld,
  withheldQuestionView,
} from '@assess/core'
import { clockOf, type SessionListItem, type SessionSnapshot, type Touched } from '@assess/db'
import type { Json } from '../json-text.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

type FreeQuestion = NonNullable<SessionState['questions']>[number]
type QuestionStatus = Pick<FreeQuestion, 'answered' | 'opened' | 'deadline' | 'remaining_ms'>
type Viewable = SessionSnapshot['definition']['questions'][number]

/** The session state but the free-navigation list, which comes as its questions' parts. */
interface StateParts {
  state: Omit<SessionState, 'questions'>
  questions?: { question: Viewable; index: number; withheld: boolean; status: QuestionStatus }[]
}

/** The one shape start, resume, read and submit return: the server's clock, never the client's. */
export function sessionStateView(
  snap: SessionSnapshot,
  lease?: { leaseId: string | null; leaseConflict?: boolean },
): SessionState {
  const { state, questions } = stateParts(snap, lease)
  if (!questions) return state
  return {
    ...state,
    questions: questions.map((q) => ({ ...questionView(q), ...q.status })),
  }
}

/**
 * sessionStateView as JSON text, for the candidate's routes that answer with the state (read and
 * submit, the ones called most; start, open, complete, quit): each question's view is
 * serialized once per published definition and spliced in, as building and serializing 40-odd
 * question views cost a fifth of a submit's CPU. `fields` go first.
 */
export function sessionStateJson<F extends object = Record<never, never>>(
  snap: SessionSnapshot,
  lease?: { leaseId: string | null; leaseConflict?: boolean },
  fields?: F,
): Json<F & SessionState> {
  const { state, questions } = stateParts(snap, lease)
  const head = JSON.stringify(fields ? { ...fields, ...state } : state)
  if (!questions) return head as Json<F & SessionState>
  const list = questions.map((q) => `${questionViewJson(q).slice(0, -1)},${statusJson(q.status)}}`)
  return `${head.slice(0, -1)},"questions":[${list.join(',')}]}` as Json<F & SessionState>
}

/**
 * A question's status members, written out: JSON.stringify of 40-odd small objects cost more
 * than the rest of the state's. Nothing to escape: booleans, an ISO time, a finite number.
 */
function statusJson(s: QuestionStatus) {
  const deadline = s.deadline === null ? 'null' : `"${s.deadline}"`
  const flags = `"answered":${s.answered},"opened":${s.opened}`
  return `${flags},"deadline":${deadline},"remaining_ms":${s.remaining_ms}`
}

function stateParts(
  snap: SessionSnapshot,
  lease?: { leaseId: string | null; leaseConflict?: boolean },
): StateParts {
  const { session: s, definition, answeredQuestionIds: answered, now } = snap
  const questions = definition.questions
  // A paused session still shows its question and timers, frozen where the pause caught them.
  const active = s.status === 'active' || s.status === 'paused'
  const index = s.currentQuestionIndex
  const current = active ? questions[index] : undefined
  const clock = clockOf(s, definition, answered)
  const clockAt = clockNow(s, now)
  const time = remaining(clock, current ?? null, index, clockAt)
  // Free navigation: a timed question's content goes out from its first opening on.
  const isWithheld = (q: Viewable, i: number) => !answered.has(q.id) && withheld(clock, q, i)
  const state: StateParts['state'] = {
    session: {
      id: s.id,
      assessment_id: s.assessmentId,
      status: s.status,
      attempt_number: s.attemptNumber,
      navigation: definition.assessment.navigation,
      started_at: s.startedAt.toISOString(),
      expires_at: iso(s.expiresAt),
      current_question_index: index,
      total_questions: questions.length,
      answered_count: answered.size,
      progress_percent: s.progressPercent,
      completion_method: s.completionMethod,
      completed_at: iso(s.completedAt),
      paused_at: iso(s.pausedAt),
      pause_reason: s.pauseReason,
    },
    question: current
      ? questionView({ question: current, index, withheld: isWithheld(current, index) })
      : null,
    progress: {
      // Drafts go only to the calls that hand a device its lease (start, resume), where the
      // page (re)loads: elsewhere they would be megabytes the browser already has. An answered
      // question's draft is dead: never shown, even if a racing save put it back.
      ...(lease && {
        pending_answers: Object.fromEntries(
          Object.entries(snap.storedDrafts?.answers ?? {}).filter(([id]) => !answered.has(id)),
        ),
        draft_revisions: Object.fromEntries(
          Object.entries(draftRevisions(snap.storedDrafts?.versions ?? {})).filter(
            ([id]) => !answered.has(id),
          ),
        ),
      }),
      flagged_question_ids: s.flaggedQuestionIds,
      sections_completed: s.sectionsCompleted,
    },
    question_deadline: iso(time.questionDeadline),
    question_remaining_ms: active ? time.questionRemainingMs : null,
    session_remaining_ms: active ? time.sessionRemainingMs : null,
    server_time: now.toISOString(),
    ...(lease && { lease_id: lease.leaseId }),
    ...(lease?.leaseConflict !== undefined && { lease_conflict: lease.leaseConflict }),
    ...resultFor(snap),
    ...(snap.lastAnswer !== undefined && {
      last_answer: snap.lastAnswer && {
        question_number: (definition.indexById.get(snap.lastAnswer.questionId) ?? 0) + 1,
        submitted_at: snap.lastAnswer.submittedAt.toISOString(),
        by_clock: snap.lastAnswer.timeExpired,
      },
    }),
  }
  if (definition.assessment.navigation !== 'free' || !active) return { state }
  return {
    state,
    questions: questions.map((q, i) => {
      const own = remaining(clock, q, i, clockAt)
      return {
        question: q,
        index: i,
        withheld: isWithheld(q, i),
        status: {
          answered: answered.has(q.id),
          opened: servedAt(clock, q, i) !== null,
          deadline: iso(own.questionDeadline),
          remaining_ms: own.questionRemainingMs,
        },
      }
    }),
  }
}

/** What a candidate may see of a question: never answers, hidden tests, references or rubrics. */
function questionView(q: { question: Viewable; index: number; withheld: boolean }) {
  return q.withheld
    ? withheldQuestionView(q.question, q.index)
    : candidateQuestionView(q.question, q.index)
}

/** Each question row's views as JSON, while its (cached, immutable) definition lives. */
const viewsJson = new WeakMap<Viewable, { open?: string; withheld?: string }>()

function questionViewJson(q: { question: Viewable; index: number; withheld: boolean }): string {
  const views = viewsJson.get(q.question) ?? {}
  viewsJson.set(q.question, views)
  const kind = q.withheld ? 'withheld' : 'open'
  views[kind] ??= JSON.stringify(questionView(q))
  return views[kind]
}

/** The score for the candidate, when the assessment shows it and the attempt is graded. */
function resultFor({ session: s, definition }: SessionSnapshot): { result?: CandidateResult } {
  // A cancelled attempt gets no summary, so it never has a score to show.
  if (!definition.assessment.showResultsToCandidate || !isSummarized(s.status)) return {}
  if (s.evaluationStatus !== 'done' || s.finalScore === null || s.maxScore === null)
    return { result: { status: 'grading' } }
  return {
    result: {
      status: 'ready',
      score: s.finalScore,
      max_score: s.maxScore,
      percentage: s.percentage ?? 0,
    },
  }
}

/** The timers a heartbeat answers with, from the row it touched (no answered list needed). */
export function heartbeatView({ session: s, definition, now }: Touched): HeartbeatResponse {
  const current = s.status === 'active' ? definition.questions[s.currentQuestionIndex] : undefined
  const time = remaining(
    clockOf(s, definition, new Set()),
    current ?? null,
    s.currentQuestionIndex,
    now,
  )
  const active = s.status === 'active'
  return {
    last_heartbeat: (s.lastHeartbeat ?? now).toISOString(),
    server_time: now.toISOString(),
    question_remaining_ms: active ? time.questionRemainingMs : null,
    session_remaining_ms: active ? time.sessionRemainingMs : null,
  }
}

export const sessionListItemView = (item: SessionListItem): SessionListItemView => ({
  id: item.session.id,
  assessment_id: item.session.assessmentId,
  assessment_title: item.assessmentTitle,
  candidate: item.candidate,
  status: item.session.status,
  completion_method: item.session.completionMethod,
  attempt_number: item.session.attemptNumber,
  started_at: item.session.startedAt.toISOString(),
  expires_at: iso(item.session.expiresAt),
  completed_at: iso(item.session.completedAt),
  progress_percent: item.session.progressPercent,
  last_heartbeat: iso(item.session.lastHeartbeat),
  heartbeat_stale: item.heartbeatStale,
  left_at: iso(item.session.leftAt),
  evaluation_status: item.session.evaluationStatus,
})

type StaffSession = Awaited<ReturnType<typeof import('@assess/db').readSessionForStaff>>

/** What a recruiter reads of one session: the state, who took it, and each stored answer. */
export function recruiterSessionView(view: StaffSession) {
  const s = view.session
  return {
    session: {
      ...sessionStateView(view).session,
      last_heartbeat: iso(s.lastHeartbeat),
      last_activity: iso(s.lastActivity),
      left_at: iso(s.leftAt),
      extra_time_percent: s.extraTimePercent,
      evaluation_status: s.evaluationStatus,
      final_score: s.finalScore,
      max_score: s.maxScore,
      percentage: s.percentage,
      recommendation: s.recommendation,
    },
    candidate: view.candidate,
    answers: view.answers.map((a) => ({
      id: a.id,
      question_id: a.questionId,
      answer: a.answer as AnswerPayload, // checked against its question when it was stored
      submitted_at: a.submittedAt.toISOString(),
      submitted_by: a.submittedBy,
      time_taken_ms: a.timeTakenMs,
      time_expired: a.timeExpired,
      grading_status: a.gradingStatus,
      score: a.score,
      max_score: a.maxScore,
    })),
  }
}
