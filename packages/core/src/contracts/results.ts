import { z } from 'zod'
import { AnswerPayload } from './answers.ts'
import { PageQuery } from './common.ts'
import {
  SessionEvaluationStatus as EvaluationStatus,
  GradeHistoryEntry,
  AnswerGradingStatus as GradingStatus,
  SessionRecommendation as Recommendation,
} from './grades.ts'
import { QuestionType } from './questions.ts'
import { CompletionMethod, SessionStatus } from './sessions.ts'

/** A jsonb object written by the grading worker, passed through as stored. */
const StoredJson = (description: string) =>
  z.record(z.string(), z.unknown()).nullable().meta({ description })

export const ResultsQuery = PageQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  assessment_id: z.uuid().optional(),
  recommendation: Recommendation.optional(),
  min_percentage: z.coerce.number().min(0).max(100).optional(),
})
export type ResultsQuery = z.infer<typeof ResultsQuery>

const AssessmentRef = z.object({ id: z.uuid(), title: z.string() })
const CandidateRef = z.object({ id: z.uuid(), email: z.string(), name: z.string() })

/** What the integrity log counted during the attempt (the report's timeline has each one). */
export const IntegrityCounts = z.object({
  tab_switches: z.number().int().meta({ description: 'The page was hidden (another tab or app)' }),
  pastes: z.number().int(),
  takeovers: z.number().int().meta({
    description: 'The test was moved to another tab or device ("Continue here")',
  }),
})
export type IntegrityCounts = z.infer<typeof IntegrityCounts>

/** One finished, evaluated session in the recruiter's results list. */
export const ResultItem = z.object({
  session_id: z.uuid(),
  assessment: AssessmentRef,
  candidate: CandidateRef,
  status: SessionStatus,
  completion_method: CompletionMethod.nullable(),
  final_score: z.number().nullable(),
  max_score: z.number().nullable(),
  percentage: z.number().nullable(),
  recommendation: Recommendation.nullable(),
  summary: z.string().nullable().meta({ description: 'ai_summary.summary, the summary text' }),
  completed_at: z.iso.datetime().nullable(),
  evaluated_at: z.iso.datetime().nullable(),
  integrity: IntegrityCounts,
})
export type ResultItem = z.infer<typeof ResultItem>

export const ResultsPage = z.object({
  results: z.array(ResultItem),
  next_cursor: z.string().nullable(),
})
export type ResultsPage = z.infer<typeof ResultsPage>

export const ReportSession = z.object({
  id: z.uuid(),
  assessment: AssessmentRef,
  candidate: CandidateRef,
  status: SessionStatus,
  completion_method: CompletionMethod.nullable(),
  started_at: z.iso.datetime(),
  completed_at: z.iso.datetime().nullable(),
  attempt_number: z.number().int(),
  preview: z.boolean().meta({
    description: "A staff member's own try (POST /api/assessments/{id}/preview): it counts nowhere",
  }),
  final_score: z.number().nullable(),
  max_score: z.number().nullable(),
  percentage: z.number().nullable(),
  recommendation: Recommendation.nullable(),
  ai_summary: StoredJson(
    'The summary as stored: { summary, strengths[], improvements[], recommendation, method ' +
      '(llm|rules), model, prompt_version }',
  ),
  evaluation_status: EvaluationStatus,
  evaluated_at: z.iso.datetime().nullable(),
  expires_at: z.iso.datetime().nullable(),
  /** While paused: since when and the reason the candidate sees. */
  paused_at: z.iso.datetime().nullable(),
  pause_reason: z.string().nullable(),
  /** A cancelled session: when, why and by whom (null when the user is gone). */
  cancellation: z
    .object({
      at: z.iso.datetime(),
      reason: z.string().nullable(),
      by: z.object({ name: z.string(), email: z.string() }).nullable(),
    })
    .nullable(),
})

/** One question of the assessment and its answer; the answer fields are null when unanswered. */
export const ReportAnswer = z.object({
  answer_id: z.uuid().nullable(),
  question_id: z.uuid(),
  index: z.number().int().meta({ description: '0-based, in question position order' }),
  type: QuestionType,
  prompt: z.string(),
  section: z.string().nullable(),
  answer: AnswerPayload.nullable(),
  score: z.number().nullable(),
  max_score: z.number().meta({ description: "The answer's max score, else the question's points" }),
  grading_status: GradingStatus.nullable(),
  feedback: StoredJson("The grader's feedback (code: each test's verdict, hidden tests included)"),
  grader: StoredJson('Which grader scored it: { method, model, prompt_version, latency_ms }'),
  grading_error: StoredJson('Why grading failed, when it did'),
  time_taken_ms: z.number().int().nullable(),
  time_expired: z.boolean().nullable(),
  submitted_by: z.enum(['candidate', 'server']).nullable(),
  submitted_at: z.iso.datetime().nullable(),
  graded_at: z.iso.datetime().nullable(),
  grade_history: z.array(GradeHistoryEntry).meta({
    description: 'Grades this answer had before an override or a regrade, newest first',
  }),
  pastes: z
    .object({ count: z.number().int(), characters: z.number().int() })
    .meta({ description: 'Pastes while this question was on screen, and how much text' }),
})
export type ReportAnswer = z.infer<typeof ReportAnswer>

export const ReportEvent = z.object({
  type: z.string(),
  at: z.iso.datetime(),
  data: z.record(z.string(), z.unknown()),
  /** Who acted, for a recruiter's action (pause, cancel, a grade override …). */
  actor: z.object({ name: z.string(), email: z.string() }).nullable(),
})

/** A recruiter's full report on one session: scores, per-answer feedback and the timeline. */
export const SessionReport = z.object({
  session: ReportSession,
  answers: z.array(ReportAnswer),
  events: z.array(ReportEvent).meta({
    description: "The timeline's first page, oldest first (GET …/timeline for the rest)",
  }),
  timeline: z.object({
    total: z.number().int(),
    counts: z.record(z.string(), z.number().int()).meta({ description: 'Events by type' }),
    next_cursor: z.string().nullable(),
  }),
})
export type SessionReport = z.infer<typeof SessionReport>

export const TimelineQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})

/** GET /api/sessions/:id/timeline: one page of a session's timeline, oldest first. */
export const TimelinePage = z.object({
  events: z.array(ReportEvent),
  next_cursor: z.string().nullable(),
})
export type TimelinePage = z.infer<typeof TimelinePage>

/** A recruiter's note on a report, for the organization only. */
export const NoteInput = z.object({
  body: z.string().trim().min(1, 'Write something first').max(5000),
})
export type NoteInput = z.infer<typeof NoteInput>

export const ReportNote = z.object({
  id: z.uuid(),
  body: z.string(),
  author: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  created_at: z.iso.datetime(),
})
export type ReportNote = z.infer<typeof ReportNote>

/** GET /api/sessions/:id/notes: the recruiters' notes on a report, oldest first. */
export const ReportNotes = z.object({ notes: z.array(ReportNote) })
export type ReportNotes = z.infer<typeof ReportNotes>
