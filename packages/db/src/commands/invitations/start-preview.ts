import { ConflictError } from '@assess/core'
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { invitations, testSessions, users } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { getAssessment } from '../assessments/get-assessment.ts'
import { generateInvitationToken, hashInvitationToken } from './token.ts'

/** How long a preview's link works: long enough to take any assessment, then it is dead. */
const PREVIEW_LINK_MS = 24 * 3_600_000

/** The stand-in candidate a staff member takes previews as: one per staff member, never mailed. */
const previewCandidateEmail = (staffUserId: string) => `preview+${staffUserId}@preview.invalid`

/**
 * "Take it as a candidate": a link for the staff member to take the assessment (a draft too) as
 * a candidate would, clock, grading and report included, without it counting anywhere. The
 * invitation and its sessions are marked `preview`: results, exports, analytics, the live board,
 * webhooks and emails leave them out. Starting again replaces the earlier preview of this
 * assessment (its sessions and answers are deleted: they were a try). The assessment's row lock
 * orders this against an edit of the draft, which deletes the previews on questions it replaces
 * (and a session's insert waits for that edit: its foreign key share-locks the assessment row).
 */
export function startPreview(
  db: Db,
  actor: StaffActor,
  params: { assessmentId: string; now: Date },
) {
  const token = generateInvitationToken()
  return inTransaction(db, async (tx) => {
    const { assessment, questions } = await getAssessment(tx, {
      orgId: actor.orgId,
      assessmentId: params.assessmentId,
      forUpdate: true,
    })
    if (assessment.status === 'archived')
      throw new ConflictError('assessment_archived', 'An archived assessment cannot be taken')
    if (questions.length === 0)
      throw new ConflictError(
        'assessment_has_no_questions',
        'Add at least one question before taking the assessment',
      )
    const [staff] = await tx
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, actor.userId))
    const name = `${staff?.name ?? 'Staff'} (preview)`
    const email = previewCandidateEmail(actor.userId)
    const [candidate] = await tx
      .insert(users)
      .values({ orgId: actor.orgId, email, name, role: 'candidate' })
      .onConflictDoUpdate({
        target: [users.orgId, users.email],
        targetWhere: sql`${users.role} = 'candidate'`,
        set: { name },
      })
      .returning({ id: users.id })
    if (!candidate) throw new Error('preview candidate upsert returned nothing')
    const ofThisPreview = (table: typeof testSessions | typeof invitations) =>
      and(eq(table.assessmentId, assessment.id), eq(table.candidateId, candidate.id))
    // Invitations first: that waits for a start holding the old one's lock, so the session it
    // commits is there for the second delete to take too.
    await tx.delete(invitations).where(ofThisPreview(invitations))
    await tx.delete(testSessions).where(ofThisPreview(testSessions))
    const [invitation] = await tx
      .insert(invitations)
      .values({
        orgId: actor.orgId,
        assessmentId: assessment.id,
        candidateId: candidate.id,
        email,
        name,
        tokenHash: hashInvitationToken(token),
        expiresAt: new Date(params.now.getTime() + PREVIEW_LINK_MS),
        createdBy: actor.userId,
        preview: true,
      })
      .returning()
    if (!invitation) throw new Error('preview invitation insert returned nothing')
    return { invitation, token }
  })
}

/**
 * An edit is about to replace a draft's questions: the previews taken on them go (their answers
 * point at those questions). Called under the assessment's row lock.
 */
export async function deletePreviewSessions(db: Db, assessmentId: string) {
  await db
    .delete(testSessions)
    .where(and(eq(testSessions.assessmentId, assessmentId), eq(testSessions.preview, true)))
}
