import { Badge } from '../ui.tsx'
import type { SseState } from './sse.ts'

/** Whether the page is live, and what it does when it is not. */
export function ConnectionStatus({ state }: { state: SseState }) {
  const [tone, text] = words(state)
  return (
    <p role="status" className="r-small">
      <Badge tone={tone}>{text}</Badge>
    </p>
  )
}

function words(state: SseState): ['ok' | 'warn' | 'danger' | '', string] {
  switch (state.kind) {
    case 'open':
      return ['ok', 'Live']
    case 'connecting':
      return ['', 'Connecting…']
    case 'retrying':
      return ['warn', `Connection lost; reconnecting in ${Math.ceil(state.inMs / 1000)} s`]
    case 'failed':
      return ['danger', `Live updates unavailable (HTTP ${state.status}); reload the page`]
    case 'closed':
      return ['', 'Stopped']
  }
}
