import { useEffect, useRef, useState } from 'react'
import {
  type Anchor,
  displaySeconds,
  formatClock,
  remainingAt,
  shouldAnnounce,
  type WarningLevel,
  warningLevel,
} from './countdown.ts'

/**
 * The remaining milliseconds for an anchor (null: no limit), whole seconds rounded up,
 * re-rendering once per displayed second. Always computed from the anchor and
 * performance.now(), so throttled timers in a background tab or a late tick never drift; and
 * never a value computed for an older anchor (a new question must not inherit a zero).
 */
export function useRemaining(anchor: Anchor | null): number | null {
  const [tick, setTick] = useState<{ anchor: Anchor | null; seconds: number }>({
    anchor: null,
    seconds: 0,
  })
  useEffect(() => {
    if (!anchor) return
    const run = () => {
      const seconds = displaySeconds(remainingAt(anchor, performance.now()))
      setTick((t) => (t.anchor === anchor && t.seconds === seconds ? t : { anchor, seconds }))
    }
    run()
    const id = setInterval(run, 250)
    return () => clearInterval(id)
  }, [anchor])
  if (anchor === null) return null
  if (tick.anchor === anchor) return tick.seconds * 1000
  return displaySeconds(remainingAt(anchor, performance.now())) * 1000
}

/** The timer, its warning, and a one-time announcement for screen readers. */
export function Countdown({ ms }: { ms: number | null }) {
  const level: WarningLevel = ms === null ? 'normal' : warningLevel(ms)
  // Starts at 'normal' so a resume with under a minute left is announced too.
  const previous = useRef<WarningLevel>('normal')
  const [announcement, setAnnouncement] = useState('')
  useEffect(() => {
    if (shouldAnnounce(previous.current, level))
      setAnnouncement('Less than one minute left. Your answer is submitted automatically at zero.')
    if (level === 'normal') setAnnouncement('')
    previous.current = level
  }, [level])

  return (
    <div className={`t-clock t-${level}`}>
      <span className="t-clock-label" aria-hidden="true">
        Time left
      </span>
      <span role="timer" aria-label="Time left" className="timer t-timer">
        {ms === null ? 'No limit' : formatClock(ms)}
      </span>
      <span className="t-sr" aria-live="assertive">
        {announcement}
      </span>
    </div>
  )
}

/** The visible warning under 60 s (rendered where the page has room for it). */
export function TimeWarning({ ms }: { ms: number | null }) {
  if (ms === null) return null
  const level = warningLevel(ms)
  if (level === 'normal') return null
  return (
    <p className={`warning t-warning t-${level}`}>
      {level === 'over'
        ? 'Time is up. Submitting what you have…'
        : 'Less than a minute left: your answer will be submitted automatically at 00:00.'}
    </p>
  )
}
