import type { AnswerPayload, CandidateQuestionView } from '@assess/core'
import { fitDraft, LANGUAGE_NAMES } from './answers.ts'

/** An answer as words, to compare two versions of it. */
function describe(q: CandidateQuestionView, answer: AnswerPayload | null): string {
  if (!answer) return '(empty)'
  if ('choice_ids' in answer) {
    const texts = answer.choice_ids.map((id) => q.options?.find((o) => o.id === id)?.text ?? id)
    return texts.length > 0 ? texts.join('\n') : '(nothing chosen)'
  }
  if ('text' in answer) return answer.text || '(empty)'
  return `${LANGUAGE_NAMES[answer.language]}\n\n${answer.code}`
}

/**
 * Another tab or device saved this answer after the text on this screen was edited from an
 * older version: nothing is overwritten until the candidate chooses which to keep.
 */
export function DraftConflictNotice(props: {
  question: CandidateQuestionView
  mine: AnswerPayload
  newer: unknown
  onKeep: (keep: 'this' | 'newer') => void
}) {
  const newer = fitDraft(props.question, props.newer)
  return (
    <section className="t-notice t-conflict" role="alert" aria-labelledby="draft-conflict-title">
      <h2 id="draft-conflict-title">This answer was changed somewhere else</h2>
      <p>
        After this tab last saved question {props.question.index + 1}, a newer version was saved
        from another tab or device. Nothing has been overwritten: choose the version to keep.
      </p>
      <details>
        <summary>Compare the two versions</summary>
        <div className="t-conflict-versions">
          <figure>
            <figcaption>Newer version</figcaption>
            <pre>{describe(props.question, newer)}</pre>
          </figure>
          <figure>
            <figcaption>This tab’s version</figcaption>
            <pre>{describe(props.question, props.mine)}</pre>
          </figure>
        </div>
      </details>
      <div className="t-conflict-actions">
        <button type="button" onClick={() => props.onKeep('newer')}>
          Keep the newer version
        </button>
        <button type="button" className="secondary" onClick={() => props.onKeep('this')}>
          Keep this tab’s version
        </button>
      </div>
    </section>
  )
}
