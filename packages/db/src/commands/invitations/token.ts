import { createHash, randomBytes } from 'node:crypto'

/** 256 random bits: unguessable, and URL-safe for the /invite/<token> link. */
export function generateInvitationToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Only this hash is stored, so a database leak does not leak working links. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
