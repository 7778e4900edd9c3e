import type { ClockSession } from '@assess/core'
import type { AssessmentDefinition } from './definition.ts'
import type { SessionRow } from './types.ts'

export type ClockFields = Pick<
  SessionRow,
  | 'startedAt'
  | 'expiresAt'
  | 'extraTimePercent'
  | 'currentQuestionIndex'
  | 'currentQuestionServedAt'
  | 'questionServedAt'
> &
  Partial<Pick<SessionRow, 'windowExtensions'>>

export function clockOf(
  session: ClockFields,
  definition: AssessmentDefinition,
  answered: ReadonlySet<string>,
): ClockSession {
  return {
    navigation: definition.assessment.navigation,
    startedAt: session.startedAt,
    expiresAt: session.expiresAt,
    graceSeconds: definition.assessment.graceSeconds,
    extraTimePercent: session.extraTimePercent,
    currentQuestionIndex: session.currentQuestionIndex,
    currentQuestionServedAt: session.currentQuestionServedAt,
    answeredQuestionIds: answered,
    windowExtensionsMs: session.windowExtensions ?? {},
    questionServedAt: questionServedAt(session, definition),
  }
}

/**
 * The first-opening stamps as dates. A free-navigation session without any was started by a
 * version that served every question at the start (during a rolling upgrade, after migration
 * 0012): its one moment stands for every question, as that version measured it.
 */
function questionServedAt(session: ClockFields, definition: AssessmentDefinition) {
  const stamps = Object.entries(session.questionServedAt)
  if (stamps.length === 0 && definition.assessment.navigation === 'free') {
    const legacy = session.currentQuestionServedAt ?? session.startedAt
    return Object.fromEntries(definition.questions.map((q) => [q.id, legacy]))
  }
  return Object.fromEntries(stamps.map(([id, at]) => [id, new Date(at)]))
}

export function progressPercent(answered: number, total: number) {
  return total === 0 ? 100 : Math.round((answered / total) * 10_000) / 100
}
