import type { CandidateQuestionView } from '@assess/core'
import { type Ref, useId } from 'react'
import { describeDuration, describeRemaining } from './countdown.ts'

const KIND: Record<CandidateQuestionView['type'], string> = {
  mcq: 'Multiple choice',
  short_answer: 'Short answer',
  code: 'Code',
}

/**
 * Free navigation, a timed question not opened yet: the server sends its content only once it
 * is opened, and its own time starts then. Opening is the candidate's choice, never a side
 * effect of looking around.
 */
export function OpenQuestion(p: {
  question: CandidateQuestionView
  total: number
  /** Its limit as this candidate gets it (extra time included). */
  limitSeconds: number
  /** The whole test's time left: a window never outlasts it. */
  sessionRemainingMs: number | null
  opening: boolean
  disabled: boolean
  headingRef: Ref<HTMLHeadingElement>
  onOpen(): void
}) {
  const q = p.question
  const headingId = useId()
  const limit = describeDuration(p.limitSeconds)
  const cut =
    p.sessionRemainingMs !== null && p.sessionRemainingMs < p.limitSeconds * 1000
      ? describeRemaining(p.sessionRemainingMs)
      : null
  return (
    <section className="card t-open" aria-labelledby={headingId}>
      <h2 id={headingId} ref={p.headingRef} tabIndex={-1} className="t-q-heading">
        Question {q.index + 1} of {p.total}
      </h2>
      <p className="muted t-q-meta">
        {[q.section, KIND[q.type], `${q.points} ${q.points === 1 ? 'point' : 'points'}`]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p>
        This question has its own time limit: <strong>{limit}</strong>. It starts when you open the
        question and keeps running if you move to another one. Until then, no time is spent on it.
      </p>
      {cut ? (
        <p className="t-open-cut">
          The test ends sooner: you will have <strong>{cut}</strong> for it.
        </p>
      ) : null}
      <button type="button" onClick={p.onOpen} disabled={p.opening || p.disabled}>
        {p.opening ? 'Opening…' : `Open question ${q.index + 1} (${limit})`}
      </button>
    </section>
  )
}
