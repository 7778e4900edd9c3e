import type { AssessmentAnalytics, QuestionAnalytics } from '@assess/core'
import type { AssessmentDetail } from '../api.ts'
import { formatNumber, questionTypeLabel } from '../format.ts'
import { Badge } from '../ui.tsx'
import { FLAG_INFO, type QuestionFlag, questionFlags } from './flags.ts'

type QuestionView = AssessmentDetail['questions'][number]

const seconds = (s: number | null) => (s === null ? '—' : `${formatNumber(s)} s`)
const ratio = (n: number | null) => (n === null ? '—' : n.toFixed(2))

/** Every question with its item statistics; the ones worth a second look carry a flag. */
export function QuestionStatsTable({
  analytics,
  questions,
}: {
  analytics: AssessmentAnalytics
  questions: QuestionView[]
}) {
  const byId = new Map(questions.map((q) => [q.id, q]))
  return (
    <div className="card">
      <h3>Questions</h3>
      <div className="table-wrap">
        <table className="r-question-stats">
          <caption className="r-sr-only">Statistics per question</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Question</th>
              <th scope="col">Answered</th>
              <th scope="col">Timed out</th>
              <th scope="col">Average time</th>
              <th scope="col">p-value</th>
              <th scope="col">Discrimination</th>
              <th scope="col">Choices</th>
              <th scope="col">Flags</th>
            </tr>
          </thead>
          <tbody>
            {analytics.questions.map((q) => {
              const flags = questionFlags(q)
              const view = byId.get(q.question_id)
              return (
                <tr key={q.question_id} className={flags.length ? 'r-notable' : undefined}>
                  <th scope="row">{q.index + 1}</th>
                  <td className="r-prompt-cell">
                    {view?.prompt ?? '—'}
                    <br />
                    <span className="muted r-small">{questionTypeLabel(q.type)}</span>
                  </td>
                  <td>{q.answered}</td>
                  <td>{q.timed_out}</td>
                  <td className="r-nowrap">{seconds(q.average_time_seconds)}</td>
                  <td>{ratio(q.p_value)}</td>
                  <td>{ratio(q.discrimination)}</td>
                  <td>
                    <OptionCounts question={q} view={view} />
                  </td>
                  <td>
                    {flags.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      flags.map((f) => <FlagBadge key={f} flag={f} />)
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <Legend />
    </div>
  )
}

function FlagBadge({ flag }: { flag: QuestionFlag }) {
  const info = FLAG_INFO[flag]
  return (
    <span className="r-flag" title={info.meaning}>
      <Badge tone={info.tone}>{info.label}</Badge>
    </span>
  )
}

/** Times each option was chosen, in the question's own order, the correct ones marked. */
function OptionCounts({ question: q, view }: { question: QuestionAnalytics; view?: QuestionView }) {
  if (!q.option_counts) return <span className="muted">—</span>
  const options = Array.isArray(view?.options)
    ? (view.options as { id: string; text: string }[])
    : []
  const correct = new Set(Array.isArray(view?.correct_option_ids) ? view.correct_option_ids : [])
  const known = new Set(options.map((o) => o.id))
  // Ids the question no longer lists cannot happen for a published one; shown raw just in case.
  const rows = [
    ...options.map((o) => ({ id: o.id, text: o.text })),
    ...Object.keys(q.option_counts)
      .filter((id) => !known.has(id))
      .map((id) => ({ id, text: id })),
  ]
  return (
    <ul className="r-compact r-choice-counts">
      {rows.map((o) => (
        <li key={o.id}>
          {o.text}
          {correct.has(o.id) ? <span className="ok"> (correct)</span> : null}:{' '}
          <strong>{q.option_counts?.[o.id] ?? 0}</strong>
        </li>
      ))}
    </ul>
  )
}

function Legend() {
  return (
    <div className="r-legend">
      <h4>How to read this</h4>
      <dl>
        <dt>p-value</dt>
        <dd>
          The average share of the points scored on the question, over graded answers: 0 means
          nobody scored, 1 that everybody scored full marks.
        </dd>
        <dt>Discrimination</dt>
        <dd>
          How well the question separates strong from weak candidates: the correlation between the
          score on this question and the score on the rest of the test, over graded sessions (−1 to
          1; shown from 5 graded sessions on). Around 0.3 or more is good.
        </dd>
        <dt>Answered / Timed out</dt>
        <dd>
          Submitted by the candidate / finalized by the server when the question's time ran out.
        </dd>
        {(Object.keys(FLAG_INFO) as QuestionFlag[]).map((f) => (
          <div key={f}>
            <dt>
              <Badge tone={FLAG_INFO[f].tone}>{FLAG_INFO[f].label}</Badge>
            </dt>
            <dd>{FLAG_INFO[f].meaning}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
