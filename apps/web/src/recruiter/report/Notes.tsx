import type { ReportNote, ReportNotes } from '@assess/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { describeError, ErrorNote, Loading } from '../../ui/states.tsx'
import { useStaffApi } from '../api.ts'
import { formatDateTime } from '../format.ts'

/** Recruiters' notes on the report: who wrote what, when. The candidate never sees them. */
export function Notes({ sessionId }: { sessionId: string }) {
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const fieldId = useId()
  const key = ['report-notes', sessionId]
  const [text, setText] = useState('')
  const notes = useQuery({
    queryKey: key,
    queryFn: () => api<ReportNotes>('GET', `/api/sessions/${encodeURIComponent(sessionId)}/notes`),
  })
  const add = useMutation({
    mutationFn: (body: string) =>
      api<ReportNote>('POST', `/api/sessions/${encodeURIComponent(sessionId)}/notes`, { body }),
    onSuccess: (note) => {
      setText('')
      queryClient.setQueryData<ReportNotes>(key, (d) => ({
        notes: [...(d?.notes ?? []), note],
      }))
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (text.trim()) add.mutate(text)
  }
  const fieldError =
    add.error instanceof ApiError ? add.error.details.fields?.body?.join(' ') : undefined
  return (
    <section aria-labelledby="r-notes-title" className="r-notes">
      <h2 id="r-notes-title">Notes</h2>
      <p className="muted">For your organization only: the candidate never sees them.</p>
      {notes.isPending ? (
        <Loading label="Loading notes…" />
      ) : notes.error ? (
        <ErrorNote error={notes.error} onRetry={() => notes.refetch()} />
      ) : notes.data.notes.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ol className="r-note-list">
          {notes.data.notes.map((n) => (
            <li key={n.id}>
              <p className="r-note-meta">
                <strong>{n.author.name || n.author.email}</strong>{' '}
                <span className="muted">{formatDateTime(n.created_at)}</span>
              </p>
              <p className="r-prewrap">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} noValidate>
        <label htmlFor={fieldId}>Add a note</label>
        <textarea
          id={fieldId}
          rows={3}
          maxLength={5000}
          value={text}
          aria-invalid={fieldError ? true : undefined}
          onChange={(e) => setText(e.target.value)}
        />
        {add.error ? (
          <p className="error" role="alert">
            {fieldError ?? describeError(add.error)}
          </p>
        ) : null}
        <button type="submit" disabled={add.isPending || text.trim() === ''}>
          {add.isPending ? 'Saving…' : 'Add note'}
        </button>
      </form>
    </section>
  )
}
