import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { describeError, ErrorNote, Loading } from '../ui/states.tsx'
import { AnalyticsSection } from './analytics/AnalyticsSection.tsx'
import {
  type AssessmentDetail,
  type AssessmentResponse,
  keys,
  type PreviewStarted,
  useStaffApi,
} from './api.ts'
import { questionInputsFromView } from './editor/model.ts'
import { formatDateTime, LANGUAGE_LABELS, questionTypeLabel } from './format.ts'
import { InvitationsList, InviteForm } from './Invitations.tsx'
import { ConfirmDialog, StatusBadge, useDocumentTitle } from './ui.tsx'

type QuestionView = AssessmentDetail['questions'][number]

/** `/assessments/:id`: the assessment, Edit/Publish while a draft, invitations once published. */
export function AssessmentPage() {
  const { id = '' } = useParams()
  const api = useStaffApi()
  const location = useLocation()
  const notice = (location.state as { notice?: string } | null)?.notice
  const q = useQuery({
    queryKey: keys.assessment(id),
    queryFn: () =>
      api<AssessmentResponse>('GET', `/api/assessments/${id}`).then((r) => r.assessment),
  })
  useDocumentTitle(q.data?.title ?? 'Assessment')

  if (q.isPending)
    return (
      <main className="page r-page">
        <Loading label="Loading the assessment…" />
      </main>
    )
  if (q.isError)
    return (
      <main className="page r-page">
        <p>
          <Link to="/assessments">← Assessments</Link>
        </p>
        <ErrorNote error={q.error} onRetry={() => q.refetch()} />
      </main>
    )
  const a = q.data
  return (
    <main className="page r-page">
      <p>
        <Link to="/assessments">← Assessments</Link>
      </p>
      <div className="row r-heading">
        <h1>{a.title}</h1>
        <StatusBadge status={a.status} />
      </div>
      {notice ? (
        <p className="ok" role="status">
          {notice}
        </p>
      ) : null}
      <Actions assessment={a} />
      {a.description ? <p className="r-prewrap">{a.description}</p> : null}
      <dl className="r-facts card">
        <div>
          <dt>Duration</dt>
          <dd>{a.duration_minutes === null ? 'No overall limit' : `${a.duration_minutes} min`}</dd>
        </div>
        <div>
          <dt>Navigation</dt>
          <dd>{a.navigation === 'free' ? 'Free (any order)' : 'Sequential'}</dd>
        </div>
        <div>
          <dt>Max attempts</dt>
          <dd>{a.max_attempts}</dd>
        </div>
        <div>
          <dt>Questions</dt>
          <dd>{a.question_count}</dd>
        </div>
        <div>
          <dt>Total points</dt>
          <dd>{a.total_points}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(a.created_at)}</dd>
        </div>
        {a.published_at ? (
          <div>
            <dt>Published</dt>
            <dd>{formatDateTime(a.published_at)}</dd>
          </div>
        ) : null}
      </dl>

      <h2>Questions</h2>
      {a.questions.length === 0 ? (
        <p className="muted">No questions yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="r-sr-only">Questions</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Type</th>
                <th scope="col">Prompt</th>
                <th scope="col">Points</th>
                <th scope="col">Time limit</th>
                <th scope="col">Section</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {[...a.questions]
                .sort((x, y) => x.position - y.position)
                .map((question, i) => (
                  <tr key={question.id}>
                    <td>{i + 1}</td>
                    <td>{questionTypeLabel(question.type)}</td>
                    <td className="r-prompt-cell">{question.prompt}</td>
                    <td>{question.points}</td>
                    <td>
                      {question.time_limit_seconds === null
                        ? '—'
                        : `${question.time_limit_seconds} s`}
                    </td>
                    <td>{question.section ?? '—'}</td>
                    <td>
                      <QuestionDetails question={question} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}

      {a.status === 'published' ? (
        <>
          <InviteForm assessmentId={a.id} />
          <InvitationsList assessmentId={a.id} />
        </>
      ) : a.status === 'draft' ? (
        <p className="muted">Publish the assessment to invite candidates.</p>
      ) : null}
      {/* A draft has never been taken: analytics start with publishing. */}
      {a.status === 'draft' ? null : <AnalyticsSection assessment={a} />}
    </main>
  )
}

function QuestionDetails({ question: q }: { question: QuestionView }) {
  if (q.type === 'mcq') {
    const options = Array.isArray(q.options) ? (q.options as { id: string; text: string }[]) : []
    const correct = new Set(Array.isArray(q.correct_option_ids) ? q.correct_option_ids : [])
    return (
      <ul className="r-compact">
        {options.map((o) => (
          <li key={o.id}>
            {correct.has(o.id) ? (
              <strong>
                {o.text} <span className="ok">(correct)</span>
              </strong>
            ) : (
              o.text
            )}
          </li>
        ))}
      </ul>
    )
  }
  if (q.type === 'short_answer') {
    const keywords = Array.isArray(q.expected_keywords) ? q.expected_keywords.join(', ') : ''
    return <span>Keywords: {keywords || '—'}</span>
  }
  const languages = (Array.isArray(q.languages) ? q.languages : [q.language])
    .map((l) => LANGUAGE_LABELS[String(l)] ?? String(l))
    .join(', ')
  const samples = Array.isArray(q.sample_test_cases) ? q.sample_test_cases.length : 0
  const hidden = Array.isArray(q.test_cases) ? q.test_cases.length : 0
  return (
    <span>
      {languages},{' '}
      {q.style === 'stdio' ? 'standard input → output' : <code>{String(q.entry_point)}</code>};{' '}
      {samples} sample / {hidden} hidden test
      {hidden === 1 ? '' : 's'}
    </span>
  )
}

function Actions({ assessment: a }: { assessment: AssessmentDetail }) {
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)
  const publish = useMutation({
    mutationFn: () => api<AssessmentResponse>('POST', `/api/assessments/${a.id}/publish`),
    onSuccess: ({ assessment }) => {
      setConfirming(false)
      queryClient.setQueryData(keys.assessment(a.id), assessment)
      void queryClient.invalidateQueries({ queryKey: keys.assessments })
      navigate('.', {
        replace: true,
        state: { notice: 'Published. You can now invite candidates.' },
      })
    },
  })
  const duplicate = useMutation({
    mutationFn: async () => {
      const questions = questionInputsFromView(a)
      if (!Array.isArray(questions)) throw new Error('the stored questions could not be copied')
      return api<AssessmentResponse>('POST', '/api/assessments', {
        title: `${a.title} (copy)`.slice(0, 200),
        description: a.description,
        duration_minutes: a.duration_minutes,
        navigation: a.navigation,
        max_attempts: a.max_attempts,
        grace_seconds: a.grace_seconds,
        heartbeat_timeout_seconds: a.heartbeat_timeout_seconds,
        show_results_to_candidate: a.show_results_to_candidate,
        questions,
      })
    },
    onSuccess: ({ assessment }) => {
      queryClient.setQueryData(keys.assessment(assessment.id), assessment)
      void queryClient.invalidateQueries({ queryKey: keys.assessments })
      navigate(`/assessments/${assessment.id}/edit`)
    },
  })

  // Same tab: the candidate's pages hold their own token, and the done page links back to the
  // report (a new tab opened after the request would be a blocked pop-up).
  const takePreview = useMutation({
    mutationFn: () => api<PreviewStarted>('POST', `/api/assessments/${a.id}/preview`),
    onSuccess: ({ token }) => navigate(`/invite/${token}`),
  })

  return (
    <>
      <div className="row r-actions">
        {a.status === 'draft' ? (
          <>
            <Link to={`/assessments/${a.id}/edit`} className="button secondary">
              Edit
            </Link>
            <button
              type="button"
              onClick={() => {
                publish.reset()
                setConfirming(true)
              }}
            >
              Publish
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="secondary"
          onClick={() => duplicate.mutate()}
          disabled={duplicate.isPending}
        >
          {duplicate.isPending ? 'Duplicating…' : 'Duplicate as new draft'}
        </button>
        {a.status !== 'archived' && a.question_count > 0 ? (
          <button
            type="button"
            className="secondary"
            onClick={() => takePreview.mutate()}
            disabled={takePreview.isPending}
            title="Take the saved assessment as a candidate would, clock and grading included; it counts nowhere"
          >
            {takePreview.isPending ? 'Opening…' : 'Take it as a candidate'}
          </button>
        ) : null}
        <Link to={`/results?assessment=${a.id}`}>Results</Link>
        <Link to={`/sessions?assessment=${a.id}`}>Live sessions</Link>
      </div>
      {duplicate.isError ? (
        <p className="error" role="alert">
          Could not duplicate: {describeError(duplicate.error)}
        </p>
      ) : null}
      {takePreview.isError ? (
        <p className="error" role="alert">
          Could not open a preview: {describeError(takePreview.error)}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Publish this assessment?"
        confirmLabel={publish.isPending ? 'Publishing…' : 'Publish now'}
        busy={publish.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => publish.mutate()}
      >
        <p>
          Once published it can no longer be edited (candidates are graded against exactly what they
          saw), and you can invite candidates. To change it later, duplicate it as a new draft.
        </p>
        {a.question_count === 0 ? (
          <p className="warning">It has no questions yet: add at least one first.</p>
        ) : null}
        {publish.isError ? <ErrorNote error={publish.error} /> : null}
      </ConfirmDialog>
    </>
  )
}
