import { describe, expect, test } from 'bun:test'
import { admitSave, draftEventDue, PROGRESS_SAVES_PER_WINDOW } from './progress-saves.ts'

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s))

describe('admitSave', () => {
  test('the first save opens a window; later ones count in it', () => {
    expect(admitSave({ windowAt: null, saves: 0 }, at(0))).toEqual({
      allowed: true,
      window: { windowAt: at(0), saves: 1 },
    })
    expect(admitSave({ windowAt: at(0), saves: 5 }, at(30))).toEqual({
      allowed: true,
      window: { windowAt: at(0), saves: 6 },
    })
  })

  test('a full window refuses until it ends, then a new one opens', () => {
    const full = { windowAt: at(0), saves: PROGRESS_SAVES_PER_WINDOW }
    expect(admitSave(full, at(45))).toEqual({ allowed: false, retryAfterMs: 15_000 })
    expect(admitSave(full, at(60))).toEqual({
      allowed: true,
      window: { windowAt: at(60), saves: 1 },
    })
  })
})

test('a draft event is due for the first save of each minute', () => {
  expect(draftEventDue(null, at(0))).toBe(true)
  expect(draftEventDue(at(0), at(59))).toBe(false)
  expect(draftEventDue(at(0), at(60))).toBe(true)
})
