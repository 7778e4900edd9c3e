import type { ResultItem, SessionReport } from '@assess/core'
import { useQueries } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { Markdown } from '../../ui/Markdown.tsx'
import { ErrorNote, Loading } from '../../ui/states.tsx'
import { keys, useStaffApi } from '../api.ts'
import {
  formatDateTime,
  formatNumber,
  formatPercent,
  recommendationLabel,
  recommendationTone,
} from '../format.ts'
import { Badge } from '../ui.tsx'

/** "2 tab switches · 1 paste", or "None" when the log counted nothing. */
export function describeIntegrity(i: ResultItem['integrity']): string {
  const parts = [
    [i.tab_switches, 'tab switch', 'tab switches'],
    [i.pastes, 'paste', 'pastes'],
    [i.takeovers, 'takeover', 'takeovers'],
  ] as const
  const said = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`)
  return said.length > 0 ? said.join(' · ') : 'None'
}

/**
 * Two or more candidates side by side: score, recommendation, integrity and summary; and, when
 * they took the same assessment, each question's score (from their reports).
 */
export function CompareResults(props: { results: ResultItem[]; onClose(): void }) {
  const api = useStaffApi()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const sameAssessment = new Set(props.results.map((r) => r.assessment.id)).size === 1
  const reports = useQueries({
    queries: props.results.map((r) => ({
      queryKey: keys.report(r.session_id),
      queryFn: () => api<SessionReport>('GET', `/api/sessions/${r.session_id}/report`),
      enabled: sameAssessment,
    })),
  })
  const name = (r: ResultItem) => r.candidate.name || r.candidate.email
  const rows: [string, (r: ResultItem) => React.ReactNode][] = [
    ['Assessment', (r) => r.assessment.title],
    [
      'Score',
      (r) => (
        <>
          {formatNumber(r.final_score)} / {formatNumber(r.max_score)} (
          <strong>{formatPercent(r.percentage)}</strong>)
        </>
      ),
    ],
    [
      'Recommendation',
      (r) => (
        <Badge tone={recommendationTone(r.recommendation)}>
          {recommendationLabel(r.recommendation)}
        </Badge>
      ),
    ],
    ['Integrity', (r) => describeIntegrity(r.integrity)],
    ['Completed', (r) => formatDateTime(r.completed_at)],
    ['Summary', (r) => (r.summary ? <Markdown text={r.summary} /> : '—')],
  ]
  const first = reports[0]?.data
  return (
    <section className="card r-compare" aria-labelledby="compare-title">
      <div className="row">
        <h2 id="compare-title" ref={heading} tabIndex={-1}>
          Comparing {props.results.length} candidates
        </h2>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={props.onClose}>
          Close comparison
        </button>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="r-sr-only">The candidates side by side</caption>
          <thead>
            <tr>
              <td />
              {props.results.map((r) => (
                <th key={r.session_id} scope="col">
                  {name(r)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, cell]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {props.results.map((r) => (
                  <td key={r.session_id}>{cell(r)}</td>
                ))}
              </tr>
            ))}
            {sameAssessment && first
              ? first.answers.map((question) => (
                  <tr key={question.question_id}>
                    <th scope="row">Question {question.index + 1}</th>
                    {reports.map((report, i) => {
                      const a = report.data?.answers.find(
                        (x) => x.question_id === question.question_id,
                      )
                      return (
                        <td key={props.results[i]?.session_id}>
                          {a ? `${formatNumber(a.score)} / ${formatNumber(a.max_score)}` : '—'}
                        </td>
                      )
                    })}
                  </tr>
                ))
              : null}
          </tbody>
        </table>
      </div>
      {sameAssessment && reports.some((r) => r.isPending) ? (
        <Loading label="Loading each question's scores…" />
      ) : null}
      {reports.map((r) => (r.error ? <ErrorNote key={String(r.error)} error={r.error} /> : null))}
      {!sameAssessment ? (
        <p className="muted">
          These candidates took different assessments: only their overall results compare.
        </p>
      ) : null}
    </section>
  )
}
