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
    questionServedAt: Object.fromEntries(
      Object.entries(session.questionServedAt).map(([id, at]) => [id, new Date(at)]),
    ),
  }
}

export function progressPercent(answered: number, total: number) {
  return total === 0 ? 100 : Math.round((answered / total) * 10_000) / 100
}
