import type { AssessmentDraft } from './model.ts'

/**
 * The editor's unsaved changes, kept in this browser per user and assessment: a sign-in that
 * expires mid-edit (the API's 401 signs the page out), a crash or a closed tab loses nothing,
 * since the editor offers them back when it opens the same assessment again. Saving, or
 * choosing to leave without saving, forgets them.
 */
export interface DraftStash {
  draft: AssessmentDraft
  /** When it was last written (ISO). */
  at: string
  /** The saved assessment it was edited from (JSON), to tell whether that changed since. */
  basis: string
}

const keyOf = (userId: string, id: string | undefined) =>
  `assess.editor-draft.${userId}.${id ?? 'new'}`

export function readStash(userId: string, id: string | undefined): DraftStash | null {
  try {
    const raw = localStorage.getItem(keyOf(userId, id))
    if (!raw) return null
    const stash = JSON.parse(raw) as Partial<DraftStash>
    // A stash from an older version of the editor that does not look like a draft is dropped.
    const draft = stash.draft as Partial<AssessmentDraft> | undefined
    if (typeof stash.at !== 'string' || typeof stash.basis !== 'string') return null
    if (typeof draft?.title !== 'string' || !Array.isArray(draft.questions)) return null
    return stash as DraftStash
  } catch {
    return null
  }
}

export function writeStash(userId: string, id: string | undefined, stash: DraftStash) {
  try {
    localStorage.setItem(keyOf(userId, id), JSON.stringify(stash))
  } catch {
    // Storage full or disabled: the in-page guards still ask before anything is dropped.
  }
}

export function forgetStash(userId: string, id: string | undefined) {
  try {
    localStorage.removeItem(keyOf(userId, id))
  } catch {}
}
