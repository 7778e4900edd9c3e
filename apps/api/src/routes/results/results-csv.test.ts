import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createInvitation, type ResultExportRow, type ResultsExport } from '@assess/db'
import { waitUntil } from '@assess/db/testing'
import { createPublishedAssessment, createStaff } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'
import { resultsCsvBody } from './results-csv.views.ts'

// The 10,000-row export builds its rows in Postgres; a busy machine gets room.
setDefaultTimeout(60_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

type Staff = Awaited<ReturnType<typeof createStaff>>
type Detail = Awaited<ReturnType<typeof createPublishedAssessment>>

const S = 1000
const HEADER = [
  'candidate_name',
  'candidate_email',
  'status',
  'completion_method',
  'started_at',
  'completed_at',
  'duration_seconds',
  'final_score',
  'max_score',
  'percentage',
  'recommendation',
  'q1_score',
  'q2_score',
  'q3_score',
  'tab_switches',
  'pastes',
]
let seq = 0
const json = (value: unknown) => JSON.stringify(value)
const emailOf = (tag: string) => `${tag}-${++seq}-${Date.now().toString(36)}@example.test`

/**
 * RFC 4180, strictly: records end in CRLF (a bare CR or LF outside quotes is an error), a quote
 * opens a cell only at its start, and "" inside quotes is one quote.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch !== '"') cell += ch
      else if (text[i + 1] === '"') {
        cell += '"'
        i++
      } else quoted = false
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else if (ch === '\r' || ch === '\n' || ch === '"')
      throw new Error(`unquoted ${JSON.stringify(ch)} at ${i}`)
    else cell += ch
  }
  if (quoted || cell !== '' || row.length > 0) throw new Error('the last record is not CRLF-ended')
  return rows
}

/** A candidate invited under `name`, who accepted and started: their caller. */
async function startAs(staff: Staff, detail: Detail, name: string, email = emailOf('csv')) {
  const { token: link } = await createInvitation(t.db, staff.actor, {
    assessmentId: detail.assessment.id,
    input: { email, name, extra_time_percent: 0, expires_in_hours: 24 },
    now: t.clock.now(),
  })
  const accepted = await t.request('POST', `/api/invitations/${link}/accept`)
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.text}`)
  const token: string = accepted.body.token
  const started = await t.request('POST', `/api/assessments/${detail.assessment.id}/sessions`, {
    token,
  })
  if (started.status !== 201) throw new Error(`start failed: ${started.text}`)
  const sessionId: string = started.body.session.id
  const lease: string = started.body.lease_id
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await t.request(method, `/api/sessions/${sessionId}${path}`, {
      token,
      body,
      headers: { 'x-session-lease': lease },
    })
    if (res.status >= 300) throw new Error(`${method} ${path} failed: ${res.text}`)
    return res
  }
  return { email, name, sessionId, call }
}

/** What the grading worker writes for one answer. */
async function gradeAnswer(
  sessionId: string,
  questionId: string,
  score: number,
  status: 'graded' | 'needs_review' = 'graded',
) {
  const updated = await t.sql`
    UPDATE answers SET grading_status = ${status}, score = ${score},
      grader = ${json({ method: 'rules', model: null, prompt_version: 'v1', latency_ms: 1 })}::jsonb,
      graded_at = ${t.clock.now().toISOString()}
    WHERE session_id = ${sessionId} AND question_id = ${questionId}
    RETURNING id`
  if (updated.length !== 1) throw new Error(`no answer to ${questionId} in ${sessionId}`)
}

async function setTotals(sessionId: string, finalScore: number, recommendation: string) {
  await t.sql`
    UPDATE test_sessions SET final_score = ${finalScore}, max_score = 10,
      percentage = ${finalScore * 10}, recommendation = ${recommendation},
      evaluation_status = 'done', evaluated_at = ${t.clock.now().toISOString()}
    WHERE id = ${sessionId}`
}

async function timesOf(sessionId: string) {
  const [row] =
    await t.sql`SELECT started_at, completed_at FROM test_sessions WHERE id = ${sessionId}`
  return {
    started: new Date(String(row?.started_at)).toISOString(),
    completed: new Date(String(row?.completed_at)).toISOString(),
  }
}

const csvOf = (staff: Staff, assessmentId: string) =>
  t.request('GET', `/api/results.csv?assessment_id=${assessmentId}`, { token: staff.token })

describe('GET /api/results.csv', () => {
  test('one row per ended session, oldest completion first, quoted and neutralized', async () => {
    const staff = await createStaff(t)
    const detail = await createPublishedAssessment(t, staff.actor, {
      title: 'Backend Screening: "Q1" 2026',
      duration_minutes: 10,
    })
    const [q1, q2, q3] = detail.questions.map((q) => q.id)
    if (!q1 || !q2 || !q3) throw new Error('the sample assessment has three questions')

    // Completed after 95 s: q1 and q2 graded, q3 still grading; tabs left twice, one paste.
    const ada = await startAs(staff, detail, 'Ada, "The" Countess\nof Lovelace')
    await ada.call('POST', '/answers', { question_id: q1, answer: { choice_ids: ['a', 'c'] } })
    await ada.call('POST', '/events', {
      events: [
        { type: 'tab_hidden' },
        { type: 'tab_visible' },
        { type: 'tab_hidden' },
        { type: 'paste', data: { length: 12 } },
        { type: 'copy' },
      ],
    })
    t.clock.advance(95 * S)
    await ada.call('PUT', '/complete', {})
    await gradeAnswer(ada.sessionId, q1, 2)
    await gradeAnswer(ada.sessionId, q2, 1.5)
    await setTotals(ada.sessionId, 3.5, 'no_hire')

    // Quit after 20 s; its one answer is held for review with a score of zero.
    const hyperlink = await startAs(staff, detail, '=HYPERLINK("http://x")')
    await hyperlink.call('POST', '/answers', { question_id: q1, answer: { choice_ids: ['b'] } })
    t.clock.advance(20 * S)
    await hyperlink.call('PUT', '/abandon', { completion_method: 'manual' })
    await gradeAnswer(hyperlink.sessionId, q1, 0, 'needs_review')

    // Two start together: one is cancelled by a new invitation after 5 s, the other runs out
    // of time (10 minutes) and is ended by the next read, its code question graded in full.
    const sum = await startAs(staff, detail, '@SUM(1)')
    const phone = await startAs(staff, detail, '+1 (555) 0100')
    await sum.call('POST', '/events', { events: [{ type: 'paste' }] })
    t.clock.advance(5 * S)
    await createInvitation(t.db, staff.actor, {
      assessmentId: detail.assessment.id,
      input: { email: phone.email, extra_time_percent: 0, expires_in_hours: 24 },
      now: t.clock.now(),
    })
    t.clock.advance(600 * S)
    const expired = await t.request('GET', `/api/sessions/${sum.sessionId}`, {
      token: staff.token,
    })
    expect(expired.body.session.status).toBe('expired')
    await gradeAnswer(sum.sessionId, q3, 5)
    await setTotals(sum.sessionId, 5, 'maybe')

    // Still under way: never exported.
    const running = await startAs(staff, detail, 'Still Running')
    await running.call('POST', '/events', { events: [{ type: 'paste' }] })

    const res = await csvOf(staff, detail.assessment.id)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="backend-screening-q1-2026-results.csv"',
    )
    const ends = {
      ada: await timesOf(ada.sessionId),
      hyperlink: await timesOf(hyperlink.sessionId),
      phone: await timesOf(phone.sessionId),
      sum: await timesOf(sum.sessionId),
    }
    expect(parseCsv(res.text)).toEqual([
      HEADER,
      [
        'Ada, "The" Countess\nof Lovelace',
        ada.email,
        'completed',
        'manual',
        ends.ada.started,
        ends.ada.completed,
        '95',
        '3.5',
        '10',
        '35',
        'no_hire',
        '2',
        '1.5',
        '',
        '2',
        '1',
      ],
      [
        '\'=HYPERLINK("http://x")',
        hyperlink.email,
        'abandoned',
        'manual',
        ends.hyperlink.started,
        ends.hyperlink.completed,
        '20',
        ...['', '', '', ''],
        ...['0', '', ''],
        '0',
        '0',
      ],
      [
        "'+1 (555) 0100",
        phone.email,
        'cancelled',
        'cancelled',
        ends.phone.started,
        ends.phone.completed,
        '5',
        ...['', '', '', ''],
        ...['', '', ''],
        '0',
        '0',
      ],
      [
        "'@SUM(1)",
        sum.email,
        'expired',
        'timer_expired',
        ends.sum.started,
        ends.sum.completed,
        // Ended by the catch-up of the read 605 s in: completed_at is when the server ended it.
        '605',
        '5',
        '10',
        '50',
        'maybe',
        ...['', '', '5'],
        '0',
        '1',
      ],
    ])
    // The exact bytes of the tricky cells: quoted, quotes doubled, the formula quote inside.
    expect(res.text).toContain('"Ada, ""The"" Countess\nof Lovelace",')
    expect(res.text).toContain(`\r\n"'=HYPERLINK(""http://x"")",${hyperlink.email},`)
    expect(res.text).toContain(`\r\n'@SUM(1),${sum.email},`)
    expect(res.text.startsWith(`${HEADER.join(',')}\r\n`)).toBe(true)
  })

  test('an assessment without ended sessions is the header row alone', async () => {
    const staff = await createStaff(t)
    const detail = await createPublishedAssessment(t, staff.actor, { title: 'Ingénieur Données' })
    await startAs(staff, detail, 'Under Way')
    const res = await csvOf(staff, detail.assessment.id)
    expect(res.status).toBe(200)
    expect(res.text).toBe(`${HEADER.join(',')}\r\n`)
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="ingenieur-donnees-results.csv"',
    )
  })

  test('10,000 sessions stream out whole, each with its scores and counts', async () => {
    const staff = await createStaff(t)
    const detail = await createPublishedAssessment(t, staff.actor, { title: 'Bulk' })
    const candidate = await startAs(staff, detail, 'Bulk Candidate')
    await seedEndedSessions(detail, candidate.sessionId, 10_000)
    const res = await csvOf(staff, detail.assessment.id)
    expect(res.status).toBe(200)
    const rows = parseCsv(res.text)
    expect(rows).toHaveLength(10_001)
    expect(rows[0]).toEqual(HEADER)
    // Row g completed g seconds after the base time, scoring g % 3 on q1 and nothing else.
    for (const g of [1, 2, 5_000, 10_000]) {
      const row = rows[g]
      expect(row?.[0]).toBe('Bulk Candidate')
      expect(row?.[5]).toBe(new Date(Date.UTC(2025, 0, 1) + g * S).toISOString())
      expect(row?.slice(6)).toEqual([String(g), '', '', '', '', String(g % 3), '', '', '0', '0'])
    }
  })

  test('a reader that goes away closes the cursor', async () => {
    const staff = await createStaff(t)
    const detail = await createPublishedAssessment(t, staff.actor, { title: 'Abandoned download' })
    const candidate = await startAs(staff, detail, 'Bulk Candidate')
    // Several cursor batches (500 rows each): the stream reads at most one ahead of its reader.
    await seedEndedSessions(detail, candidate.sessionId, 3_000)
    const res = await t.app.request(`/api/results.csv?assessment_id=${detail.assessment.id}`, {
      headers: { authorization: `Bearer ${staff.token}` },
    })
    expect(res.status).toBe(200)
    const reader = res.body?.getReader()
    if (!reader) throw new Error('no body')
    // The header, then the first batch of rows: the cursor has started and is waiting for us.
    let received = ''
    const decoder = new TextDecoder()
    while (received.split('\r\n').length < 3) {
      const chunk = await reader.read()
      if (chunk.done) throw new Error('the export ended early')
      received += decoder.decode(chunk.value)
    }
    expect(await openExportCursors()).toBe(1)
    await reader.cancel()
    await waitUntil('the export cursor to close', async () => (await openExportCursors()) === 0)
  })

  test('at most MAX_CONCURRENT_EXPORTS at once per process; the next is a 503, then a slot frees', async () => {
    const staff = await createStaff(t)
    const detail = await createPublishedAssessment(t, staff.actor, { title: 'Busy exports' })
    const download = () =>
      t.app.request(`/api/results.csv?assessment_id=${detail.assessment.id}`, {
        headers: { authorization: `Bearer ${staff.token}` },
      })
    // Not read: each download stays open, as a slow client's would.
    const open = [await download(), await download()]
    for (const res of open) expect(res.status).toBe(200)
    const busy = await download()
    expect(busy.status).toBe(503)
    expect(busy.headers.get('retry-after')).toBe('5')
    expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('exports_busy')
    await open[0]?.body?.cancel()
    const next = await download()
    expect(next.status).toBe(200)
    // A download read to its end frees its slot too.
    await next.text()
    await open[1]?.text()
    const again = [await download(), await download()]
    for (const res of again) {
      expect(res.status).toBe(200)
      await res.text()
    }
  })

  test('assessment_id is required and must be a uuid; an unknown one is a 404', async () => {
    const staff = await createStaff(t)
    for (const query of ['', '?assessment_id=', '?assessment_id=nope']) {
      const res = await t.request('GET', `/api/results.csv${query}`, { token: staff.token })
      expect(res.status, query).toBe(400)
      expect(res.body.error.code).toBe('validation_failed')
      expect(Object.keys(res.body.error.details.fields)).toEqual(['assessment_id'])
    }
    const unknown = await csvOf(staff, crypto.randomUUID())
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('assessment_not_found')
  })

  test('staff only; another organization gets a 404 and none of the rows', async () => {
    const staff = await createStaff(t)
    const rival = await createStaff(t)
    const detail = await createPublishedAssessment(t, staff.actor)
    const c = await startAs(staff, detail, 'Private Person')
    await c.call('PUT', '/complete', {})
    const path = `/api/results.csv?assessment_id=${detail.assessment.id}`
    await expectStaffOnly(t, { method: 'GET', path }, rival.token)
    const foreign = await t.request('GET', path, { token: rival.token })
    expect(foreign.text).not.toContain('Private Person')
    expect((await csvOf(staff, detail.assessment.id)).text).toContain('Private Person')
  })
})

describe('the CSV body stream', () => {
  const row = (name: string): ResultExportRow => ({
    candidateName: name,
    candidateEmail: 'x@example.test',
    status: 'completed',
    completionMethod: 'manual',
    startedAt: '2026-01-01T00:00:00.000Z',
    completedAt: '2026-01-01T00:01:00.000Z',
    durationSeconds: 60,
    finalScore: null,
    maxScore: null,
    percentage: null,
    recommendation: null,
    questionScores: [1],
    tabSwitches: 0,
    pastes: 0,
  })
  const exportOf = (batches: AsyncIterable<ResultExportRow[]>) =>
    ({ assessment: {}, questionCount: 1, batches }) as unknown as ResultsExport

  test('a failure after the first rows errors the body instead of ending it cleanly', async () => {
    const failure = new Error('connection lost')
    async function* batches() {
      yield [row('First')]
      throw failure
    }
    const logged: unknown[] = []
    const body = resultsCsvBody(exportOf(batches()), (err) => logged.push(err))
    const reader = body.getReader()
    const text = new TextDecoder()
    expect(text.decode((await reader.read()).value)).toStartWith('candidate_name,')
    expect(text.decode((await reader.read()).value)).toStartWith('First,')
    await expect(reader.read()).rejects.toBe(failure)
    expect(logged).toEqual([failure])
  })

  test('cancelled while a batch is on its way: the batch is dropped and the rows closed', async () => {
    let release = () => {}
    const arrived = new Promise<void>((resolve) => {
      release = resolve
    })
    const seen: string[] = []
    async function* batches() {
      try {
        await arrived
        seen.push('batch')
        yield [row('Late')]
        seen.push('read on')
      } finally {
        seen.push('closed')
      }
    }
    const reader = resultsCsvBody(exportOf(batches()), () => seen.push('error')).getReader()
    await reader.read() // the header; the stream now waits for the first batch
    const cancelled = reader.cancel()
    release()
    await cancelled
    expect(seen).toEqual(['batch', 'closed'])
  })
})

/**
 * `count` ended sessions of the candidate behind `sessionId`, in one statement: session g
 * (attempt g + 1) ran from the base time to g seconds later and scored g % 3 on question 1.
 */
async function seedEndedSessions(detail: Detail, sessionId: string, count: number) {
  const q1 = detail.questions[0]?.id
  const base = new Date(Date.UTC(2025, 0, 1)).toISOString()
  await t.sql`
    WITH made AS (
      INSERT INTO test_sessions (org_id, assessment_id, candidate_id, attempt_number, status,
        completion_method, started_at, completed_at)
      SELECT s.org_id, s.assessment_id, s.candidate_id, g + 1, 'completed', 'manual',
        ${base}::timestamptz, ${base}::timestamptz + g * interval '1 second'
      FROM test_sessions s, generate_series(1, ${count}) g
      WHERE s.id = ${sessionId}
      RETURNING id, attempt_number
    )
    INSERT INTO answers (session_id, question_id, answer, time_taken_ms, max_score,
      grading_status, score)
    SELECT id, ${q1 ?? null}, '{"choice_ids":["a"]}'::jsonb, 1000, 2, 'graded',
      (attempt_number - 1) % 3
    FROM made`
}

/** Export cursors Postgres is still serving (a suspended portal reports as active). */
async function openExportCursors(): Promise<number> {
  const [row] = await t.sql`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
      AND query LIKE '%jsonb_agg(a.score ORDER BY q.n)%'`
  return Number(row?.n)
}
