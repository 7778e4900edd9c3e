import type {
  AnswerPayload,
  CandidateQuestionView,
  CodeLanguage,
  CustomInput,
  SampleRunResult,
} from '@assess/core'
import { type Ref, useId } from 'react'
import { Markdown } from '../ui/Markdown.tsx'
import type { CodeDraft, McqDraft, TextDraft } from './answers.ts'
import { CodeWorkspace, SampleTests, SplitPanes } from './CodeWorkspace.tsx'
import { describeDuration } from './countdown.ts'

const MAX_TEXT = 20_000

export interface QuestionViewProps {
  question: CandidateQuestionView
  total: number
  answer: AnswerPayload
  /** Inputs locked: submitted (waiting for the server), or the test is held elsewhere. */
  locked: boolean
  flagged: boolean
  /** This question's submit is queued: say why nothing moves yet. */
  submitQueued: 'no' | 'sending' | 'waiting'
  headingRef: Ref<HTMLHeadingElement>
  onChange(answer: AnswerPayload): void
  onToggleFlag(): void
  onSubmit(): void
  runSamples(code: string, language: CodeLanguage, custom?: CustomInput): Promise<SampleRunResult>
}

/** One question: its prompt, the input its type needs, flag and submit. */
export function QuestionView(p: QuestionViewProps) {
  const q = p.question
  const headingId = useId()
  const meta = [
    q.section,
    `${q.points} ${q.points === 1 ? 'point' : 'points'}`,
    q.time_limit_seconds === null ? null : `${describeDuration(q.time_limit_seconds)} limit`,
  ].filter((s): s is string => s !== null)

  const header = (
    <>
      <h2 id={headingId} ref={p.headingRef} tabIndex={-1} className="t-q-heading">
        Question {q.index + 1} of {p.total}
      </h2>
      <p className="muted t-q-meta">{meta.join(' · ')}</p>
      <Markdown text={q.prompt} className="t-prompt" />
    </>
  )
  const finish = (
    <>
      <div className="t-flag-row">
        <label className="t-check">
          <input
            type="checkbox"
            checked={p.flagged}
            onChange={p.onToggleFlag}
            disabled={p.submitQueued !== 'no'}
          />
          Flag for review
        </label>
      </div>

      <div className="row t-submit-row">
        <button type="button" onClick={p.onSubmit} disabled={p.locked}>
          Submit answer
        </button>
        {p.submitQueued === 'waiting' ? <span className="warning">Waiting to submit…</span> : null}
        {p.submitQueued === 'no' ? (
          <span className="muted t-hint">A submitted answer is final.</span>
        ) : null}
      </div>
    </>
  )

  if (q.type === 'code')
    return (
      <section className="card t-question t-code-question" aria-labelledby={headingId}>
        <SplitPanes
          problem={
            <>
              {header}
              <SampleTests question={q} />
            </>
          }
          workspace={
            <>
              <CodeWorkspace
                question={q}
                value={p.answer as CodeDraft}
                disabled={p.locked}
                onChange={p.onChange}
                runSamples={p.runSamples}
              />
              {finish}
            </>
          }
        />
      </section>
    )

  return (
    <section className="card t-question" aria-labelledby={headingId}>
      {header}
      {q.type === 'mcq' ? (
        <McqInput
          question={q}
          value={p.answer as McqDraft}
          disabled={p.locked}
          onChange={p.onChange}
        />
      ) : null}
      {q.type === 'short_answer' ? (
        <TextInput value={p.answer as TextDraft} disabled={p.locked} onChange={p.onChange} />
      ) : null}
      {finish}
    </section>
  )
}

function McqInput(props: {
  question: CandidateQuestionView
  value: McqDraft
  disabled: boolean
  onChange(answer: McqDraft): void
}) {
  const { question: q, value } = props
  const multiple = q.multiple === true
  const name = `q-${q.id}`
  const chosen = new Set(value.choice_ids)
  const toggle = (id: string, on: boolean) => {
    if (!multiple) return props.onChange({ choice_ids: [id] })
    const next = (q.options ?? []).map((o) => o.id).filter((o) => (o === id ? on : chosen.has(o)))
    props.onChange({ choice_ids: next })
  }
  return (
    <fieldset className="t-options" disabled={props.disabled}>
      <legend>{multiple ? 'Choose all answers that apply' : 'Choose one answer'}</legend>
      {(q.options ?? []).map((o) => (
        <label key={o.id} className="t-option">
          <input
            type={multiple ? 'checkbox' : 'radio'}
            name={name}
            value={o.id}
            checked={chosen.has(o.id)}
            onChange={(e) => toggle(o.id, e.target.checked)}
          />
          <span>{o.text}</span>
        </label>
      ))}
    </fieldset>
  )
}

function TextInput(props: {
  value: TextDraft
  disabled: boolean
  onChange(answer: TextDraft): void
}) {
  const id = useId()
  const count = props.value.text.length
  return (
    <div className="t-field">
      <label htmlFor={id}>Your answer</label>
      <textarea
        id={id}
        value={props.value.text}
        maxLength={MAX_TEXT}
        rows={8}
        disabled={props.disabled}
        aria-describedby={`${id}-count`}
        onChange={(e) => props.onChange({ text: e.target.value })}
      />
      <p id={`${id}-count`} className="muted t-count">
        {count.toLocaleString('en')} {count === 1 ? 'character' : 'characters'}
        {count > MAX_TEXT * 0.9 ? ` (at most ${MAX_TEXT.toLocaleString('en')})` : ''}
      </p>
    </div>
  )
}
