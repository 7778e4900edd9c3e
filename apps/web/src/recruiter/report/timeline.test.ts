import { expect, test } from 'bun:test'
import { timelineRows } from './Timeline.tsx'

const q1 = '11111111-1111-4111-8111-111111111111'
const at = (s: number) => new Date(Date.UTC(2026, 10, 28, 10, 0, s)).toISOString()
const event = (type: string, s: number, data: Record<string, unknown> = {}) => ({
  type,
  at: at(s),
  client_at: null,
  data,
  actor: null,
})

test('a reload is one row, routine events fold, questions go by number, sample runs say how they went', () => {
  const rows = timelineRows(
    [
      event('started', 0),
      event('draft_saved', 5, { question_ids: [q1] }),
      event('draft_saved', 65, { question_ids: [q1] }),
      event('draft_saved', 125, { question_ids: [q1] }),
      event('tab_closed', 130),
      event('resumed', 133, { takeover: false }),
      event('sample_run', 140, { question_id: q1, language: 'python', passed: 2, total: 3 }),
      event('paste', 150, { question_id: q1, length: 40 }),
      event('resumed', 200, { takeover: true }),
    ],
    new Map([[q1, 2]]),
  )
  expect(rows.map((r) => [r.label, r.details, r.notable])).toEqual([
    ['Started', '—', false],
    ['Draft saved ×3', 'folded: routine', false],
    ['Reloaded the page, or left and came back', 'back after 3 s', false],
    ['Ran the sample tests', 'question 2 · language: python · 2 of 3 passed', false],
    ['Pasted text', 'question 2 · length: 40', true],
    ['Continued here from another tab or device', '—', false],
  ])
  expect(rows[1]?.until).toBe(at(125))
})

test('a tab closed for good stays a notable row', () => {
  const rows = timelineRows([event('tab_closed', 0), event('abandoned', 400)], new Map())
  expect(rows.map((r) => [r.label, r.notable])).toEqual([
    ['Left the page (closed or reloaded the tab)', true],
    ['Abandoned', true],
  ])
})
