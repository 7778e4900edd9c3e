import { z } from 'zod'
import { AnswerPayload } from './answers.ts'
import {
  CodeLanguage,
  OutputComparison,
  PerLanguageText,
  Signature,
  StdioTestCase,
  TestCase,
  TestStyle,
} from './code-questions.ts'
import { JsonObject, JsonValue } from './json.ts'
import { McqOption, QuestionInput, QuestionType } from './questions.ts'

export const SessionStatus = z.enum([
  'active',
  'paused',
  'completed',
  'expired',
  'abandoned',
  'cancelled',
])
export type SessionStatus = z.infer<typeof SessionStatus>
export const CompletionMethod = z.enum([
  'manual',
  'tab_close',
  'timer_expired',
  'heartbeat_timeout',
  'auto',
  'cancelled',
])
export type CompletionMethod = z.infer<typeof CompletionMethod>

export const SubmitAnswerInput = z.object({
  question_id: z.uuid(),
  answer: AnswerPayload,
  /** The client's timer reached zero; the server decides from its own clock either way. */
  time_expired: z.boolean().optional(),
  /** Logged for the audit, never trusted. */
  client_submitted_at: z.iso.datetime({ offset: true }).optional(),
})
export type SubmitAnswerInput = z.infer<typeof SubmitAnswerInput>

export const ProgressInput = z
  .object({
    sections_completed: z.array(z.string().max(100)).max(100),
    /** Drafts keyed by question id; null removes a draft. Merged into what is stored. */
    pending_answers: z.record(z.uuid(), AnswerPayload.nullable()),
    /**
     * For each draft, the revision of the stored draft its text was edited from (see
     * `draft_revisions`): a draft edited from an older one than another tab saved since is
     * refused (`draft_conflicts`), never silently written over the newer text.
     */
    draft_bases: z.record(z.uuid(), z.number().int().min(0).max(2_147_483_647)),
    flagged_question_ids: z.array(z.uuid()).max(200),
  })
  .partial()
  .refine(
    (p) => Object.keys(p).length > 0,
    'send at least one of sections_completed, pending_answers, flagged_question_ids',
  )
export type ProgressInput = z.infer<typeof ProgressInput>

/** What a progress save answers (the API's schema and the SPA's type). */
export const ProgressResponse = z.object({
  sections_completed: z.array(z.string()),
  flagged_question_ids: z.array(z.string()),
  saved_question_ids: z.array(z.string()).meta({
    description: 'The questions whose drafts this call saved (the drafts are not echoed)',
  }),
  draft_revisions: z.record(z.string(), z.number().int()).meta({
    description: "Each saved draft's new revision: the base of the next save of it",
  }),
  draft_conflicts: z
    .record(z.string(), z.object({ revision: z.number().int(), answer: z.unknown() }))
    .meta({
      description:
        'Drafts refused because another tab or device saved newer text since their base: the stored draft and its revision, for the candidate to choose',
    }),
})
export type ProgressResponse = z.infer<typeof ProgressResponse>

export const CompleteInput = z.object({
  completion_method: z.enum(['manual', 'auto']).default('manual'),
})

export const AbandonInput = z.object({
  completion_method: z.enum(['tab_close', 'manual']),
  /** sendBeacon cannot set headers, so a beacon carries its credentials in the body. */
  token: z.string().max(4096).optional(),
  lease_id: z.uuid().optional(),
})
export type AbandonInput = z.infer<typeof AbandonInput>

export const IntegrityEventType = z.enum([
  'tab_hidden',
  'tab_visible',
  'window_blur',
  'window_focus',
  'paste',
  'copy',
  'cut',
  'fullscreen_enter',
  'fullscreen_exit',
  'context_menu',
  'devtools_open',
  'network_offline',
  'network_online',
])
export type IntegrityEventType = z.infer<typeof IntegrityEventType>

/** One integrity event as the candidate's page reports it (POST /api/sessions/:id/events). */
export const IntegrityEvent = z.object({
  type: IntegrityEventType,
  at: z.iso.datetime({ offset: true }).optional(),
  data: JsonObject.optional(),
})
export type IntegrityEvent = z.infer<typeof IntegrityEvent>

export const EventsInput = z.object({
  events: z.array(IntegrityEvent).min(1).max(50),
})
export type EventsInput = z.infer<typeof EventsInput>

/** POST /api/sessions/:id/events: how many of the events were stored. */
export const EventsAccepted = z.object({ accepted: z.number() })
export type EventsAccepted = z.infer<typeof EventsAccepted>

/** A question as the candidate sees it: never answers, hidden tests, references or rubrics. */
export const CandidateQuestionView = z.object({
  id: z.uuid(),
  index: z.number().int(),
  section: z.string().nullable(),
  type: QuestionType,
  prompt: z.string(),
  points: z.number(),
  time_limit_seconds: z.number().nullable(),
  options: z.array(McqOption).optional(),
  multiple: z.boolean().optional(),
  style: TestStyle.optional(),
  /** The first of `languages`. */
  language: CodeLanguage.optional(),
  /** The languages the candidate may answer in (one picker entry each). */
  languages: z.array(CodeLanguage).optional(),
  /** The first language's starter code; `boilerplates` has every language's. */
  boilerplate: z.string().optional(),
  boilerplates: PerLanguageText.optional(),
  entry_point: z.string().optional(),
  /** Function style with typed parameters: the entry point's declaration in each language. */
  signature: Signature.optional(),
  comparison: OutputComparison.optional(),
  sample_test_cases: z.array(z.union([TestCase, StdioTestCase])).optional(),
})
export type CandidateQuestionView = z.infer<typeof CandidateQuestionView>

export const SessionView = z.object({
  id: z.uuid(),
  assessment_id: z.uuid(),
  status: SessionStatus,
  attempt_number: z.number().int(),
  navigation: z.enum(['sequential', 'free']),
  started_at: z.iso.datetime(),
  expires_at: z.iso.datetime().nullable(),
  current_question_index: z.number().int(),
  total_questions: z.number().int(),
  answered_count: z.number().int(),
  progress_percent: z.number(),
  completion_method: CompletionMethod.nullable(),
  completed_at: z.iso.datetime().nullable(),
  /** While paused: since when and the recruiter's reason; the timers stand still meanwhile. */
  paused_at: z.iso.datetime().nullable(),
  pause_reason: z.string().nullable(),
})

/**
 * The candidate's own result, only when the assessment shows results to candidates and the
 * attempt is over: the score once grading is done, never answer keys or hidden tests.
 */
export const CandidateResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('grading') }),
  z.object({
    status: z.literal('ready'),
    score: z.number(),
    max_score: z.number(),
    percentage: z.number(),
  }),
])
export type CandidateResult = z.infer<typeof CandidateResult>

export const SessionState = z.object({
  session: SessionView,
  question: CandidateQuestionView.nullable(),
  /**
   * Free navigation only: every question, whether it is answered, and whether it was opened
   * (served: its own time limit runs from its first opening). A timed question not opened yet
   * comes without its content (an empty prompt, no options, code or tests) until it is opened.
   */
  questions: z
    .array(
      CandidateQuestionView.extend({
        answered: z.boolean(),
        opened: z.boolean(),
        /** When its window ends (limit from its opening, or the session's end); null: none yet. */
        deadline: z.iso.datetime().nullable(),
        remaining_ms: z.number().nullable(),
      }),
    )
    .optional(),
  progress: z.object({
    /** Only on start and resume, where a device (re)loads the test. */
    pending_answers: z.record(z.string(), z.unknown()).optional(),
    /** With pending_answers: each draft's revision (a save's base, see ProgressInput). */
    draft_revisions: z.record(z.string(), z.number().int()).optional(),
    flagged_question_ids: z.array(z.string()),
    sections_completed: z.array(z.string()),
  }),
  question_deadline: z.iso.datetime().nullable(),
  question_remaining_ms: z.number().nullable(),
  session_remaining_ms: z.number().nullable(),
  server_time: z.iso.datetime(),
  lease_id: z.uuid().nullable().optional(),
  lease_conflict: z.boolean().optional(),
  result: CandidateResult.optional(),
  /** A finished test's last answer: which question, when, and whether the clock submitted it. */
  last_answer: z
    .object({
      question_number: z.number().int(),
      submitted_at: z.iso.datetime(),
      by_clock: z.boolean(),
    })
    .nullable()
    .optional(),
})
export type SessionState = z.infer<typeof SessionState>

/** GET /api/sessions/active: the candidate's attempt to resume, or null when there is none. */
export const ActiveSessionResponse = z.object({ active_session: SessionState.nullable() })
export type ActiveSessionResponse = z.infer<typeof ActiveSessionResponse>

/** "Run sample tests": the candidate's current code against the visible tests only. */
/**
 * The candidate's own input for one run (no expected output, no verdict): the entry point's
 * arguments (function style) or the program's standard input (stdio style).
 */
export const CustomInput = z.union([
  z.object({ args: z.array(JsonValue).max(20) }),
  z.object({ stdin: z.string().max(64_000) }),
])
export type CustomInput = z.infer<typeof CustomInput>

export const SampleRunInput = z.object({
  question_id: z.uuid(),
  /** One of the question's languages; its first when absent. */
  language: CodeLanguage.optional(),
  code: z.string().max(100_000),
  /** Run once with this input instead of the sample tests (the answer is `custom`). */
  custom_input: CustomInput.optional(),
})
export type SampleRunInput = z.infer<typeof SampleRunInput>

/**
 * The author's "Preview as a candidate": a code question as it stands in the editor (saved or
 * not), run like the candidate's sample run: its sample tests, or the author's own input.
 */
export const PreviewRunInput = SampleRunInput.omit({ question_id: true }).extend({
  question: QuestionInput,
})
export type PreviewRunInput = z.infer<typeof PreviewRunInput>

/**
 * A code test's verdict, computed by the grader from the run (the expected output never enters
 * the sandbox). compile_error: the answer did not build, so no test ran.
 */
export const TestVerdict = z.enum([
  'passed',
  'wrong_answer',
  'runtime_error',
  'time_limit_exceeded',
  'memory_limit_exceeded',
  'output_limit_exceeded',
  'compile_error',
])
export type TestVerdict = z.infer<typeof TestVerdict>

/** How the SPA words each verdict, for the candidate and the recruiter alike. */
export const TEST_VERDICT_LABELS: Record<TestVerdict, string> = {
  passed: 'Passed',
  wrong_answer: 'Wrong answer',
  runtime_error: 'Runtime error',
  time_limit_exceeded: 'Time limit exceeded',
  memory_limit_exceeded: 'Memory limit exceeded',
  output_limit_exceeded: 'Output limit exceeded',
  compile_error: 'Compile error',
}

export const SampleRunResult = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      /** Function style: the arguments; stdio: the stdin text. */
      input: z.unknown(),
      /** Function style: the expected value; stdio: the expected stdout text. */
      expected: z.unknown(),
      /** Function style: the returned value; stdio: what the program printed. */
      actual: z.unknown(),
      verdict: TestVerdict,
      error: z.string().nullable(),
      duration_ms: z.number(),
    }),
  ),
  stdout: z.string(),
  /** The compiler's messages when the answer did not build (then no test ran). */
  compile_output: z.string().nullable().optional(),
  /** A run with custom input: what it gave (then `results` is empty). */
  custom: z
    .object({
      input: CustomInput,
      /** Function style: the returned value; stdio: what the program printed. */
      output: z.unknown(),
      /** ok: it ran to the end; otherwise how it failed. */
      status: z.enum([
        'ok',
        'runtime_error',
        'time_limit_exceeded',
        'memory_limit_exceeded',
        'output_limit_exceeded',
        'compile_error',
      ]),
      error: z.string().nullable(),
      duration_ms: z.number(),
    })
    .optional(),
})
export type SampleRunResult = z.infer<typeof SampleRunResult>

/** What a submit answers: the answer as stored (or found, for a replay) and the state after it. */
export const SubmitResponse = SessionState.extend({
  answer: z.object({
    id: z.uuid(),
    question_id: z.uuid(),
    grading_status: z.string(),
    time_taken_ms: z.number(),
    time_expired: z.boolean(),
    duplicate: z.boolean().meta({ description: 'A replay: the answer was stored already' }),
  }),
})
export type SubmitResponse = z.infer<typeof SubmitResponse>

/** What a heartbeat answers: the server's clock, to correct the page's countdown. */
export const HeartbeatResponse = z.object({
  last_heartbeat: z.iso.datetime(),
  server_time: z.iso.datetime(),
  question_remaining_ms: z.number().nullable(),
  session_remaining_ms: z.number().nullable(),
})
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>

/** PUT /api/sessions/:id/activity: the candidate's last activity, as now recorded. */
export const ActivityResponse = z.object({ last_activity: z.iso.datetime() })
export type ActivityResponse = z.infer<typeof ActivityResponse>

/** One row of the recruiters' monitoring list (GET /api/sessions). */
export const SessionListItem = z.object({
  id: z.uuid(),
  assessment_id: z.uuid(),
  assessment_title: z.string(),
  candidate: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
  status: SessionStatus,
  completion_method: CompletionMethod.nullable(),
  attempt_number: z.number().int(),
  started_at: z.iso.datetime(),
  expires_at: z.iso.datetime().nullable(),
  completed_at: z.iso.datetime().nullable(),
  progress_percent: z.number(),
  last_heartbeat: z.iso.datetime().nullable(),
  heartbeat_stale: z.boolean(),
  left_at: z.iso.datetime().nullable(),
  evaluation_status: z.enum(['pending', 'grading', 'done', 'failed']),
})
export type SessionListItem = z.infer<typeof SessionListItem>

export const SessionList = z.object({
  sessions: z.array(SessionListItem),
  next_cursor: z.string().nullable(),
})
export type SessionList = z.infer<typeof SessionList>
