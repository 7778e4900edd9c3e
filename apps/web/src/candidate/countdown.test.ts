import { describe, expect, test } from 'bun:test'
import {
  anchorFrom,
  applicableRemaining,
  describeDuration,
  describeRemaining,
  displaySeconds,
  drifted,
  formatClock,
  remainingAt,
  shouldAnnounce,
  warningLevel,
} from './countdown.ts'

describe('applicableRemaining', () => {
  test('the smaller of the question and session limits applies', () => {
    expect(
      applicableRemaining({ question_remaining_ms: 5_000, session_remaining_ms: 9_000 }),
    ).toEqual({ ms: 5_000, kind: 'question' })
    expect(
      applicableRemaining({ question_remaining_ms: 9_000, session_remaining_ms: 5_000 }),
    ).toEqual({ ms: 5_000, kind: 'session' })
  })

  test('one limit alone applies; none means no timer', () => {
    expect(
      applicableRemaining({ question_remaining_ms: null, session_remaining_ms: 7_000 }),
    ).toEqual({ ms: 7_000, kind: 'session' })
    expect(
      applicableRemaining({ question_remaining_ms: 7_000, session_remaining_ms: null }),
    ).toEqual({ ms: 7_000, kind: 'question' })
    expect(
      applicableRemaining({ question_remaining_ms: null, session_remaining_ms: null }),
    ).toBeNull()
  })

  test('never negative', () => {
    expect(
      applicableRemaining({ question_remaining_ms: -50, session_remaining_ms: null })?.ms,
    ).toBe(0)
  })
})

describe('remainingAt: computed from the anchor, no drift', () => {
  const anchor = anchorFrom({ question_remaining_ms: 90_000, session_remaining_ms: null }, 1_000)
  if (!anchor) throw new Error('expected an anchor')

  test('subtracts the monotonic time elapsed since the server value', () => {
    expect(remainingAt(anchor, 1_000)).toBe(90_000)
    expect(remainingAt(anchor, 31_000)).toBe(60_000)
  })

  test('a thousand irregular ticks land exactly where one computation does', () => {
    let now = 1_000
    let last = 0
    for (let i = 0; i < 1_000; i++) {
      now += 17 + (i % 7) * 13 // jittery intervals, as setInterval really fires
      last = remainingAt(anchor, now)
    }
    expect(last).toBe(Math.max(0, 90_000 - (now - 1_000)))
  })

  test('stops at zero, and a clock going backwards never adds time', () => {
    expect(remainingAt(anchor, 1_000 + 500_000)).toBe(0)
    expect(remainingAt(anchor, 0)).toBe(90_000)
  })

  test('a re-sync replaces the anchor (the server wins)', () => {
    const resynced = anchorFrom(
      { question_remaining_ms: 40_000, session_remaining_ms: null },
      50_000,
    )
    expect(resynced && remainingAt(resynced, 50_000)).toBe(40_000)
  })
})

describe('formatting', () => {
  test('mm:ss, rounded up so 00:00 means over', () => {
    expect(formatClock(0)).toBe('00:00')
    expect(formatClock(1)).toBe('00:01')
    expect(formatClock(999)).toBe('00:01')
    expect(formatClock(1_000)).toBe('00:01')
    expect(formatClock(59_001)).toBe('01:00')
    expect(formatClock(61_000)).toBe('01:01')
    expect(formatClock(30 * 60_000)).toBe('30:00')
    expect(formatClock(90 * 60_000)).toBe('90:00')
    expect(formatClock(-5)).toBe('00:00')
  })

  test('same width for every value under 100 minutes (no layout shift)', () => {
    const widths = new Set(
      [0, 5_000, 65_000, 600_000, 5_999_000].map((ms) => formatClock(ms).length),
    )
    expect([...widths]).toEqual([5])
  })

  test('words for screen readers and dialogs', () => {
    expect(describeRemaining(0)).toBe('0 seconds')
    expect(describeRemaining(1_000)).toBe('1 second')
    expect(describeRemaining(61_000)).toBe('1 minute 1 second')
    expect(describeRemaining(120_000)).toBe('2 minutes')
    expect(describeRemaining(3_600_000 + 30 * 60_000)).toBe('1 hour 30 minutes')
    expect(describeDuration(30 * 60)).toBe('30 minutes')
  })

  test('displaySeconds rounds up', () => {
    expect(displaySeconds(1)).toBe(1)
    expect(displaySeconds(1_000)).toBe(1)
    expect(displaySeconds(1_001)).toBe(2)
  })
})

describe('warnings', () => {
  test('thresholds: under 60 s warns, 10 s is critical, 0 is over', () => {
    expect(warningLevel(60_000)).toBe('normal')
    expect(warningLevel(59_001)).toBe('normal') // still shows 01:00
    expect(warningLevel(59_000)).toBe('warning')
    expect(warningLevel(11_000)).toBe('warning')
    expect(warningLevel(10_000)).toBe('critical')
    expect(warningLevel(1)).toBe('critical')
    expect(warningLevel(0)).toBe('over')
  })

  test('announced once, when crossing into the warning', () => {
    expect(shouldAnnounce('normal', 'warning')).toBe(true)
    expect(shouldAnnounce('normal', 'critical')).toBe(true) // a resume with 5 s left
    expect(shouldAnnounce('warning', 'warning')).toBe(false)
    expect(shouldAnnounce('warning', 'critical')).toBe(false)
    expect(shouldAnnounce('normal', 'normal')).toBe(false)
    expect(shouldAnnounce('critical', 'over')).toBe(false)
  })

  test('drift beyond the tolerance asks for a re-read', () => {
    expect(drifted(30_000, 31_500)).toBe(false)
    expect(drifted(30_000, 33_000)).toBe(true)
    expect(drifted(30_000, 20_000)).toBe(true)
  })
})
