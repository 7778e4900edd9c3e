import type { AssessmentCreateInput, QuestionInput } from '@assess/core'
import { CodeQuestionInput, AssessmentCreateInput as CreateSchema, SignupInput } from '@assess/core'
import { createAssessment, createInvitation, publishAssessment, signUp } from '@assess/db'
import type { TestApp } from './harness.ts'

let seq = 0
const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`

/** A one-option-right MCQ with no time limit: "2" (a) is right, "4" (b) is not. */
export function oneMcq(prompt = 'Which of these are prime?'): QuestionInput {
  return {
    type: 'mcq',
    prompt,
    points: 2,
    time_limit_seconds: null,
    section: null,
    difficulty: null,
    tags: [],
    options: [
      { id: 'a', text: '2' },
      { id: 'b', text: '4' },
    ],
    correct_option_ids: ['a'],
  }
}

/** One question of each type, valid as written. */
export function sampleQuestions(): QuestionInput[] {
  return [
    {
      type: 'mcq',
      prompt: 'Which of these are prime?',
      points: 2,
      time_limit_seconds: 60,
      section: 'Basics',
      difficulty: 'easy',
      tags: ['math'],
      options: [
        { id: 'a', text: '2' },
        { id: 'b', text: '4' },
        { id: 'c', text: '7' },
      ],
      correct_option_ids: ['a', 'c'],
    },
    {
      type: 'short_answer',
      prompt: 'What does an index do in Postgres?',
      points: 3,
      time_limit_seconds: 300,
      section: 'Databases',
      difficulty: 'medium',
      tags: [],
      expected_keywords: ['lookup', 'b-tree'],
      reference_answer: 'It speeds up lookups, usually with a b-tree.',
      rubric: null,
    },
    CodeQuestionInput.parse({
      type: 'code',
      prompt: 'Return the sum of two numbers.',
      points: 5,
      time_limit_seconds: 900,
      section: 'Coding',
      difficulty: 'easy',
      tags: ['warmup'],
      language: 'javascript',
      boilerplate: 'function add(a, b) {\n  // your code\n}',
      entry_point: 'add',
      sample_test_cases: [{ input: [1, 2], expected: 3 }],
      test_cases: [
        { input: [2, 2], expected: 4 },
        { input: [-1, 1], expected: 0 },
      ],
      sample_solution: 'function add(a, b) { return a + b }',
      evaluation_criteria: 'Readable, no needless work.',
    }),
  ]
}

/** An organization with its admin, straight through the domain command, and a staff token. */
export async function createStaff(t: TestApp, overrides: Partial<SignupInput> = {}) {
  const input = SignupInput.parse({
    organization_name: `Org ${unique()}`,
    name: 'Ada Admin',
    email: `admin-${unique()}@example.test`,
    password: 'correct horse battery',
    ...overrides,
  })
  const { user, organization } = await signUp(t.db, input)
  const token = await t.tokens.signStaff({ id: user.id, orgId: user.orgId, role: 'admin' })
  return {
    user,
    organization,
    token,
    password: input.password,
    actor: { userId: user.id, orgId: user.orgId },
  }
}

export async function createPublishedAssessment(
  t: TestApp,
  actor: { userId: string; orgId: string },
  overrides: Partial<AssessmentCreateInput> = {},
) {
  const input = CreateSchema.parse({
    title: `Assessment ${unique()}`,
    questions: sampleQuestions(),
    ...overrides,
  })
  const draft = await createAssessment(t.db, actor, input)
  return publishAssessment(t.db, actor, { assessmentId: draft.assessment.id })
}

/** A published assessment and an invitation to it; returns the one-time link token. */
export async function createInvitedCandidate(t: TestApp, actor: { userId: string; orgId: string }) {
  const detail = await createPublishedAssessment(t, actor)
  const { invitation, token } = await createInvitation(t.db, actor, {
    assessmentId: detail.assessment.id,
    input: { email: `cand-${unique()}@example.test`, extra_time_percent: 0, expires_in_hours: 24 },
    now: t.clock.now(),
  })
  return { assessment: detail.assessment, invitation, linkToken: token }
}

/**
 * A candidate who accepted an invitation over HTTP and started the attempt: their token, the
 * lease and the first state. `assessment` and `invite` override the defaults.
 */
export async function startCandidate(
  t: TestApp,
  actor: { userId: string; orgId: string },
  options: { assessment?: Partial<AssessmentCreateInput>; extraTimePercent?: number } = {},
) {
  const detail = await createPublishedAssessment(t, actor, options.assessment)
  const { invitation, token: link } = await createInvitation(t.db, actor, {
    assessmentId: detail.assessment.id,
    input: {
      email: `cand-${unique()}@example.test`,
      extra_time_percent: options.extraTimePercent ?? 0,
      expires_in_hours: 24,
    },
    now: t.clock.now(),
  })
  const accepted = await t.request('POST', `/api/invitations/${link}/accept`)
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.text}`)
  const token: string = accepted.body.token
  const started = await t.request('POST', `/api/assessments/${detail.assessment.id}/sessions`, {
    token,
  })
  if (started.status !== 201) throw new Error(`start failed: ${started.text}`)
  const lease: string = started.body.lease_id
  const sessionId: string = started.body.session.id
  const call = (method: string, path: string, body?: unknown, leaseId: string | null = lease) =>
    t.request(method, `/api/sessions/${sessionId}${path}`, {
      token,
      body,
      headers: leaseId ? { 'x-session-lease': leaseId } : {},
    })
  return { detail, invitation, token, lease, sessionId, state: started.body, call }
}
