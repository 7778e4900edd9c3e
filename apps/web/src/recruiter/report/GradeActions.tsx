import type { ReportAnswer } from '@assess/core'
import { type FormEvent, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { ErrorNote } from '../../ui/states.tsx'
import { formatNumber } from '../format.ts'
import { Field } from '../ui.tsx'
import { isGraded, useGradeActions } from './grades.ts'
import { RegradeButton } from './RegradeButton.tsx'

/**
 * Under an answer of an ended session: "Adjust score" (a score, a reason, an optional note to
 * the candidate's grade) and "Regrade" (grade it again with the current grader).
 */
export function GradeActions({
  sessionId,
  answer: a,
}: {
  sessionId: string
  answer: ReportAnswer
}) {
  const n = a.index + 1
  const answerId = a.answer_id
  if (!answerId) return null
  return (
    <div className="row" data-testid={`grade-actions-${n}`}>
      {isGraded(a) ? <AdjustScore sessionId={sessionId} answer={a} answerId={answerId} /> : null}
      <RegradeButton
        sessionId={sessionId}
        answerId={answerId}
        label="Regrade"
        title={`Grade question ${n} again?`}
        explain="The current grade is kept in the history; the answer is graded again with the current grader and the summary is rewritten once it is done."
        testId={`regrade-${n}`}
      />
    </div>
  )
}

function AdjustScore({
  sessionId,
  answer: a,
  answerId,
}: {
  sessionId: string
  answer: ReportAnswer
  answerId: string
}) {
  const { override } = useGradeActions(sessionId)
  const [open, setOpen] = useState(false)
  const [score, setScore] = useState(a.score === null ? '' : String(a.score))
  const [reason, setReason] = useState('')
  const [feedback, setFeedback] = useState('')
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({})
  const apiFields =
    override.error instanceof ApiError ? (override.error.details.fields ?? {}) : ({} as const)
  const fields = { ...apiFields, ...localErrors }

  function submit(e: FormEvent) {
    e.preventDefault()
    const errors: Record<string, string[]> = {}
    const value = Number(score.trim())
    if (score.trim() === '' || !Number.isFinite(value) || value < 0 || value > a.max_score)
      errors.score = [`Enter a score from 0 to ${formatNumber(a.max_score)}.`]
    if (!reason.trim()) errors.reason = ['Say why the score changes (kept in the history).']
    setLocalErrors(errors)
    if (Object.keys(errors).length) return
    override.mutate(
      { answerId, score: value, reason: reason.trim(), feedback: feedback.trim() || undefined },
      {
        onSuccess: () => {
          setOpen(false)
          setReason('')
          setFeedback('')
        },
      },
    )
  }

  if (!open)
    return (
      <button
        type="button"
        className="secondary"
        onClick={() => {
          override.reset()
          setScore(a.score === null ? '' : String(a.score))
          setOpen(true)
        }}
        data-testid={`adjust-score-${a.index + 1}`}
      >
        Adjust score
      </button>
    )
  return (
    <form
      className="card"
      onSubmit={submit}
      aria-label={`Adjust the score of question ${a.index + 1}`}
    >
      <Field label={`Score (0–${formatNumber(a.max_score)})`} errors={fields.score}>
        {(props) => (
          <input
            {...props}
            type="number"
            min={0}
            max={a.max_score}
            step="any"
            value={score}
            onChange={(e) => setScore(e.target.value)}
            required
          />
        )}
      </Field>
      <Field
        label="Reason"
        hint="Required; kept in the grade history and the timeline."
        errors={fields.reason}
      >
        {(props) => (
          <textarea
            {...props}
            maxLength={500}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
          />
        )}
      </Field>
      <Field
        label="Feedback (optional)"
        hint="Shown beside the grader's feedback, which is kept."
        errors={fields.feedback}
      >
        {(props) => (
          <textarea
            {...props}
            maxLength={5000}
            rows={3}
            value={feedback}
            onChange={(e) => setFeedback(e.target.value)}
          />
        )}
      </Field>
      {override.isError && !Object.keys(apiFields).length ? (
        <ErrorNote error={override.error} />
      ) : null}
      <p className="row">
        <button type="submit" disabled={override.isPending}>
          {override.isPending ? 'Saving…' : 'Save score'}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </p>
    </form>
  )
}
