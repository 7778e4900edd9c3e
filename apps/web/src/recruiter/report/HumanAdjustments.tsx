import { formatNumber, formatPercent, recommendationLabel } from '../format.ts'
import { arr, type JsonObject, num, obj, str } from './json.ts'

/**
 * Scores a person changed after the summary was written (stored on it by the override): the
 * summary's text predates them, the totals and recommendation above include them.
 */
export function HumanAdjustments({ summary }: { summary: JsonObject }) {
  const adjustments = arr(summary.human_adjustments).map(obj)
  if (adjustments.length === 0) return null
  return (
    <div className="r-review-note" role="note" data-testid="human-adjustments">
      <strong>Adjusted by a person after this summary was written.</strong> The score and
      recommendation above include these changes:
      <ul>
        {adjustments.map((a, i) => {
          const by = obj(a.by)
          const percentage = obj(a.percentage)
          const recommendation = obj(a.recommendation)
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: an append-only list
            <li key={i}>
              Question {(num(a.question_index) ?? 0) + 1}: {formatNumber(num(a.from))} →{' '}
              {formatNumber(num(a.to))} by {str(by.name) || str(by.email) || 'a person'} (“
              {str(a.reason)}”); {formatPercent(num(percentage.from))} →{' '}
              {formatPercent(num(percentage.to))}, {recommendationLabel(str(recommendation.from))} →{' '}
              {recommendationLabel(str(recommendation.to))}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
