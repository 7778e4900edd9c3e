import type { AssessmentAnalytics } from '@assess/core'
import {
  formatDuration,
  RECOMMENDATIONS,
  recommendationLabel,
  recommendationTone,
} from '../format.ts'
import { Badge } from '../ui.tsx'

const seconds = (s: number | null) => formatDuration(s === null ? null : s * 1000)

/** How long ended sessions took, and what the summaries recommended. */
export function DurationAndRecommendations({ analytics: a }: { analytics: AssessmentAnalytics }) {
  const d = a.duration_seconds
  return (
    <div className="card">
      <h3>Time taken</h3>
      {d.mean === null ? (
        <p className="muted">No session has ended yet.</p>
      ) : (
        <dl className="r-facts">
          <div>
            <dt>Mean</dt>
            <dd>{seconds(d.mean)}</dd>
          </div>
          <div>
            <dt>Median</dt>
            <dd>{seconds(d.median)}</dd>
          </div>
          <div>
            <dt>90th percentile</dt>
            <dd>{seconds(d.p90)}</dd>
          </div>
        </dl>
      )}
      <h3>Recommendations</h3>
      <ul className="r-recommendations">
        {RECOMMENDATIONS.map((r) => (
          <li key={r}>
            <Badge tone={recommendationTone(r)}>{recommendationLabel(r)}</Badge>{' '}
            <strong>{a.recommendations[r]}</strong>
          </li>
        ))}
      </ul>
    </div>
  )
}
