import { Countdown } from './Countdown.tsx'
import { formatClock } from './countdown.ts'
import type { Lost } from './test/useSessionSync.ts'

/**
 * The bar over the test: its title, progress, the clock that ends first (and both when the
 * question has a limit of its own), whether the work is saved, and the way back when another
 * tab holds the test.
 */
export function TestBar(props: {
  title: string
  preview: boolean
  answered: number
  total: number
  /** What the big clock shows (null: no deadline known yet). */
  ms: number | null
  /** Both clocks, when the question on screen has its own limit. */
  clocks: { questionMs: number; sessionMs: number } | null
  saveLabel: string
  saveTone: 'ok' | 'busy' | 'off'
  fullscreen: { available: boolean; on: boolean; toggle: () => void }
  lost: Lost | null
  takingOver: boolean
  onTakeOver: () => void
}) {
  const { lost } = props
  return (
    <header className="t-bar">
      <div className="t-bar-inner">
        <div className="t-bar-title">
          <h1 className="t-title">{props.title}</h1>
          {props.preview ? <span className="badge warn">Preview · not counted</span> : null}
          <span className="muted t-progress">
            {props.answered} of {props.total} answered
          </span>
        </div>
        <Countdown ms={props.ms} />
        {props.clocks ? (
          // Both limits, always in sight: the big clock is the one that ends first.
          <p className="t-clocks muted">
            This question{' '}
            <span role="timer" aria-label="This question's clock">
              {formatClock(props.clocks.questionMs)}
            </span>{' '}
            · Whole test{' '}
            <span role="timer" aria-label="The whole test's clock">
              {formatClock(props.clocks.sessionMs)}
            </span>
          </p>
        ) : null}
        <p
          role="status"
          className={`t-sync${props.saveTone === 'off' ? ' t-sync-off' : props.saveTone === 'busy' ? ' t-sync-busy' : ''}`}
        >
          {props.saveLabel}
        </p>
        {props.fullscreen.available ? (
          <button type="button" className="link t-fs" onClick={props.fullscreen.toggle}>
            {props.fullscreen.on ? 'Exit full screen' : 'Full screen'}
          </button>
        ) : null}
      </div>
      {lost ? (
        <div className="error t-lost" role="alert">
          <p>
            {lost === 'signin'
              ? 'Your sign-in has expired. Open your invitation link again to continue; your work on this device is kept.'
              : lost === 'revoked'
                ? 'This test was continued on another device or tab. Your unsent work is kept on this device.'
                : 'This test is open on another device or tab.'}
          </p>
          {lost !== 'signin' ? (
            <button type="button" onClick={props.onTakeOver} disabled={props.takingOver}>
              Continue here
            </button>
          ) : null}
        </div>
      ) : null}
    </header>
  )
}
