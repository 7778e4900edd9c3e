import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { CODE_RUNS_QUEUE, CodeQuestionInput } from '@assess/core'
import { Queue } from 'bullmq'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

// Sample runs start the real sandbox (its probes, then a child per run) on a busy 2-core machine.
setDefaultTimeout(60_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp() // 3 sample runs per session per minute
})
afterAll(() => t.close())

/** A candidate on the code question (the third of the sample set). */
async function atCodeQuestion() {
  const admin = await createStaff(t)
  const c = await startCandidate(t, admin.actor, { assessment: { navigation: 'free' } })
  const detail = c.detail.questions
  const codeQuestion = detail.find((q: { type: string }) => q.type === 'code')
  if (!codeQuestion) throw new Error('no code question')
  // Free navigation: a timed question (and its sample tests) is served once opened.
  await c.call('POST', `/questions/${codeQuestion.id}/open`)
  return { c, questionId: codeQuestion.id as string, others: detail }
}

describe('POST /api/sessions/:id/run (sample tests)', () => {
  test('runs the visible tests only, with verdicts decided by the server', async () => {
    const { c, questionId } = await atCodeQuestion()
    const ok = await c.call('POST', '/run', {
      question_id: questionId,
      code: 'function add(a, b) { return a + b }',
    })
    expect(ok.status).toBe(200)
    expect(ok.body.results).toEqual([
      expect.objectContaining({
        index: 0,
        input: [1, 2],
        expected: 3,
        actual: 3,
        verdict: 'passed',
      }),
    ])
    const wrong = await c.call('POST', '/run', {
      question_id: questionId,
      code: 'function add(a, b) { console.log("passed"); return a - b }',
    })
    expect(wrong.body.results[0]).toMatchObject({ verdict: 'wrong_answer', actual: -1 })
    expect(wrong.body.stdout).toContain('passed')
    // Nothing was stored: running is not answering. The timeline lists the runs, not the code.
    const [row] =
      await t.sql`SELECT count(*)::int AS n FROM answers WHERE session_id = ${c.sessionId}`
    expect(row?.n).toBe(0)
    const runs =
      await t.sql`SELECT data FROM session_events WHERE session_id = ${c.sessionId} AND type = 'sample_run' ORDER BY id`
    expect(runs.map((r) => r.data)).toEqual([
      { question_id: questionId, language: 'javascript', passed: 1, total: 1 },
      { question_id: questionId, language: 'javascript', passed: 0, total: 1 },
    ])
  })

  test('rate-limited per session', async () => {
    const { c, questionId } = await atCodeQuestion()
    const body = { question_id: questionId, code: 'function add(a, b) { return a + b }' }
    for (let i = 0; i < 3; i++) expect((await c.call('POST', '/run', body)).status).toBe(200)
    const limited = await c.call('POST', '/run', body)
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('rate_limited')
  })

  test('past the deployment-wide cap a run is 503 with Retry-After; a freed slot runs again', async () => {
    const { c, questionId } = await atCodeQuestion()
    const body = { question_id: questionId, code: 'function add(a, b) { return a + b }' }
    // The test deployment allows 2 runs at once: two other runs hold them.
    const held = [await t.runSlots.acquire(), await t.runSlots.acquire()]
    const busy = await c.call('POST', '/run', body)
    expect([busy.status, busy.body.error.code]).toEqual([503, 'sample_runs_busy'])
    expect(busy.headers.get('retry-after')).toBe('3')
    await held[0]?.()
    expect((await c.call('POST', '/run', body)).status).toBe(200)
    // A slot whose API process died is taken back after its hold time (60 s here).
    const stuck = await t.runSlots.acquire()
    await expect(t.runSlots.acquire()).rejects.toMatchObject({ code: 'sample_runs_busy' })
    t.clock.advance(61_000)
    const after = [await t.runSlots.acquire(), await t.runSlots.acquire()]
    for (const release of [held[1], stuck, ...after]) await release?.()
  })

  test('only the lease holder, only code questions, only questions still open', async () => {
    const { c, questionId, others } = await atCodeQuestion()
    const body = { question_id: questionId, code: 'function add(a, b) { return a + b }' }
    expect((await c.call('POST', '/run', body, null)).status).toBe(409)
    const mcq = others.find((q: { type: string }) => q.type === 'mcq')
    const notCode = await c.call('POST', '/run', { ...body, question_id: mcq?.id })
    expect(notCode.status).toBe(400)
    expect(notCode.body.error.details.fields.question_id).toBeDefined()
    const submitted = await c.call('POST', '/answers', {
      question_id: questionId,
      answer: { language: 'javascript', code: body.code },
    })
    expect(submitted.status).toBe(201)
    expect((await c.call('POST', '/run', body)).status).toBe(409)
    expect((await c.call('POST', '/run', { question_id: questionId })).status).toBe(400)
  })

  test('another candidate’s session is a 404; a recruiter token is refused', async () => {
    const { c, questionId } = await atCodeQuestion()
    const other = await atCodeQuestion()
    const res = await t.request('POST', `/api/sessions/${c.sessionId}/run`, {
      token: other.c.token,
      body: { question_id: questionId, code: '' },
      headers: { 'x-session-lease': other.c.lease },
    })
    expect(res.status).toBe(404)
    const admin = await createStaff(t)
    const staff = await t.request('POST', `/api/sessions/${c.sessionId}/run`, {
      token: admin.token,
      body: { question_id: questionId, code: '' },
    })
    expect(staff.status).toBe(403)
  })
})

/** A candidate on a stdin/stdout question in C or Python. */
async function atStdioQuestion() {
  const admin = await createStaff(t)
  const question = CodeQuestionInput.parse({
    type: 'code',
    prompt: 'Print the sum of the two numbers on the input.',
    points: 5,
    style: 'stdio',
    languages: ['c', 'python'],
    sample_test_cases: [{ stdin: '3 4\n', expected_stdout: '7\n' }],
    test_cases: [{ stdin: '123456 1\n', expected_stdout: '123457\n' }],
  })
  const c = await startCandidate(t, admin.actor, { assessment: { questions: [question] } })
  return { c, questionId: c.state.question.id as string, view: c.state.question }
}

describe('sample runs of a stdin/stdout question in several languages', () => {
  test('the candidate sees every language, its starter code and the sample stdin', async () => {
    const { view } = await atStdioQuestion()
    expect(view).toMatchObject({
      style: 'stdio',
      language: 'c',
      languages: ['c', 'python'],
      comparison: 'trim',
      sample_test_cases: [{ stdin: '3 4\n', expected_stdout: '7\n' }],
    })
    expect(view.boilerplates.c).toContain('scanf')
    expect(view.boilerplates.python).toContain('sys.stdin')
    expect(JSON.stringify(view)).not.toContain('123456') // hidden tests stay hidden
  })

  test('runs in the chosen language; a compile error comes back with the compiler output', async () => {
    const { c, questionId } = await atStdioQuestion()
    const python = await c.call('POST', '/run', {
      question_id: questionId,
      language: 'python',
      code: 'a, b = map(int, input().split())\nprint(a + b)\n',
    })
    expect(python.status).toBe(200)
    expect(python.body.results).toEqual([
      expect.objectContaining({
        input: '3 4\n',
        expected: '7\n',
        actual: '7\n',
        verdict: 'passed',
      }),
    ])
    expect(python.body.compile_output).toBeNull()
    const broken = await c.call('POST', '/run', {
      question_id: questionId,
      code: 'int main(void) { return nope; }',
    })
    expect(broken.status).toBe(200)
    expect(broken.body.results[0].verdict).toBe('compile_error')
    expect(broken.body.compile_output).toContain('nope')
    const other = await c.call('POST', '/run', {
      question_id: questionId,
      language: 'java',
      code: 'class Main {}',
    })
    expect(other.status).toBe(400)
    expect(other.body.error.details.fields.language).toEqual(['one of c, python'])
  })
})

describe('runs with custom input', () => {
  test('function style: the arguments given, the value returned, no verdict', async () => {
    const { c, questionId } = await atCodeQuestion()
    const run = await c.call('POST', '/run', {
      question_id: questionId,
      code: 'function add(a, b) { console.log("adding"); return a + b }',
      custom_input: { args: [40, 2] },
    })
    expect(run.status).toBe(200)
    expect(run.body).toMatchObject({
      results: [],
      custom: { input: { args: [40, 2] }, output: 42, status: 'ok', error: null },
    })
    expect(run.body.stdout).toContain('adding')
    const throwing = await c.call('POST', '/run', {
      question_id: questionId,
      code: 'function add(a, b) { throw new Error("no " + a) }',
      custom_input: { args: ['way', 1] },
    })
    expect(throwing.body.custom).toMatchObject({ status: 'runtime_error', output: null })
    expect(throwing.body.custom.error).toContain('no way')
    // Standard input is for stdio questions: a 400 naming the field (and no run spent).
    const wrongKind = await c.call('POST', '/run', {
      question_id: questionId,
      code: 'function add(a, b) { return a + b }',
      custom_input: { stdin: '1 2' },
    })
    expect(wrongKind.status).toBe(400)
    expect(wrongKind.body.error.details.fields.custom_input[0]).toContain('args')
  })

  test('stdio style: the program reads the stdin given; a typed signature checks the arguments', async () => {
    const { c, questionId } = await atStdioQuestion()
    const run = await c.call('POST', '/run', {
      question_id: questionId,
      language: 'python',
      code: 'a, b = map(int, input().split())\nprint(a * b)\n',
      custom_input: { stdin: '6 7\n' },
    })
    expect(run.body.custom).toMatchObject({ output: '42\n', status: 'ok' })

    const admin = await createStaff(t)
    const typed = CodeQuestionInput.parse({
      type: 'code',
      prompt: 'Return n doubled.',
      points: 5,
      languages: ['java'],
      entry_point: 'twice',
      signature: { params: [{ name: 'n', type: 'int' }], returns: 'int' },
      test_cases: [{ input: [2], expected: 4 }],
    })
    const j = await startCandidate(t, admin.actor, { assessment: { questions: [typed] } })
    // The candidate is told the signature, and starts from its declaration.
    expect(j.state.question).toMatchObject({
      signature: { params: [{ name: 'n', type: 'int' }], returns: 'int' },
      boilerplate: expect.stringContaining('static int twice(int n) {'),
    })
    const call = (args: unknown[]) =>
      j.call('POST', '/run', {
        question_id: j.state.question.id,
        code: 'class Solution { static int twice(int n) { return 2 * n; } }',
        custom_input: { args },
      })
    expect((await call([21])).body.custom).toMatchObject({ output: 42, status: 'ok' })
    const bad = await call(['21'])
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.fields.custom_input).toEqual(['argument 1 (n) is not an int'])
  })
})

describe('sample runs when no worker takes code runs', () => {
  let alone: TestApp
  beforeAll(async () => {
    alone = await createTestApp({ codeRunTimeoutMs: 1000 }, { codeRunner: false })
  })
  afterAll(() => alone.close())

  test('the API runs nothing itself: a 503 once nobody answered, and the run is withdrawn', async () => {
    const admin = await createStaff(alone)
    const c = await startCandidate(alone, admin.actor, { assessment: { navigation: 'free' } })
    const code = c.detail.questions.find((q: { type: string }) => q.type === 'code')
    await c.call('POST', `/questions/${code?.id}/open`)
    const res = await c.call('POST', '/run', {
      question_id: code?.id,
      code: 'function add(a, b) { return a + b }',
    })
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('code_runner_unavailable')
    const queue = new Queue(CODE_RUNS_QUEUE, { connection: alone.redis, prefix: alone.redisPrefix })
    expect(await queue.getJobCounts('waiting', 'active')).toEqual({ waiting: 0, active: 0 })
    await queue.close()
  })
})
