/**
 * Draft saves, pure: how often a session may save (a fixed one-minute window counted on the
 * session row, so the limit costs no round trip), and when a save is written to the timeline
 * (the first of each minute: a browser saves about once a second while the candidate types).
 * The fast path's single UPDATE applies the same rule in SQL (fast-touch.ts).
 */
export const PROGRESS_WINDOW_MS = 60_000
/** Saves per window: generous for a 1 s debounce across a few questions. */
export const PROGRESS_SAVES_PER_WINDOW = 120
/** At most one `draft_saved` event per session in this long. */
export const DRAFT_EVENT_EVERY_MS = 60_000

export interface ProgressWindow {
  windowAt: Date | null
  saves: number
}

export type SaveAdmission =
  | { allowed: true; window: { windowAt: Date; saves: number } }
  | { allowed: false; retryAfterMs: number }

/** Whether one more save fits the session's window, and the window after it. */
export function admitSave(current: ProgressWindow, now: Date): SaveAdmission {
  const open =
    current.windowAt !== null && current.windowAt.getTime() > now.getTime() - PROGRESS_WINDOW_MS
  if (!open || current.windowAt === null)
    return { allowed: true, window: { windowAt: now, saves: 1 } }
  if (current.saves >= PROGRESS_SAVES_PER_WINDOW)
    return {
      allowed: false,
      retryAfterMs: current.windowAt.getTime() + PROGRESS_WINDOW_MS - now.getTime(),
    }
  return { allowed: true, window: { windowAt: current.windowAt, saves: current.saves + 1 } }
}

/** Whether a save that carries drafts goes on the timeline (the first in its minute). */
export const draftEventDue = (lastDraftEventAt: Date | null, now: Date) =>
  lastDraftEventAt === null || lastDraftEventAt.getTime() <= now.getTime() - DRAFT_EVENT_EVERY_MS
