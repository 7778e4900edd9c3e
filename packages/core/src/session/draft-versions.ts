/**
 * The order of a question's drafts across tabs and devices. Each stored draft carries a version
 * stamped by the server: a revision that grows with every write, the lease (the tab) that wrote
 * it and the save that wrote it. A save says which revision its text was edited from (its base)
 * and replaces the stored draft only when it was edited from that draft or a later one.
 * Otherwise someone saved newer text since (another tab or device, or a duplicate of this tab,
 * which shares its lease): the save is refused as a conflict and the candidate chooses. A tab's
 * own saves follow each other because the page sends each with the revision its previous save
 * was answered with (candidate/test/useDrafts.ts). A save without a base (an API client) is not
 * checked.
 *
 * The fast path (packages/db fast-touch.ts) applies the same rule in SQL.
 */

export interface DraftVersion {
  rev: number
  /** The lease of the tab that wrote it (null: written without one). */
  lease: string | null
  /** The save that wrote it: how a save learns which of its drafts it wrote. */
  write?: string
}

export type DraftVersions = Record<string, DraftVersion>

export function mayReplaceDraft(
  stored: DraftVersion | undefined,
  base: number | undefined,
): boolean {
  return base === undefined || stored === undefined || base >= stored.rev
}

export const nextDraftVersion = (
  stored: DraftVersion | undefined,
  lease: string | null,
  write: string,
): DraftVersion => ({ rev: (stored?.rev ?? 0) + 1, lease, write })

/** Just the revisions, as the browser sees them. */
export const draftRevisions = (versions: DraftVersions): Record<string, number> =>
  Object.fromEntries(Object.entries(versions).map(([id, v]) => [id, v.rev]))
