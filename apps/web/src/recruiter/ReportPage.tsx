import type { ReportAnswer, SessionReport } from '@assess/core'
import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { Markdown } from '../ui/Markdown.tsx'
import { ErrorNote, Loading } from '../ui/states.tsx'
import { type AssessmentResponse, keys, useStaffApi } from './api.ts'
import {
  completionLabel,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  LANGUAGE_LABELS,
  questionTypeLabel,
  recommendationLabel,
  recommendationTone,
  statusLabel,
} from './format.ts'
import { ProctorActions } from './proctor/ProctorActions.tsx'
import { AnswerGrading } from './report/AnswerGrading.tsx'
import { AnswerFeedback } from './report/Feedback.tsx'
import { graderLabel, isFinishedStatus } from './report/grades.ts'
import { HumanAdjustments } from './report/HumanAdjustments.tsx'
import { arr, obj, str } from './report/json.ts'
import { Notes } from './report/Notes.tsx'
import { RegradeAll } from './report/RegradeButton.tsx'
import { Timeline } from './report/Timeline.tsx'
import { Badge, StatusBadge, useDocumentTitle } from './ui.tsx'

const POLL_MS = 3000

type Options = Map<string, { id: string; text: string }[]>

/** `/results/:sessionId`: one candidate's report, polled while grading runs. */
export function ReportPage() {
  const { sessionId = '' } = useParams()
  const api = useStaffApi()
  const report = useQuery({
    queryKey: keys.report(sessionId),
    queryFn: () => api<SessionReport>('GET', `/api/sessions/${sessionId}/report`),
    refetchInterval: (q) => {
      const data = q.state.data
      const status = data?.session.evaluation_status
      if (status === 'done' || status === 'failed') return false
      // A cancelled attempt gets no summary: done once its answers are graded.
      if (data?.session.status === 'cancelled' && data.answers.every((a) => !isGrading(a)))
        return false
      return POLL_MS
    },
  })
  // The report has prompts but not MCQ options: the assessment supplies their texts.
  const assessmentId = report.data?.session.assessment.id ?? ''
  const assessment = useQuery({
    queryKey: keys.assessment(assessmentId),
    enabled: Boolean(assessmentId),
    staleTime: 5 * 60_000,
    queryFn: () =>
      api<AssessmentResponse>('GET', `/api/assessments/${assessmentId}`).then((r) => r.assessment),
  })
  const candidate = report.data?.session.candidate
  useDocumentTitle(candidate ? `Report: ${candidate.name || candidate.email}` : 'Report')

  if (report.isPending)
    return (
      <main className="page r-page">
        <Loading label="Loading the report…" />
      </main>
    )
  if (!report.data)
    return (
      <main className="page r-page">
        <p>
          <Link to="/results">← Results</Link>
        </p>
        <ErrorNote error={report.error} onRetry={() => report.refetch()} />
      </main>
    )

  const { session: s, answers, events, timeline } = report.data
  const options: Options = new Map(
    (assessment.data?.questions ?? []).map((q) => [
      q.id,
      arr(q.options).map((o) => ({ id: str(obj(o).id), text: str(obj(o).text) })),
    ]),
  )
  const questionNumbers = new Map(answers.map((a) => [a.question_id, a.index + 1]))

  return (
    <main className="page r-page r-report">
      <p>
        <Link to="/results">← Results</Link>
      </p>
      <header className="r-report-header">
        <h1>{s.candidate.name || s.candidate.email}</h1>
        <p className="muted">
          {/* A preview's stand-in candidate has a made-up address: not worth showing. */}
          {s.preview ? 'Taken by staff as a preview' : s.candidate.email} ·{' '}
          <Link to={`/assessments/${s.assessment.id}`}>{s.assessment.title}</Link>
          {s.attempt_number > 1 ? ` · attempt ${s.attempt_number}` : ''}
        </p>
        <p className="row">
          <StatusBadge status={s.status} />
          {s.preview ? <Badge tone="warn">Preview · not counted</Badge> : null}
          {s.completion_method ? <span>{endingOf(s, report.data.answers)}</span> : null}
        </p>
        <ProctorActions sessionId={s.id} status={s.status} />
        <dl className="r-facts">
          <div>
            <dt>Started</dt>
            <dd>{formatDateTime(s.started_at)}</dd>
          </div>
          <div>
            <dt>Completed</dt>
            <dd>{formatDateTime(s.completed_at)}</dd>
          </div>
          <div>
            <dt>Time spent</dt>
            <dd>
              {s.completed_at
                ? formatDuration(
                    new Date(s.completed_at).getTime() - new Date(s.started_at).getTime(),
                  )
                : '—'}
            </dd>
          </div>
          <div>
            <dt>Evaluated</dt>
            <dd>{formatDateTime(s.evaluated_at)}</dd>
          </div>
        </dl>
      </header>

      <GradingState report={report.data} />
      {report.isError ? (
        <p className="warning" role="status">
          Could not refresh the report; showing the last version.
        </p>
      ) : null}

      <section className="card r-score" aria-labelledby="r-score-title">
        <h2 id="r-score-title" className="r-sr-only">
          Score and recommendation
        </h2>
        <div data-testid="final-score">
          <div className="muted">Final score</div>
          {s.final_score === null ? (
            <div className="r-big muted">Not graded yet</div>
          ) : (
            <>
              <div className="r-big">
                {formatNumber(s.final_score)} / {formatNumber(s.max_score)}
              </div>
              <div className="r-big">{formatPercent(s.percentage)}</div>
            </>
          )}
        </div>
        <div data-testid="recommendation">
          <div className="muted">Recommendation</div>
          <div className="r-big">
            {s.recommendation ? (
              <Badge tone={recommendationTone(s.recommendation)}>
                {recommendationLabel(s.recommendation)}
              </Badge>
            ) : (
              <span className="muted">Not yet</span>
            )}
          </div>
        </div>
      </section>

      <Summary summary={s.ai_summary} />

      <div className="row">
        <h2>Answers</h2>
        {isFinishedStatus(s.status) ? <RegradeAll sessionId={s.id} /> : null}
      </div>
      {answers.map((a) => (
        <AnswerCard
          key={a.question_id}
          answer={a}
          options={options.get(a.question_id)}
          grading={
            <AnswerGrading sessionId={s.id} finished={isFinishedStatus(s.status)} answer={a} />
          }
        />
      ))}

      <Notes sessionId={s.id} />

      <Timeline
        sessionId={sessionId}
        firstPage={events}
        summary={timeline}
        questionNumbers={questionNumbers}
      />
    </main>
  )
}

const isGrading = (a: SessionReport['answers'][number]) =>
  a.grading_status === 'pending' || a.grading_status === 'grading'

function GradingState({ report }: { report: SessionReport }) {
  const s = report.session
  if (s.evaluation_status === 'done' && s.status !== 'cancelled') return null
  if (s.evaluation_status === 'failed')
    return (
      <p className="error" role="status">
        Grading could not finish for this session. Answers marked “Failed” or “Needs review” below
        need a person to look at them.
      </p>
    )
  const graded = report.answers.filter((a) => a.grading_status && !isGrading(a)).length
  const cancelled = s.cancellation
  return (
    <div className="r-progress-note" role="status" aria-live="polite">
      {s.status === 'active' ? (
        <p>
          <strong>Test in progress.</strong> Grading starts when the candidate finishes; this page
          refreshes on its own.
        </p>
      ) : s.status === 'paused' ? (
        <p>
          <strong>Paused</strong>
          {s.paused_at ? ` since ${formatDateTime(s.paused_at)}` : ''}
          {s.pause_reason ? ` — “${s.pause_reason}”` : ''}. The candidate's clock is stopped; resume
          to let them carry on.
        </p>
      ) : s.status === 'cancelled' ? (
        <p>
          <strong>Cancelled</strong>
          {cancelled?.by ? ` by ${cancelled.by.name || cancelled.by.email}` : ''}
          {cancelled ? ` on ${formatDateTime(cancelled.at)}` : ''}
          {cancelled?.reason ? ` — “${cancelled.reason}”` : ''}. The answers submitted before are
          graded ({graded} of {report.answers.filter((a) => a.grading_status).length}); a cancelled
          attempt gets no summary or recommendation.
        </p>
      ) : (
        <p>
          <strong>Grading in progress…</strong> {graded} of {report.answers.length} answers graded
          so far; this page refreshes every {POLL_MS / 1000} seconds.
        </p>
      )}
    </div>
  )
}

function Summary({ summary }: { summary: Record<string, unknown> | null }) {
  if (!summary)
    return (
      <section className="card" aria-labelledby="r-summary-title" data-testid="ai-summary">
        <h2 id="r-summary-title">Summary</h2>
        <p className="muted">The summary is written once every answer is graded.</p>
      </section>
    )
  const method = str(summary.method)
  const model = str(summary.model)
  const strengths = arr(summary.strengths).map(str).filter(Boolean)
  const improvements = arr(summary.improvements).map(str).filter(Boolean)
  const fallback = str(summary.fallback_reason)
  return (
    <section className="card" aria-labelledby="r-summary-title" data-testid="ai-summary">
      <h2 id="r-summary-title">Summary</h2>
      <p className="muted" data-testid="summary-method">
        {method === 'llm'
          ? `AI summary (model ${model || 'unknown'})`
          : 'Rule-based summary (no AI model)'}
        {fallback ? ` · the model could not be used: ${fallback}` : ''}
      </p>
      <p className="r-prewrap">{str(summary.summary)}</p>
      <HumanAdjustments summary={summary} />
      <div className="r-two">
        <div>
          <h3>Strengths</h3>
          {strengths.length ? (
            <ul>
              {strengths.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">None noted.</p>
          )}
        </div>
        <div>
          <h3>Improvements</h3>
          {improvements.length ? (
            <ul>
              {improvements.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">None noted.</p>
          )}
        </div>
      </div>
    </section>
  )
}

function AnswerCard({
  answer: a,
  options,
  grading,
}: {
  answer: ReportAnswer
  options?: { id: string; text: string }[]
  /** The grade's note, actions and history (report/AnswerGrading). */
  grading: ReactNode
}) {
  const n = a.index + 1
  const headingId = `r-question-${n}`
  const grader = obj(a.grader)
  const reasons = arr(obj(a.grading_error).review_reasons).map(str).filter(Boolean)
  const errorMessage = str(obj(a.grading_error).message)
  const review = a.grading_status === 'needs_review'
  return (
    <article
      className={review ? 'card r-answer r-needs-review' : 'card r-answer'}
      aria-labelledby={headingId}
      data-testid={`report-question-${n}`}
    >
      <h3 id={headingId}>
        Question {n} · {questionTypeLabel(a.type)}
        {a.section ? <span className="muted"> · {a.section}</span> : null}
        {a.pastes.count > 0 ? (
          <>
            {' '}
            <Badge tone="warn">
              Pasted into: {a.pastes.count} paste{a.pastes.count === 1 ? '' : 's'},{' '}
              {a.pastes.characters.toLocaleString('en')} characters
            </Badge>
          </>
        ) : null}
      </h3>
      <Markdown text={a.prompt} />
      <dl className="r-facts">
        <div>
          <dt>Score</dt>
          <dd>
            <strong>
              {formatNumber(a.score)} / {formatNumber(a.max_score)}
            </strong>
          </dd>
        </div>
        <div>
          <dt>Grading</dt>
          <dd>{a.grading_status ? <StatusBadge status={a.grading_status} /> : 'Not answered'}</dd>
        </div>
        <div>
          <dt>Grader</dt>
          <dd>{graderLabel(grader)}</dd>
        </div>
        <div>
          <dt>Time taken</dt>
          <dd>
            {formatDuration(a.time_taken_ms)}
            {a.time_expired ? <span className="warning"> · time ran out</span> : null}
          </dd>
        </div>
      </dl>
      {review ? (
        <div className="r-review-note" role="note">
          <strong>Needs review.</strong>{' '}
          {reasons.length ? (
            <ul>
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            'The grader asked for a person to check this answer.'
          )}
        </div>
      ) : null}
      {a.grading_status === 'failed' ? (
        <p className="error">
          Grading failed{errorMessage ? `: ${errorMessage}` : ''}. A person needs to grade this
          answer.
        </p>
      ) : null}
      {a.submitted_by === 'server' ? (
        <p className="muted">
          Submitted by the server when the time ran out (the candidate’s last saved draft).
        </p>
      ) : null}
      <h4>Answer</h4>
      <CandidateAnswer answer={a} options={options} />
      {a.feedback ? (
        <>
          <h4>Feedback</h4>
          <AnswerFeedback type={a.type} feedback={a.feedback} options={options} />
        </>
      ) : a.grading_status === 'pending' || a.grading_status === 'grading' ? (
        <p className="muted">{statusLabel(a.grading_status)}…</p>
      ) : null}
      {grading}
    </article>
  )
}

function CandidateAnswer({
  answer: a,
  options,
}: {
  answer: ReportAnswer
  options?: { id: string; text: string }[]
}) {
  const payload = a.answer
  if (!payload) return <p className="muted">No answer.</p>
  if ('choice_ids' in payload) {
    if (payload.choice_ids.length === 0) return <p className="muted">No option chosen.</p>
    if (!options?.length) return <p>Chose: {payload.choice_ids.join(', ')}</p>
    const chosen = new Set(payload.choice_ids)
    return (
      <ul className="r-choices">
        {options.map((o) => (
          <li key={o.id} className={chosen.has(o.id) ? 'r-chosen' : undefined}>
            {chosen.has(o.id) ? <strong>{o.text} (chosen)</strong> : o.text}
          </li>
        ))}
      </ul>
    )
  }
  if ('code' in payload)
    return payload.code.trim() ? (
      <>
        <p className="muted r-small">{LANGUAGE_LABELS[payload.language] ?? payload.language}</p>
        <pre className="r-pre" data-testid={`answer-code-${a.index + 1}`}>
          <code>{payload.code}</code>
        </pre>
      </>
    ) : (
      <p className="muted">No code submitted.</p>
    )
  return payload.text.trim() ? (
    <blockquote className="r-prewrap r-quote">{payload.text}</blockquote>
  ) : (
    <p className="muted">Left empty.</p>
  )
}

/**
 * How the test ended, in words: "Finished (all questions answered)" unless the clock submitted
 * the last answer, which the header then says (with the question).
 */
function endingOf(
  s: { completion_method: string | null; status: string },
  answers: ReportAnswer[],
): string {
  const last = answers
    .filter((a) => a.submitted_at !== null)
    .sort(
      (x, y) =>
        Date.parse(x.submitted_at ?? '') - Date.parse(y.submitted_at ?? '') || x.index - y.index,
    )
    .at(-1)
  if (s.completion_method === 'auto' && last?.time_expired)
    return `Finished: question ${last.index + 1}'s time ran out, and the clock submitted it`
  return completionLabel(s.completion_method, s.status)
}
