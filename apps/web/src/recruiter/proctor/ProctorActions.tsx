import type { ProctorResult } from '@assess/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { ErrorNote } from '../../ui/states.tsx'
import { useStaffApi } from '../api.ts'
import { ConfirmDialog, ReasonField } from '../ui.tsx'

type Action = 'pause' | 'resume' | 'extend' | 'cancel'

const COPY: Record<Action, { button: string; title: string; confirm: string; explain: string }> = {
  pause: {
    button: 'Pause',
    title: 'Pause this test?',
    confirm: 'Pause test',
    explain:
      'The clock stops and the candidate sees a paused screen with your reason. Nothing is lost: ' +
      'every deadline moves by the paused time when you resume.',
  },
  resume: {
    button: 'Resume',
    title: 'Resume this test?',
    confirm: 'Resume test',
    explain: 'The clock runs again from where it stopped; the candidate carries on.',
  },
  extend: {
    button: 'Add time',
    title: 'Give the candidate more time?',
    confirm: 'Add time',
    explain: "The test's end and the current question's time limit move by the minutes you give.",
  },
  cancel: {
    button: 'Cancel test',
    title: 'Cancel this test?',
    confirm: 'Cancel test',
    explain:
      'The attempt ends now. Answers already submitted are kept and graded, but no ' +
      'recommendation is made. This cannot be undone (you can grant an extra attempt).',
  },
}

/**
 * A recruiter steering a live session: the actions its status allows, each asking for a reason
 * (shown in the timeline, and to the candidate for a pause).
 */
export function ProctorActions(props: {
  sessionId: string
  status: string
  /** Called after an action took effect (refresh what shows the session). */
  onDone?: (result: ProctorResult) => void
}) {
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const [action, setAction] = useState<Action | null>(null)
  const [reason, setReason] = useState('')
  const [minutes, setMinutes] = useState('10')
  const minutesId = useId()
  const run = useMutation({
    mutationFn: (a: Action) =>
      api<ProctorResult>('POST', `/api/sessions/${props.sessionId}/${a}`, {
        reason: reason.trim(),
        ...(a === 'extend' && { minutes: Number(minutes) }),
      }),
    onSuccess: (result) => {
      setAction(null)
      setReason('')
      void queryClient.invalidateQueries({ queryKey: ['report', props.sessionId] })
      void queryClient.invalidateQueries({ queryKey: ['sessions'] })
      props.onDone?.(result)
    },
  })
  const live = props.status === 'active' || props.status === 'paused'
  if (!live) return null
  const available: Action[] =
    props.status === 'paused' ? ['resume', 'extend', 'cancel'] : ['pause', 'extend', 'cancel']
  const copy = action ? COPY[action] : null
  const minutesValue = Number(minutes)
  const valid =
    reason.trim().length > 0 &&
    (action !== 'extend' ||
      (Number.isInteger(minutesValue) && minutesValue >= 1 && minutesValue <= 600))

  return (
    <div className="row r-proctor">
      {available.map((a) => (
        <button
          key={a}
          type="button"
          className={a === 'cancel' ? 'danger' : 'secondary'}
          onClick={() => {
            run.reset()
            setAction(a)
          }}
        >
          {COPY[a].button}
        </button>
      ))}
      <ConfirmDialog
        open={action !== null}
        title={copy?.title ?? ''}
        confirmLabel={copy?.confirm ?? ''}
        danger={action === 'cancel'}
        busy={run.isPending || !valid}
        onCancel={() => setAction(null)}
        onConfirm={() => action && valid && run.mutate(action)}
      >
        <p>{copy?.explain}</p>
        {action === 'extend' ? (
          <p>
            <label htmlFor={minutesId}>Minutes to add (1–600)</label>
            <input
              id={minutesId}
              type="number"
              min={1}
              max={600}
              step={1}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </p>
        ) : null}
        <ReasonField value={reason} onChange={setReason} />
        {run.isError ? <ErrorNote error={run.error} /> : null}
      </ConfirmDialog>
    </div>
  )
}
