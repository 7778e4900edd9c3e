import { describe, expect, test } from 'bun:test'
import type { LiveEvent } from '@assess/core'
import {
  applyLiveEvent,
  type Board,
  boardOf,
  feedItem,
  parseLiveEvent,
  split,
} from './live-board.ts'

const S = '00000000-0000-4000-8000-000000000001'
const A = '00000000-0000-4000-8000-0000000000aa'
const at = (minute: number) => `2026-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`
const ev = (e: Omit<LiveEvent, 'session_id' | 'assessment_id'>, sessionId = S) =>
  ({ session_id: sessionId, assessment_id: A, ...e }) as LiveEvent

const started = ev({
  type: 'session.started',
  at: at(0),
  candidate: { name: 'Ada', email: 'ada@example.test' },
  data: { assessment_title: 'Backend', attempt_number: 1, total_questions: 3, expires_at: at(30) },
})
const submitted = (minute: number, progress: number) =>
  ev({
    type: 'answer.submitted',
    at: at(minute),
    data: {
      answer_id: crypto.randomUUID(),
      question_id: crypto.randomUUID(),
      question_index: 0,
      time_expired: false,
      progress_percent: progress,
    },
  })
const completed = ev({
  type: 'session.completed',
  at: at(9),
  data: {
    status: 'abandoned',
    completion_method: 'tab_close',
    completed_at: at(9),
    progress_percent: 100,
  },
})
const by = { reason: 'Fire alarm', by_user_id: crypto.randomUUID() }

const applyAll = (board: Board, events: LiveEvent[]) =>
  events.reduce((b, e) => applyLiveEvent(b, e).board, board)

describe('the live board', () => {
  test('a start brings its row; a second copy of it changes nothing', () => {
    const board = applyAll({}, [started, started])
    expect(board[S]).toMatchObject({
      assessment_title: 'Backend',
      candidate: { name: 'Ada', email: 'ada@example.test' },
      status: 'active',
      started_at: at(0),
      expires_at: at(30),
      progress_percent: 0,
    })
    expect(split(board).running.map((s) => s.id)).toEqual([S])
  })

  test('answers move progress forward only, and count as a sign of life', () => {
    const board = applyAll({}, [started, submitted(5, 66.7), submitted(3, 33.3)])
    expect(board[S]?.progress_percent).toBe(66.7)
    expect(board[S]?.last_heartbeat).toBe(at(5))
  })

  test('pause, extend, resume, then an end: the row follows, and moves to the ended list', () => {
    const board = applyAll({}, [
      started,
      ev({ type: 'session.paused', at: at(2), data: by }),
      ev({ type: 'session.extended', at: at(3), data: { ...by, minutes: 10, expires_at: at(40) } }),
    ])
    expect(board[S]).toMatchObject({ status: 'paused', expires_at: at(40) })
    const resumed = applyAll(board, [
      ev({ type: 'session.resumed', at: at(4), data: { ...by, expires_at: at(42) } }),
    ])
    expect(resumed[S]).toMatchObject({ status: 'active', expires_at: at(42) })
    const ended = applyAll(resumed, [completed])
    expect(ended[S]).toMatchObject({
      status: 'abandoned',
      completion_method: 'tab_close',
      completed_at: at(9),
    })
    expect(split(ended)).toMatchObject({ running: [], ended: [{ id: S }] })
    // A late pause (replayed) never brings an ended session back.
    expect(applyAll(ended, [ev({ type: 'session.paused', at: at(2), data: by })])[S]?.status).toBe(
      'abandoned',
    )
  })

  test('events received during a reload, applied on the reloaded list, give the same state', () => {
    const events = [started, submitted(1, 50), completed]
    const live = applyAll({}, events)
    // The reload's snapshot was taken after the first two events but before the third.
    const snapshot = boardOf([[applyAll({}, events.slice(0, 2))[S] as NonNullable<Board[string]>]])
    expect(applyAll(snapshot, events)).toEqual(live)
  })

  test('an unknown session under way asks for a reload; its grades and endings do not', () => {
    expect(applyLiveEvent({}, submitted(1, 50)).missing).toBe(true)
    expect(applyLiveEvent({}, completed).missing).toBe(false)
    const graded = ev({
      type: 'answer.graded',
      at: at(1),
      data: {
        answer_id: crypto.randomUUID(),
        question_id: crypto.randomUUID(),
        grading_status: 'graded',
        score: 1,
        max_score: 2,
      },
    })
    expect(applyLiveEvent({}, graded)).toEqual({ board: {}, missing: false })
  })

  test('feed lines say who did what, and flag what deserves a look', () => {
    const board = applyAll({}, [started])
    const integrity = ev({
      type: 'integrity.event',
      at: at(1),
      data: { types: ['tab_hidden', 'paste'] },
    })
    expect(feedItem('1-0', integrity, board)).toMatchObject({
      who: 'Ada',
      what: 'left the tab, pasted',
      notable: true,
    })
    expect(feedItem('2-0', completed, board)).toMatchObject({
      what: 'abandoned (tab closed, did not return)',
      notable: true,
    })
    expect(feedItem('3-0', submitted(2, 10), {})).toMatchObject({ who: 'A candidate' })
  })

  test('only well-formed events are taken from the stream', () => {
    expect(parseLiveEvent(JSON.stringify(started))).toEqual(started)
    expect(parseLiveEvent('not json')).toBeNull()
    expect(parseLiveEvent('{"type":"x"}')).toBeNull()
    expect(parseLiveEvent('null')).toBeNull()
  })
})
