import type { AssessmentAnalytics } from '@assess/core'
import { useId } from 'react'
import { formatPercent } from '../format.ts'
import { shareOf } from './flags.ts'

type Score = AssessmentAnalytics['score']

const sessions = (n: number) => `${n} session${n === 1 ? '' : 's'}`

/** Ten bars of graded sessions by percentage; the tallest bin fills the height. */
export function ScoreHistogram({ score }: { score: Score }) {
  const captionId = useId()
  const graded = score.histogram.reduce((sum, bin) => sum + bin.count, 0)
  const tallest = Math.max(...score.histogram.map((bin) => bin.count))
  return (
    <div className="card">
      <h3>Scores</h3>
      {graded === 0 ? (
        <p className="muted">No graded sessions yet.</p>
      ) : (
        <>
          <figure className="r-histogram-figure">
            <ol className="r-histogram" aria-labelledby={captionId}>
              {score.histogram.map((bin, i) => {
                const last = i === score.histogram.length - 1
                const range = `${bin.from}% to ${last ? '' : 'under '}${bin.to}%`
                return (
                  <li key={bin.from}>
                    <span className="r-histogram-count" aria-hidden="true">
                      {bin.count || ''}
                    </span>
                    <span
                      className="r-histogram-bar"
                      role="img"
                      aria-label={`${range}: ${sessions(bin.count)}`}
                      style={{ height: `${shareOf(bin.count, tallest)}%` }}
                    />
                    <span className="r-histogram-label" aria-hidden="true">
                      {bin.from}
                    </span>
                  </li>
                )
              })}
            </ol>
            <figcaption id={captionId} className="muted r-small">
              Percentage score of {sessions(graded)} graded, in bins of 10 points (the last bin
              includes 100%).
            </figcaption>
          </figure>
          <dl className="r-facts">
            <div>
              <dt>Mean</dt>
              <dd>{formatPercent(score.mean)}</dd>
            </div>
            <div>
              <dt>Median</dt>
              <dd>{formatPercent(score.median)}</dd>
            </div>
            <div>
              <dt>Middle half (p25–p75)</dt>
              <dd>
                {formatPercent(score.p25)} – {formatPercent(score.p75)}
              </dd>
            </div>
          </dl>
        </>
      )}
    </div>
  )
}
