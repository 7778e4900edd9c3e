import {
  AssessmentCreateInput,
  CodeQuestionInput,
  InvitationCreateInput,
  type QuestionInput,
  SignupInput,
} from '@assess/core'
import {
  createAssessment,
  createInvitation,
  type Database,
  publishAssessment,
  signUp,
  startSession,
} from '@assess/db'
import { createTokenService } from '../src/auth/tokens.ts'

export const BENCH_JWT = {
  secret: 'bench-secret-0123456789-0123456789-0123456789',
  issuer: 'assess',
  audience: 'assess-api',
}

/** One candidate of the bench: what wrk sends, one line per candidate in its data file. */
export interface BenchCandidate {
  token: string
  sessionId?: string
  leaseId?: string
}

const mcq = (i: number): QuestionInput => ({
  type: 'mcq',
  prompt: `Question ${i}: which of these are prime?`,
  points: 1,
  time_limit_seconds: null,
  section: null,
  difficulty: null,
  tags: [],
  options: [
    { id: 'a', text: '2' },
    { id: 'b', text: '4' },
    { id: 'c', text: '7' },
  ],
  correct_option_ids: ['a', 'c'],
})

/** A JavaScript question, for the drafts a typing candidate saves (never submitted here). */
const code = (i: number): QuestionInput =>
  CodeQuestionInput.parse({
    type: 'code',
    prompt: `Question ${i}: sum the multiples.`,
    points: 5,
    time_limit_seconds: null,
    section: null,
    difficulty: null,
    tags: [],
    language: 'javascript',
    boilerplate: 'function solve(input) {\n}',
    entry_point: 'solve',
    sample_test_cases: [{ input: ['1,2,3'], expected: 6 }],
    test_cases: [{ input: ['4,5'], expected: 9 }],
    sample_solution:
      'function solve(input) { return input.split(",").reduce((a, b) => a + +b, 0) }',
    evaluation_criteria: null,
  })

/**
 * The bench's data, made through the domain commands the API uses: an organization, a
 * published free-navigation assessment of `questions` MCQs and then `codeQuestions` JavaScript
 * questions, all with no time limits (a submit may go to any open question, and nothing expires
 * mid-run), `started` candidates in a session and `fresh` candidates with an accepted invitation
 * who have not started yet.
 */
export async function seedBench(
  db: Database,
  params: { started: number; fresh: number; questions: number; codeQuestions: number },
) {
  const now = () => new Date()
  const tokens = createTokenService(BENCH_JWT, now)
  const queue = { enqueueGrading: async () => {} }
  const { user } = await signUp(
    db,
    SignupInput.parse({
      organization_name: 'Bench',
      name: 'Bench Admin',
      email: `bench-${Date.now()}@bench.test`,
      password: 'bench password 123',
    }),
  )
  const actor = { userId: user.id, orgId: user.orgId }
  const input = AssessmentCreateInput.parse({
    title: 'Bench',
    navigation: 'free',
    duration_minutes: null,
    max_attempts: 1,
    questions: [
      ...Array.from({ length: params.questions }, (_, i) => mcq(i)),
      ...Array.from({ length: params.codeQuestions }, (_, i) => code(params.questions + i)),
    ],
  })
  const { assessment } = await createAssessment(db, actor, input)
  await publishAssessment(db, actor, { assessmentId: assessment.id })

  const make = async (i: number, start: boolean): Promise<BenchCandidate> => {
    const { invitation } = await createInvitation(db, actor, {
      assessmentId: assessment.id,
      input: InvitationCreateInput.parse({ email: `c${i}@bench.test`, expires_in_hours: 48 }),
      now: now(),
    })
    const scope = {
      candidateId: invitation.candidateId,
      orgId: invitation.orgId,
      assessmentId: assessment.id,
      invitationId: invitation.id,
    }
    const token = await tokens.signCandidate(scope)
    if (!start) return { token }
    const started = await startSession(
      { db, now, queue },
      { candidate: scope, assessmentId: assessment.id },
    )
    return { token, sessionId: started.session.id, leaseId: started.leaseId }
  }
  const started: BenchCandidate[] = []
  const fresh: BenchCandidate[] = []
  // A few at a time: the seed is not what is measured.
  for (let i = 0; i < params.started + params.fresh; i += 16) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(16, params.started + params.fresh - i) }, (_, k) =>
        make(i + k, i + k < params.started),
      ),
    )
    for (const c of batch) (c.sessionId ? started : fresh).push(c)
  }
  const questions = await db.query.questions.findMany({
    where: (q, { eq }) => eq(q.assessmentId, assessment.id),
    orderBy: (q, { asc }) => asc(q.position),
    columns: { id: true, type: true },
  })
  const idsOf = (type: string) => questions.filter((q) => q.type === type).map((q) => q.id)
  return {
    assessmentId: assessment.id,
    started,
    fresh,
    questionIds: idsOf('mcq'),
    codeQuestionIds: idsOf('code'),
  }
}
