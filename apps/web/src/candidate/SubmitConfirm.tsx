import type { CandidateQuestionView } from '@assess/core'
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx'

/** A submit that needs a yes first: an empty answer, or the last one (it finishes the test). */
export interface PendingSubmit {
  question: CandidateQuestionView
  empty: boolean
  last: boolean
}

export function SubmitConfirm(props: {
  pending: PendingSubmit | null
  onConfirm: (question: CandidateQuestionView) => void
  onCancel: () => void
}) {
  const { pending } = props
  return (
    <ConfirmDialog
      open={pending !== null}
      title={pending?.empty ? 'Submit an empty answer?' : 'Submit your last answer?'}
      confirmLabel={pending?.last ? 'Submit and finish' : 'Submit anyway'}
      cancelLabel="Keep answering"
      onConfirm={() => {
        if (pending) props.onConfirm(pending.question)
        props.onCancel()
      }}
      onCancel={props.onCancel}
    >
      {pending?.empty ? (
        <p>
          Question {pending.question.index + 1} has no answer yet. A submitted answer is final: you
          cannot come back to it.
        </p>
      ) : null}
      {pending?.last ? (
        <p>
          This is the last question without an answer: submitting it finishes your test, and no
          answer can change afterwards.
        </p>
      ) : null}
    </ConfirmDialog>
  )
}
