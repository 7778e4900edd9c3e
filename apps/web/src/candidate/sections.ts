import type { SessionState } from '@assess/core'

/**
 * After a submit moved the test from `before` to `after`: the sections now finished, or null when
 * nothing changed. Free navigation: a section is finished when every question in it is answered.
 * Sequential: the section of the submitted question is finished when the next one is elsewhere.
 */
export function sectionsCompletedAfter(before: SessionState, after: SessionState): string[] | null {
  const done = new Set(after.progress.sections_completed)
  const size = done.size
  if (after.questions) {
    const bySection = new Map<string, boolean>()
    for (const q of after.questions) {
      if (q.section === null) continue
      bySection.set(q.section, (bySection.get(q.section) ?? true) && q.answered)
    }
    for (const [section, answered] of bySection) if (answered) done.add(section)
  } else {
    const left = before.question?.section ?? null
    const next = after.question?.section ?? null
    if (left !== null && left !== next) done.add(left)
  }
  return done.size === size ? null : [...done]
}
