import type { InvitationResponse, InvitationView } from '@assess/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ErrorNote } from '../../ui/states.tsx'
import { keys, useStaffApi } from '../api.ts'
import { ConfirmDialog, ReasonField } from '../ui.tsx'

/** "Extra attempt": one more attempt for an invitation's candidate, with a reason. */
export function ExtraAttemptButton({ invitation }: { invitation: InvitationView }) {
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const grant = useMutation({
    mutationFn: () =>
      api<InvitationResponse>('POST', `/api/invitations/${invitation.id}/extra-attempt`, {
        reason: reason.trim(),
      }),
    onSuccess: () => {
      setOpen(false)
      setReason('')
      void queryClient.invalidateQueries({ queryKey: keys.invitations(invitation.assessment_id) })
    },
  })
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          grant.reset()
          setOpen(true)
        }}
      >
        Extra attempt<span className="r-sr-only"> for {invitation.email}</span>
      </button>
      <ConfirmDialog
        open={open}
        title="Give one more attempt?"
        confirmLabel="Grant attempt"
        busy={grant.isPending || reason.trim().length === 0}
        onCancel={() => setOpen(false)}
        onConfirm={() => reason.trim() && grant.mutate()}
      >
        <p>
          {invitation.email} may start the test once more with the same link
          {invitation.extra_attempts > 0
            ? ` (${invitation.extra_attempts} extra already granted)`
            : ''}
          .
        </p>
        <ReasonField value={reason} onChange={setReason} />
        {grant.isError ? <ErrorNote error={grant.error} /> : null}
      </ConfirmDialog>
    </>
  )
}
