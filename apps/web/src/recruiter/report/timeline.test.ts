import { expect, test } from 'bun:test'
import { timelineRows } from './Timeline.tsx'

const q1 = '11111111-1111-4111-8111-111111111111'
const q2 = '22222222-2222-4222-8222-222222222222'
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
      // As Chromium reports a reload: the close, then the tab hidden, then the test again.
      event('tab_closed', 130),
      event('tab_hidden', 130, { question_id: q1 }),
      event('resumed', 133, { takeover: false }),
      event('sample_run', 140, { question_id: q1, language: 'python', passed: 2, total: 3 }),
      event('sample_run', 141, { question_id: q1, language: 'python', passed: 2, total: 3 }),
      event('sample_run', 142, { question_id: q1, language: 'python', passed: 3, total: 3 }),
      event('paste', 150, { question_id: q1, length: 40 }),
      event('resumed', 200, { takeover: true }),
      event('draft_saved', 210, { question_ids: [q1, q2] }),
    ],
    new Map([
      [q1, 2],
      [q2, 3],
    ]),
  )
  expect(rows.map((r) => [r.label, r.details, r.notable])).toEqual([
    ['Started', '—', false],
    ['Draft saved ×3', 'folded: routine', false],
    ['Reloaded the page, or left and came back', 'back after 3 s', false],
    ['Ran the sample tests ×2', 'question 2 · language: python · 2 of 3 passed', false],
    ['Ran the sample tests', 'question 2 · language: python · 3 of 3 passed', false],
    ['Pasted text', 'question 2 · length: 40', true],
    ['Continued here from another tab or device', '—', false],
    ['Draft saved', 'questions 2, 3', false],
  ])
  expect(rows[1]?.until).toBe(at(125))
  expect(rows[3]?.until).toBe(at(141))
})

test('a hidden tab with no return is not folded into a reload', () => {
  const rows = timelineRows(
    [event('tab_closed', 0), event('tab_hidden', 0), event('abandoned', 400)],
    new Map(),
  )
  expect(rows.map((r) => r.label)).toEqual([
    'Left the page (closed or reloaded the tab)',
    'Tab hidden',
    'Abandoned',
  ])
})

test('a tab closed for good stays a notable row', () => {
  const rows = timelineRows([event('tab_closed', 0), event('abandoned', 400)], new Map())
  expect(rows.map((r) => [r.label, r.notable])).toEqual([
    ['Left the page (closed or reloaded the tab)', true],
    ['Abandoned', true],
  ])
})
