import { type ReactNode, useEffect, useId } from 'react'
import { ErrorNote } from '../ui/states.tsx'

export { ConfirmDialog } from '../ui/ConfirmDialog.tsx'

import { statusLabel, statusTone, type Tone } from './format.ts'

/** What a form control needs to be tied to its label, hint and errors. */
export interface ControlProps {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

/** A label, a control, an optional hint and the field's errors (announced, tied by id). */
export function Field({
  label,
  hint,
  errors,
  className,
  children,
}: {
  label: ReactNode
  hint?: ReactNode
  errors?: readonly string[]
  className?: string
  children: (props: ControlProps) => ReactNode
}) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const invalid = Boolean(errors?.length)
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(' ')
  return (
    <div className={className ? `r-field ${className}` : 'r-field'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(invalid && { 'aria-invalid': true }),
        ...(describedBy && { 'aria-describedby': describedBy }),
      })}
      {hint ? (
        <p className="muted r-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  )
}

export function FieldErrors({ id, errors }: { id?: string; errors?: readonly string[] }) {
  if (!errors?.length) return null
  return (
    <p className="r-field-error" id={id}>
      {errors.join(' · ')}
    </p>
  )
}

export function Badge({ tone, children }: { tone?: Tone; children: ReactNode }) {
  return <span className={tone ? `badge ${tone}` : 'badge'}>{children}</span>
}

/** A status badge in words: "Published", "Needs review"... */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  return <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>
}

/** The tab's title follows the page, so history and tabs say where they lead. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · assess` : 'assess'
  }, [title])
}

/** The "Load more" button (and its error) under a paged table (TanStack useInfiniteQuery). */
export function LoadMore({
  list,
}: {
  list: {
    hasNextPage: boolean
    isFetchingNextPage: boolean
    isFetchNextPageError: boolean
    error: unknown
    fetchNextPage: () => unknown
  }
}) {
  return (
    <>
      {list.hasNextPage ? (
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </p>
      ) : null}
      {list.isFetchNextPageError ? <ErrorNote error={list.error} /> : null}
    </>
  )
}

/** The reason a recruiter gives for an action (1–500 characters), kept with what it did. */
export function ReasonField(props: {
  value: string
  onChange: (value: string) => void
  /** Where the reason is kept, for the label. */
  keptIn?: string
}) {
  const id = useId()
  return (
    <p>
      <label htmlFor={id}>Reason (required; kept in {props.keptIn ?? 'the timeline'})</label>
      <textarea
        id={id}
        maxLength={500}
        rows={2}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </p>
  )
}
