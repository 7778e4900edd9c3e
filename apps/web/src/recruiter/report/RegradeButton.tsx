import { useState } from 'react'
import { ErrorNote } from '../../ui/states.tsx'
import { ConfirmDialog, ReasonField } from '../ui.tsx'
import { useGradeActions } from './grades.ts'

/** "Regrade" (one answer) or "Regrade all" (the session), after a reason in a dialog. */
export function RegradeButton(props: {
  sessionId: string
  /** Absent: every answer of the session. */
  answerId?: string
  label: string
  title: string
  explain: string
  testId: string
}) {
  const { regrade } = useGradeActions(props.sessionId)
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const valid = reason.trim().length > 0
  return (
    <>
      <button
        type="button"
        className="secondary"
        data-testid={props.testId}
        onClick={() => {
          regrade.reset()
          setOpen(true)
        }}
      >
        {props.label}
      </button>
      <ConfirmDialog
        open={open}
        title={props.title}
        confirmLabel={props.label}
        busy={regrade.isPending || !valid}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          valid &&
          regrade.mutate(
            { answerId: props.answerId, reason: reason.trim() },
            {
              onSuccess: () => {
                setOpen(false)
                setReason('')
              },
            },
          )
        }
      >
        <p>{props.explain}</p>
        <ReasonField value={reason} onChange={setReason} keptIn="the history and the timeline" />
        {regrade.isError ? <ErrorNote error={regrade.error} /> : null}
      </ConfirmDialog>
    </>
  )
}

/** "Regrade all": every answer of the session, then exactly one new summary. */
export function RegradeAll({ sessionId }: { sessionId: string }) {
  return (
    <RegradeButton
      sessionId={sessionId}
      label="Regrade all"
      title="Grade every answer again?"
      explain="Every answer is graded again with the current grader (after a model outage or a grader fix). The current grades are kept in the history; the score, recommendation and summary are rewritten once all are graded."
      testId="regrade-all"
    />
  )
}
