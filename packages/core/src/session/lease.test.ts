import { describe, expect, test } from 'bun:test'
import { claimLease, LEASE_STALE_MS, leaseRefusal, REVOKED_LEASES_KEPT } from './lease.ts'

const t0 = new Date('2026-01-01T10:00:00Z')
const at = (ms: number) => new Date(t0.getTime() + ms)
const held = { leaseId: 'tab-1', leaseRenewedAt: t0, revokedLeaseIds: ['tab-0'] }

describe('leaseRefusal', () => {
  test('the holder may act; a revoked lease is told so; anyone else finds the test locked', () => {
    expect(leaseRefusal(held, 'tab-1')).toBeNull()
    expect(leaseRefusal(held, 'tab-0')).toBe('lease_revoked')
    expect(leaseRefusal(held, 'tab-9')).toBe('session_locked')
    expect(leaseRefusal(held, undefined)).toBe('session_locked')
    expect(leaseRefusal({ ...held, leaseId: null }, undefined)).toBe('session_locked')
  })
})

describe('claimLease', () => {
  const claim = (over: Partial<Parameters<typeof claimLease>[1]> = {}) =>
    claimLease(held, { takeover: false, now: at(1000), newLeaseId: 'tab-2', ...over })

  test('a live lease of another device is a conflict unless taken over', () => {
    expect(claim()).toEqual({ granted: false })
    expect(claim({ takeover: true })).toEqual({
      granted: true,
      leaseId: 'tab-2',
      revokedLeaseIds: ['tab-0', 'tab-1'],
      tookOver: true,
    })
  })

  test('the holder reloading keeps its lease and revokes nothing', () => {
    expect(claim({ leaseId: 'tab-1' })).toEqual({
      granted: true,
      leaseId: 'tab-1',
      revokedLeaseIds: ['tab-0'],
      tookOver: false,
    })
  })

  test('a lease silent for the stale time is claimed without asking', () => {
    expect(claim({ now: at(LEASE_STALE_MS - 1) })).toEqual({ granted: false })
    expect(claim({ now: at(LEASE_STALE_MS) })).toMatchObject({
      granted: true,
      leaseId: 'tab-2',
      tookOver: false,
    })
  })

  test('no lease held: granted at once; the revoked list keeps only the newest', () => {
    const free = { leaseId: null, leaseRenewedAt: null, revokedLeaseIds: [] }
    expect(claimLease(free, { takeover: false, now: t0, newLeaseId: 'x' })).toEqual({
      granted: true,
      leaseId: 'x',
      revokedLeaseIds: [],
      tookOver: false,
    })
    const many = Array.from({ length: REVOKED_LEASES_KEPT }, (_, i) => `old-${i}`)
    const result = claimLease(
      { ...held, revokedLeaseIds: many },
      { takeover: true, now: at(1), newLeaseId: 'new' },
    )
    expect(result.granted && result.revokedLeaseIds).toHaveLength(REVOKED_LEASES_KEPT)
    expect(result.granted && result.revokedLeaseIds.at(-1)).toBe('tab-1')
  })
})
