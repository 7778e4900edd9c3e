/**
 * The order of a question's drafts across tabs and devices. Each stored draft carries a version
 * stamped by the server: a revision that grows with every write, and the lease (the tab) that
 * wrote it. A save says which revision its text was edited from (its base). It replaces the
 * stored draft when it was edited from that draft or a later one, or when the same tab wrote
 * the stored one (a tab's own saves follow each other, even queued before the last one was
 * answered). Otherwise another tab saved newer text since: the save is refused as a conflict,
 * and the candidate chooses. A save without a base (an API client) is not checked.
 *
 * The fast path (packages/db fast-touch.ts) applies the same rule in SQL.
 */

export interface DraftVersion {
  rev: number
  /** The lease of the tab that wrote it (null: written without one). */
  lease: string | null
}

export type DraftVersions = Record<string, DraftVersion>

export function mayReplaceDraft(
  stored: DraftVersion | undefined,
  base: number | undefined,
  lease: string | null,
): boolean {
  if (base === undefined || stored === undefined) return true
  return base >= stored.rev || (lease !== null && stored.lease === lease)
}

export const nextDraftVersion = (
  stored: DraftVersion | undefined,
  lease: string | null,
): DraftVersion => ({ rev: (stored?.rev ?? 0) + 1, lease })

/** Just the revisions, as the browser sees them. */
export const draftRevisions = (versions: DraftVersions): Record<string, number> =>
  Object.fromEntries(Object.entries(versions).map(([id, v]) => [id, v.rev]))
