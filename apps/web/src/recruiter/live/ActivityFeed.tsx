import { Link } from 'react-router'
import { formatTime } from '../format.ts'
import type { FeedItem } from './live-board.ts'

/**
 * What just happened, newest first. A polite live region: screen readers announce each new line
 * when the user is idle, without stealing focus.
 */
export function ActivityFeed({ items }: { items: FeedItem[] }) {
  return (
    <section aria-labelledby="r-live-feed" className="r-live-feed">
      <h2 id="r-live-feed">Activity</h2>
      <ol aria-live="polite" aria-relevant="additions" className="r-feed">
        {items.map((item) => (
          <li key={item.id} className={item.notable ? 'warning' : undefined}>
            <time dateTime={item.at} className="muted r-small">
              {formatTime(item.at)}
            </time>{' '}
            <Link to={`/results/${item.sessionId}`}>{item.who}</Link> {item.what}
          </li>
        ))}
      </ol>
      {items.length === 0 ? (
        <p className="muted">Nothing yet: events appear here as candidates work.</p>
      ) : null}
    </section>
  )
}
