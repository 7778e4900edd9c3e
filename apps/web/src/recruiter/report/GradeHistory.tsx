import type { ReportAnswer } from '@assess/core'
import { formatDateTime, formatNumber } from '../format.ts'

const ACTION = { override: 'Adjusted by hand', regrade: 'Regraded' } as const

/** An answer's earlier grades, newest first: when, who, what, why, and the score change. */
export function GradeHistory({ answer: a }: { answer: ReportAnswer }) {
  if (a.grade_history.length === 0) return null
  return (
    <section data-testid={`grade-history-${a.index + 1}`}>
      <h4>Grade history</h4>
      <ul>
        {a.grade_history.map((h) => (
          <li key={h.id}>
            <strong>{ACTION[h.action]}</strong> {formatDateTime(h.at)}
            {h.by ? ` by ${h.by.name || h.by.email} (${h.by.email})` : ' by a removed user'}:{' '}
            {formatNumber(h.from_score)} →{' '}
            {h.to_score === null && h.action === 'regrade'
              ? 'grading again…'
              : formatNumber(h.to_score)}{' '}
            / {formatNumber(h.max_score)}
            <span className="muted"> · “{h.reason}”</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
