/**
 * What the deployment can run, from each worker's toolchain probe. Any worker may take any
 * grading job, so a language is available only when every worker still running can run it.
 * Workers re-stamp their report while alive; a report not re-stamped for STALE_AFTER_MS is a
 * worker that is gone. When none is fresh (the fleet is down), the last reports stand.
 */

export const REPORT_REFRESH_MS = 5 * 60_000
export const STALE_AFTER_MS = 3 * REPORT_REFRESH_MS

export interface WorkerLanguageReport {
  workerId: string
  language: string
  version: string | null
  available: boolean
  problem: string | null
  probedAt: Date
  /** Last re-stamped by its worker (alive). */
  seenAt: Date
}

export interface FleetLanguage {
  available: boolean
  /** A running worker's version (the newest probe's). */
  version: string | null
  /** Why not, naming how many workers lack it when only some do. */
  problem: string | null
  probedAt: Date
}

export function fleetLanguages(
  reports: readonly WorkerLanguageReport[],
  now: Date,
): Map<string, FleetLanguage> {
  const fresh = reports.filter((r) => now.getTime() - r.seenAt.getTime() <= STALE_AFTER_MS)
  const counted = fresh.length > 0 ? fresh : reports
  const byLanguage = new Map<string, WorkerLanguageReport[]>()
  for (const r of counted) byLanguage.set(r.language, [...(byLanguage.get(r.language) ?? []), r])
  const fleet = new Map<string, FleetLanguage>()
  for (const [language, rows] of byLanguage) {
    const newest = rows.reduce((a, b) => (b.probedAt > a.probedAt ? b : a))
    const lacking = rows.filter((r) => !r.available)
    const [first] = lacking
    fleet.set(language, {
      available: first === undefined,
      version: (rows.find((r) => r.available) ?? newest).version,
      problem:
        first === undefined
          ? null
          : lacking.length === rows.length
            ? first.problem
            : `${first.problem ?? 'unavailable'} (on ${lacking.length} of ${rows.length} workers)`,
      probedAt: newest.probedAt,
    })
  }
  return fleet
}
