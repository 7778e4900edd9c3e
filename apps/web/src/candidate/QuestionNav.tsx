import type { SessionState } from '@assess/core'

type NavQuestion = NonNullable<SessionState['questions']>[number]

/** Free navigation: every question, each saying where it stands; answered ones are closed. */
export function QuestionNav(props: {
  questions: NavQuestion[]
  currentId: string | null
  flagged: string[]
  onGo: (questionId: string) => void
}) {
  return (
    <nav aria-label="Questions" className="t-qnav">
      <ol>
        {props.questions.map((q) => (
          <li key={q.id}>
            <button
              type="button"
              className={`secondary${props.currentId === q.id ? ' t-current' : ''}`}
              aria-current={props.currentId === q.id ? 'step' : undefined}
              disabled={q.answered}
              onClick={() => props.onGo(q.id)}
            >
              Question {q.index + 1}
              {q.answered
                ? ' (answered)'
                : props.flagged.includes(q.id)
                  ? ' (flagged)'
                  : !q.opened && q.time_limit_seconds !== null
                    ? ' (not opened)'
                    : ''}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  )
}
