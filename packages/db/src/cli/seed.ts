import { AssessmentCreateInput, envFields, parseEnv } from '@assess/core'
import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import { createDb } from '../client.ts'
import { createAssessment } from '../commands/assessments/create-assessment.ts'
import { publishAssessment } from '../commands/assessments/publish-assessment.ts'
import { signUp } from '../commands/auth/sign-up.ts'
import { createInvitation } from '../commands/invitations/create-invitation.ts'
import { ensureDatabase, migrateDatabase } from '../migrate.ts'
import { assessments, users } from '../schema/index.ts'
import { demoAssessment } from '../seed/demo-assessment.ts'

// Safe to run again: it reuses the demo organization and assessment and issues a fresh link.
const DEMO = {
  organization: 'Demo Company',
  name: 'Riley Recruiter',
  email: 'recruiter@demo.assess.test',
  password: 'demo-password',
  candidateEmail: 'candidate@demo.assess.test',
  candidateName: 'Casey Candidate',
}

const parsed = parseEnv(
  z.object({
    DATABASE_URL: envFields.DATABASE_URL,
    PUBLIC_URL: z.url().default('http://localhost:3000'),
  }),
  process.env,
)
if (!parsed.ok) {
  console.error(parsed.message)
  process.exit(1)
}
const { DATABASE_URL, PUBLIC_URL } = parsed.env
await ensureDatabase(DATABASE_URL)
await migrateDatabase(DATABASE_URL)
const { db, close } = createDb(DATABASE_URL, { max: 1 })

try {
  let [recruiter] = await db.select().from(users).where(eq(users.email, DEMO.email)).limit(1)
  recruiter ??= (
    await signUp(db, {
      organization_name: DEMO.organization,
      name: DEMO.name,
      email: DEMO.email,
      password: DEMO.password,
    })
  ).user
  const actor = { userId: recruiter.id, orgId: recruiter.orgId }

  let [assessment] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.orgId, actor.orgId), eq(assessments.title, demoAssessment.title)))
    .limit(1)
  if (!assessment) {
    const draft = await createAssessment(db, actor, AssessmentCreateInput.parse(demoAssessment))
    assessment = (await publishAssessment(db, actor, { assessmentId: draft.assessment.id }))
      .assessment
  }

  const { token } = await createInvitation(db, actor, {
    assessmentId: assessment.id,
    input: {
      email: DEMO.candidateEmail,
      name: DEMO.candidateName,
      extra_time_percent: 0,
      expires_in_hours: 24 * 7,
    },
    now: new Date(),
  })
  const invitationUrl = new URL(`/invite/${token}`, PUBLIC_URL).toString()
  console.log(`
Demo data is ready.

  Recruiter login   ${new URL('/login', PUBLIC_URL)}
    email           ${DEMO.email}
    password        ${DEMO.password}
  Assessment        ${assessment.title} (${assessment.id})
  Invitation link   ${invitationUrl}
    candidate       ${DEMO.candidateName} <${DEMO.candidateEmail}>  (valid 7 days; running seed again issues a new link)
`)
} finally {
  await close()
}
