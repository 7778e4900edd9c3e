import type {
  AnswerPayload,
  ReportAnswer,
  ReportNote,
  ResultItem,
  SessionReport,
} from '@assess/core'
import type {
  ReportNote as ReportNoteRow,
  ResultListItem,
  SessionReportData,
  TimelineEvent,
} from '@assess/db'
import { gradeHistoryView } from '../grades/views.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

// jsonb the grading worker writes as objects; passed through untouched.
const stored = (value: unknown) => (value ?? null) as Record<string, unknown> | null

export const resultItemView = (item: ResultListItem): ResultItem => ({
  session_id: item.session.id,
  assessment: item.assessment,
  candidate: item.candidate,
  status: item.session.status,
  completion_method: item.session.completionMethod,
  final_score: item.session.finalScore,
  max_score: item.session.maxScore,
  percentage: item.session.percentage,
  recommendation: item.session.recommendation,
  summary: item.summary,
  completed_at: iso(item.session.completedAt),
  evaluated_at: iso(item.session.evaluatedAt),
  integrity: item.integrity,
})

/** The recruiter's report: feedback and grader are shown as stored, hidden test verdicts included. */
export function sessionReportView(report: SessionReportData): SessionReport {
  const s = report.session
  return {
    session: {
      id: s.id,
      assessment: { id: report.assessment.id, title: report.assessment.title },
      candidate: report.candidate,
      status: s.status,
      completion_method: s.completionMethod,
      started_at: s.startedAt.toISOString(),
      completed_at: iso(s.completedAt),
      attempt_number: s.attemptNumber,
      preview: s.preview,
      final_score: s.finalScore,
      max_score: s.maxScore,
      percentage: s.percentage,
      recommendation: s.recommendation,
      ai_summary: stored(s.aiSummary),
      evaluation_status: s.evaluationStatus,
      evaluated_at: iso(s.evaluatedAt),
      expires_at: iso(s.expiresAt),
      paused_at: iso(s.pausedAt),
      pause_reason: s.pauseReason,
      cancellation: report.cancellation && {
        at: report.cancellation.at.toISOString(),
        reason: reasonOf(report.cancellation.data),
        by: report.cancellation.actor,
      },
    },
    answers: report.items.map(
      ({ question: q, answer: a, history, pastes }, index): ReportAnswer => ({
        answer_id: a?.id ?? null,
        question_id: q.id,
        index,
        type: q.type,
        prompt: q.prompt,
        section: q.section,
        // Checked against the question before it was stored (submit, or a draft the server kept).
        answer: a ? (a.answer as AnswerPayload) : null,
        score: a?.score ?? null,
        max_score: a?.maxScore ?? q.points,
        grading_status: a?.gradingStatus ?? null,
        feedback: stored(a?.feedback),
        grader: stored(a?.grader),
        grading_error: stored(a?.gradingError),
        time_taken_ms: a?.timeTakenMs ?? null,
        time_expired: a?.timeExpired ?? null,
        submitted_by: a?.submittedBy ?? null,
        submitted_at: a ? a.submittedAt.toISOString() : null,
        graded_at: iso(a?.gradedAt ?? null),
        grade_history: gradeHistoryView(history, a),
        pastes,
      }),
    ),
    events: report.timeline.events.map(reportEventView),
    timeline: {
      total: report.timeline.total,
      counts: report.timeline.counts,
      next_cursor: report.timeline.nextCursor,
    },
  }
}

const reasonOf = (data: unknown) => {
  const reason = (data as { reason?: unknown } | null)?.reason
  return typeof reason === 'string' ? reason : null
}

export const reportEventView = (e: TimelineEvent) => ({
  type: e.type,
  at: e.at.toISOString(),
  data: stored(e.data) ?? {},
  actor: e.actor,
})

export const reportNoteView = (note: ReportNoteRow): ReportNote => ({
  id: note.id,
  body: note.body,
  author: note.author,
  created_at: note.createdAt.toISOString(),
})
