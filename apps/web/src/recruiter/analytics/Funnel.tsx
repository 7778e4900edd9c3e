import type { AssessmentAnalytics } from '@assess/core'
import { formatPercent } from '../format.ts'
import { shareOf } from './flags.ts'

type Sessions = AssessmentAnalytics['sessions']

const ENDS = [
  ['completed', 'Completed'],
  ['expired', 'Time ran out'],
  ['abandoned', 'Abandoned'],
  ['cancelled', 'Cancelled'],
] as const satisfies readonly (readonly [keyof Sessions, string])[]

const UNDER_WAY = [
  ['active', 'Active now'],
  ['paused', 'Paused now'],
] as const satisfies readonly (readonly [keyof Sessions, string])[]

const rate = (r: number | null) => (r === null ? '—' : formatPercent(r * 100))

/** Started → how the sessions ended (or that they are still under way), with the two rates. */
export function Funnel({ analytics: a }: { analytics: AssessmentAnalytics }) {
  const total = a.sessions.total
  return (
    <div className="card">
      <h3>Funnel</h3>
      <ul className="r-funnel">
        <FunnelStep label="Started" count={total} total={total} tone="accent" />
        {ENDS.map(([key, label]) => (
          <FunnelStep key={key} label={label} count={a.sessions[key]} total={total} tone={key} />
        ))}
        {UNDER_WAY.map(([key, label]) => (
          <FunnelStep key={key} label={label} count={a.sessions[key]} total={total} tone="live" />
        ))}
      </ul>
      <dl className="r-facts">
        <div>
          <dt>Completion rate</dt>
          <dd className="r-big">{rate(a.completion_rate)}</dd>
        </div>
        <div>
          <dt>Abandonment rate</dt>
          <dd className="r-big">{rate(a.abandonment_rate)}</dd>
        </div>
      </dl>
      <p className="muted r-small">
        Rates are over ended sessions (completed, time ran out, abandoned or cancelled); sessions
        still active or paused are not counted yet.
      </p>
    </div>
  )
}

function FunnelStep({
  label,
  count,
  total,
  tone,
}: {
  label: string
  count: number
  total: number
  tone: string
}) {
  const share = shareOf(count, total)
  return (
    <li>
      <span className="r-funnel-label">{label}</span>
      <span className="r-bar-track">
        <span
          className={`r-bar r-bar-${tone}`}
          role="img"
          aria-label={`${label}: ${count} of ${total} sessions (${formatPercent(share)})`}
          style={{ width: `${share}%` }}
        />
      </span>
      <span className="r-funnel-count" aria-hidden="true">
        {count}
      </span>
    </li>
  )
}
