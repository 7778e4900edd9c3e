/**
 * The device lease, pure: which tab or device may change a session. Start hands out a lease;
 * every mutating call sends it back; a resume claims it when it is free, stale or asked to take
 * it over, and the lease it replaces goes on the revoked list so that device learns why.
 */

/** A lease silent this long may be claimed by a resume without asking (a crashed tab). */
export const LEASE_STALE_MS = 60_000
/** Revoked leases remembered per session, newest last: enough for any real tab juggling. */
export const REVOKED_LEASES_KEPT = 20

export interface LeaseState {
  leaseId: string | null
  leaseRenewedAt: Date | null
  revokedLeaseIds: readonly string[]
}

/** Why a call with `leaseId` may not change the session, or null when it holds the lease. */
export function leaseRefusal(
  state: LeaseState,
  leaseId: string | undefined,
): 'lease_revoked' | 'session_locked' | null {
  if (leaseId && leaseId === state.leaseId) return null
  if (leaseId && state.revokedLeaseIds.includes(leaseId)) return 'lease_revoked'
  return 'session_locked'
}

export type LeaseClaim =
  /** Another device holds a live lease and no takeover was asked. */
  | { granted: false }
  | {
      granted: true
      leaseId: string
      revokedLeaseIds: string[]
      /** A live lease of another device was revoked (logged as device_changed). */
      tookOver: boolean
    }

/**
 * A resume's claim. The caller's own lease (a reload of the same tab) is kept; a free or stale
 * lease is replaced without asking; a live one only when `takeover` is asked.
 */
export function claimLease(
  state: LeaseState,
  claim: { leaseId?: string | undefined; takeover: boolean; now: Date; newLeaseId: string },
): LeaseClaim {
  const held = state.leaseId !== null
  const own = held && claim.leaseId === state.leaseId
  const live =
    held &&
    !own &&
    state.leaseRenewedAt !== null &&
    claim.now.getTime() - state.leaseRenewedAt.getTime() < LEASE_STALE_MS
  if (live && !claim.takeover) return { granted: false }
  const replaced = held && !own && state.leaseId ? [state.leaseId] : []
  return {
    granted: true,
    leaseId: own && state.leaseId ? state.leaseId : claim.newLeaseId,
    revokedLeaseIds: [...state.revokedLeaseIds, ...replaced].slice(-REVOKED_LEASES_KEPT),
    tookOver: live,
  }
}
