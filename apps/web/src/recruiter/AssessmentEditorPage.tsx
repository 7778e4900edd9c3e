import type { CandidateQuestionView, QuestionType, SampleRunResult } from '@assess/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { Link, useBlocker, useNavigate, useParams } from 'react-router'
import { ApiError } from '../api/client.ts'
import { useStaffAuth } from '../auth/store.ts'
import { describeError, ErrorNote, Loading } from '../ui/states.tsx'
import { type AssessmentResponse, keys, useStaffApi } from './api.ts'
import { CandidatePreview, previewQuestions } from './editor/CandidatePreview.tsx'
import { type DraftStash, forgetStash, readStash, writeStash } from './editor/draft-stash.ts'
import {
  type AssessmentDraft,
  assessmentFromView,
  describePath,
  emptyAssessment,
  errorsAt,
  type FieldErrorMap,
  friendly,
  newQuestion,
  type Payload,
  type QuestionDraft,
  toPayload,
} from './editor/model.ts'
import { QuestionEditor } from './editor/QuestionEditor.tsx'
import { formatDateTime, QUESTION_TYPE_LABELS } from './format.ts'
import { ConfirmDialog, Field, FieldErrors, useDocumentTitle } from './ui.tsx'

/** `/assessments/new` and `/assessments/:id/edit` (drafts only). */
export function AssessmentEditorPage() {
  const { id } = useParams()
  if (!id) return <AssessmentForm key="new" initial={emptyAssessment()} />
  return <EditLoader id={id} />
}

function EditLoader({ id }: { id: string }) {
  useDocumentTitle('Edit assessment')
  const api = useStaffApi()
  const q = useQuery({
    queryKey: keys.assessment(id),
    queryFn: () =>
      api<AssessmentResponse>('GET', `/api/assessments/${id}`).then((r) => r.assessment),
  })
  if (q.isPending)
    return (
      <main className="page r-page">
        <Loading label="Loading the assessment…" />
      </main>
    )
  if (q.isError)
    return (
      <main className="page r-page">
        <p>
          <Link to="/assessments">← Assessments</Link>
        </p>
        <ErrorNote error={q.error} onRetry={() => q.refetch()} />
      </main>
    )
  if (q.data.status !== 'draft')
    return (
      <main className="page narrow r-page">
        <p>
          <Link to={`/assessments/${id}`}>← {q.data.title}</Link>
        </p>
        <h1>This assessment can no longer be edited</h1>
        <p>
          It is {q.data.status}: candidates are graded against exactly what was published, so it
          cannot change. Duplicate it as a new draft from its page to make changes.
        </p>
      </main>
    )
  return <AssessmentForm key={id} id={id} initial={assessmentFromView(q.data)} />
}

type FocusRequest = { key: string; target: 'prompt' | 'up' | 'down' }

function AssessmentForm({ id, initial }: { id?: string; initial: AssessmentDraft }) {
  useDocumentTitle(id ? `Edit: ${initial.title}` : 'New assessment')
  const api = useStaffApi()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [draft, setDraft] = useState(initial)
  const [baseline] = useState(() => JSON.stringify(initial))
  // Unsaved changes an earlier visit left in this browser: offered back, never applied unasked.
  const userId = useStaffAuth((s) => s.user?.id) ?? 'signed-out'
  const [offer, setOffer] = useState<DraftStash | null>(() => {
    const stash = readStash(userId, id)
    return stash && JSON.stringify(stash.draft) !== baseline ? stash : null
  })
  const [errors, setErrors] = useState<FieldErrorMap>({})
  const [failure, setFailure] = useState<unknown>(null)
  const [newType, setNewType] = useState<QuestionType>('mcq')
  const summaryRef = useRef<HTMLDivElement>(null)
  const typeRef = useRef<HTMLSelectElement>(null)
  const focusRequest = useRef<FocusRequest | null>(null)
  const saved = useRef(false)
  const dirty = JSON.stringify(draft) !== baseline
  const back = id ? `/assessments/${id}` : '/assessments'

  // Every unsaved change is kept in this browser as it is made (not while an earlier one is
  // still on offer: typing first must not overwrite it unseen).
  useEffect(() => {
    if (dirty && !offer && !saved.current)
      writeStash(userId, id, { draft, at: new Date().toISOString(), basis: baseline })
  }, [draft, dirty, offer, userId, id, baseline])

  // Leaving with unsaved changes asks first (reload, close, typed URL).
  useEffect(() => {
    if (!dirty) return
    const warn = (e: BeforeUnloadEvent) => {
      if (saved.current) return
      e.preventDefault()
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  // Leaving inside the app (a link, the top navigation, Back) asks too, in our own dialog.
  const leaving = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !saved.current && currentLocation.pathname !== nextLocation.pathname,
  )

  // After adding or moving a question, keep the keyboard where the user is working.
  useEffect(() => {
    const request = focusRequest.current
    if (!request) return
    focusRequest.current = null
    const root = document.querySelector(`[data-qkey="${request.key}"]`)
    const target =
      request.target === 'prompt'
        ? root?.querySelector<HTMLElement>('[data-field="prompt"]')
        : (root?.querySelector<HTMLElement>(`[data-action="${request.target}"]:not(:disabled)`) ??
          root?.querySelector<HTMLElement>('[data-action]:not(:disabled)'))
    target?.focus()
  })

  const save = useMutation({
    mutationFn: (body: Payload) =>
      id
        ? api<AssessmentResponse>('PATCH', `/api/assessments/${id}`, body)
        : api<AssessmentResponse>('POST', '/api/assessments', body),
    onSuccess: ({ assessment }) => {
      saved.current = true
      forgetStash(userId, id)
      queryClient.setQueryData(keys.assessment(assessment.id), assessment)
      void queryClient.invalidateQueries({ queryKey: keys.assessments })
      navigate(`/assessments/${assessment.id}`, {
        state: { notice: id ? 'Draft saved.' : 'Draft created.' },
      })
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'validation_failed' && err.details.fields)
        setErrors(err.details.fields)
      else setFailure(err)
      requestAnimationFrame(() => summaryRef.current?.focus())
    },
  })

  function submit(e: FormEvent) {
    e.preventDefault()
    setFailure(null)
    const built = toPayload(draft)
    if ('errors' in built) {
      setErrors(built.errors)
      requestAnimationFrame(() => summaryRef.current?.focus())
      return
    }
    setErrors({})
    save.mutate(built.body)
  }

  // The questions as the candidate will see them, when the draft is valid enough to show.
  const [preview, setPreview] = useState<{
    views: CandidateQuestionView[]
    questions: unknown[]
  } | null>(null)
  function openPreview() {
    setFailure(null)
    const built = toPayload(draft)
    if ('errors' in built) {
      setErrors(built.errors)
      requestAnimationFrame(() => summaryRef.current?.focus())
      return
    }
    try {
      const questions = built.body.questions ?? []
      setPreview({ views: previewQuestions(questions), questions })
    } catch (err) {
      setFailure(err)
      requestAnimationFrame(() => summaryRef.current?.focus())
    }
  }

  const set =
    <K extends keyof AssessmentDraft>(key: K) =>
    (value: AssessmentDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }))

  const updateQuestion = (key: string, patch: Partial<QuestionDraft>) =>
    setDraft((d) => ({
      ...d,
      questions: d.questions.map((q) => (q.key === key ? { ...q, ...patch } : q)),
    }))

  // Error paths are positions: once the list changes shape, the old ones point elsewhere.
  const restructure = (change: (questions: QuestionDraft[]) => QuestionDraft[]) => {
    setErrors({})
    setDraft((d) => ({ ...d, questions: change(d.questions) }))
  }

  const addQuestion = () => {
    const q = newQuestion(newType)
    focusRequest.current = { key: q.key, target: 'prompt' }
    restructure((qs) => [...qs, q])
  }

  const moveQuestion = (key: string, direction: -1 | 1) => {
    focusRequest.current = { key, target: direction < 0 ? 'up' : 'down' }
    restructure((qs) => {
      const from = qs.findIndex((q) => q.key === key)
      const to = from + direction
      const moving = qs[from]
      const other = qs[to]
      if (!moving || !other) return qs
      const next = [...qs]
      next[from] = other
      next[to] = moving
      return next
    })
  }

  const removeQuestion = (key: string) => {
    restructure((qs) => qs.filter((q) => q.key !== key))
    typeRef.current?.focus()
  }

  const errorEntries = Object.entries(errors)
  const totalPoints = draft.questions.reduce((sum, q) => sum + (Number(q.points) || 0), 0)

  return (
    <main className="page r-page">
      <p>
        <Link to={back}>{id ? `← ${initial.title}` : '← Assessments'}</Link>
      </p>
      <h1>{id ? 'Edit draft' : 'New assessment'}</h1>
      {offer ? (
        <section className="card r-restore" aria-label="Unsaved changes">
          <p>
            Changes to this {id ? 'draft' : 'new assessment'} from {formatDateTime(offer.at)} were
            not saved (the page closed, or your sign-in expired).
            {offer.basis !== baseline
              ? ' The saved version changed since: restoring puts your version back in its place when you save.'
              : ''}
          </p>
          <div className="row">
            <button
              type="button"
              onClick={() => {
                setDraft(offer.draft)
                setOffer(null)
              }}
            >
              Restore them
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                forgetStash(userId, id)
                setOffer(null)
              }}
            >
              Discard them
            </button>
          </div>
        </section>
      ) : null}
      <form onSubmit={submit} noValidate aria-label={id ? 'Edit draft' : 'New assessment'}>
        <section className="card" aria-labelledby="r-settings-title">
          <h2 id="r-settings-title">Settings</h2>
          <Field label="Title" errors={errorsAt(errors, 'title')}>
            {(p) => (
              <input {...p} value={draft.title} onChange={(e) => set('title')(e.target.value)} />
            )}
          </Field>
          <Field
            label="Description"
            hint="Shown to candidates before they start."
            errors={errorsAt(errors, 'description')}
          >
            {(p) => (
              <textarea
                {...p}
                rows={3}
                value={draft.description}
                onChange={(e) => set('description')(e.target.value)}
              />
            )}
          </Field>
          <div className="r-grid">
            <Field
              label="Duration (minutes)"
              hint="Empty: no overall limit."
              errors={errorsAt(errors, 'duration_minutes')}
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={1440}
                  step={1}
                  value={draft.duration_minutes}
                  onChange={(e) => set('duration_minutes')(e.target.value)}
                />
              )}
            </Field>
            <Field label="Navigation" errors={errorsAt(errors, 'navigation')}>
              {(p) => (
                <select
                  {...p}
                  value={draft.navigation}
                  onChange={(e) => set('navigation')(e.target.value as 'sequential' | 'free')}
                >
                  <option value="sequential">Sequential (in order, no going back)</option>
                  <option value="free">Free (any order)</option>
                </select>
              )}
            </Field>
            <Field label="Max attempts" errors={errorsAt(errors, 'max_attempts')}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={10}
                  step={1}
                  value={draft.max_attempts}
                  onChange={(e) => set('max_attempts')(e.target.value)}
                />
              )}
            </Field>
          </div>
          <details className="r-more">
            <summary>More settings</summary>
            <div className="r-grid">
              <Field
                label="Grace period (seconds)"
                hint="Network allowance after a deadline."
                errors={errorsAt(errors, 'grace_seconds')}
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={60}
                    value={draft.grace_seconds}
                    onChange={(e) => set('grace_seconds')(e.target.value)}
                  />
                )}
              </Field>
              <Field
                label="Heartbeat timeout (seconds)"
                hint="A silent or closed test is abandoned after this."
                errors={errorsAt(errors, 'heartbeat_timeout_seconds')}
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    inputMode="numeric"
                    min={5}
                    max={3600}
                    value={draft.heartbeat_timeout_seconds}
                    onChange={(e) => set('heartbeat_timeout_seconds')(e.target.value)}
                  />
                )}
              </Field>
            </div>
            <label className="r-check">
              <input
                type="checkbox"
                checked={draft.show_results_to_candidate}
                onChange={(e) => set('show_results_to_candidate')(e.target.checked)}
              />
              Show results to the candidate
            </label>
          </details>
        </section>

        <h2>
          Questions <span className="muted">({draft.questions.length})</span>
        </h2>
        <FieldErrors errors={errors.questions} />
        {draft.questions.length === 0 ? (
          <p className="muted">No questions yet. Pick a type and add the first one.</p>
        ) : null}
        {draft.questions.map((q, i) => (
          <QuestionEditor
            key={q.key}
            question={q}
            index={i}
            count={draft.questions.length}
            errors={errors}
            onChange={(patch) => updateQuestion(q.key, patch)}
            onMove={(direction) => moveQuestion(q.key, direction)}
            onRemove={() => removeQuestion(q.key)}
          />
        ))}
        <div className="card r-add-question">
          <Field label="Question type">
            {(p) => (
              <select
                {...p}
                ref={typeRef}
                value={newType}
                onChange={(e) => setNewType(e.target.value as QuestionType)}
              >
                {Object.entries(QUESTION_TYPE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="button" className="secondary" onClick={addQuestion}>
            Add question
          </button>
        </div>

        <div ref={summaryRef} tabIndex={-1} className="r-summary-anchor">
          {errorEntries.length ? (
            <div className="error" role="alert">
              <p>
                <strong>The draft was not saved.</strong> Please fix{' '}
                {errorEntries.length === 1 ? 'this field' : `these ${errorEntries.length} fields`}:
              </p>
              <ul>
                {errorEntries.map(([path, messages]) => (
                  <li key={path}>
                    {describePath(path)}: {messages.map((m) => friendly(m, path)).join(' ')}
                  </li>
                ))}
              </ul>
            </div>
          ) : failure ? (
            <div className="error" role="alert">
              <p>
                <strong>The draft was not saved.</strong> {describeError(failure)}
              </p>
            </div>
          ) : null}
        </div>

        <div className="row r-savebar">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save draft'}
          </button>
          <button type="button" className="secondary" onClick={openPreview}>
            Preview as a candidate
          </button>
          <Link to={back} className="button secondary">
            Cancel
          </Link>
          <span className="muted" aria-live="polite">
            {draft.questions.length} question{draft.questions.length === 1 ? '' : 's'},{' '}
            {totalPoints} point{totalPoints === 1 ? '' : 's'}
            {dirty ? ' · unsaved changes' : ''}
          </span>
        </div>
      </form>
      {preview ? (
        <CandidatePreview
          questions={preview.views}
          runSamples={(index, code, language, custom) =>
            api<SampleRunResult>('POST', '/api/preview/run', {
              question: preview.questions[index],
              code,
              language,
              ...(custom && { custom_input: custom }),
            })
          }
          onClose={() => setPreview(null)}
        />
      ) : null}
      <ConfirmDialog
        open={leaving.state === 'blocked'}
        title="Leave without saving?"
        confirmLabel="Leave without saving"
        cancelLabel="Stay and keep editing"
        danger
        onConfirm={() => {
          forgetStash(userId, id)
          leaving.proceed?.()
        }}
        onCancel={() => leaving.reset?.()}
      >
        <p>Your changes to this assessment are not saved. If you leave now, they are lost.</p>
      </ConfirmDialog>
    </main>
  )
}
