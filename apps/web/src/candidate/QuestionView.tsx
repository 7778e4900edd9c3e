import type {
  AnswerPayload,
  CandidateQuestionView,
  CodeLanguage,
  CustomInput,
  SampleRunResult,
} from '@assess/core'
import { Fragment, type ReactNode, type Ref, useId } from 'react'
import { describeDuration } from '../lib/countdown.ts'
import {
  type CodeDraft,
  LANGUAGE_NAMES,
  languagesOf,
  type McqDraft,
  switchLanguage,
  type TextDraft,
} from './answers.ts'
import { CodeEditor } from './CodeEditor.tsx'
import { CodeRuns, show } from './CodeRuns.tsx'

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

  return (
    <section className="card t-question" aria-labelledby={headingId}>
      <h2 id={headingId} ref={p.headingRef} tabIndex={-1} className="t-q-heading">
        Question {q.index + 1} of {p.total}
      </h2>
      <p className="muted t-q-meta">{meta.join(' · ')}</p>
      <div className="t-prompt">
        <Prompt text={q.prompt} />
      </div>

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
      {q.type === 'code' ? (
        <CodeInput
          question={q}
          value={p.answer as CodeDraft}
          disabled={p.locked}
          onChange={p.onChange}
          runSamples={p.runSamples}
        />
      ) : null}

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
    </section>
  )
}

/** The prompt as written: paragraphs kept, `inline code` and ``` blocks shown as code. */
function Prompt({ text }: { text: string }) {
  const parts = text.split(/```[^\n]*\n?/)
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the prompt never reorders
          <pre key={i} className="t-pre">
            <code>{part.replace(/\n$/, '')}</code>
          </pre>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the prompt never reorders
          <p key={i} className="t-prose">
            {inlineCode(part.trim())}
          </p>
        ),
      )}
    </>
  )
}

function inlineCode(text: string): ReactNode[] {
  return text.split('`').map((chunk, i) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: static text
    i % 2 === 1 ? <code key={i}>{chunk}</code> : <Fragment key={i}>{chunk}</Fragment>,
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

function CodeInput(props: {
  question: CandidateQuestionView
  value: CodeDraft
  disabled: boolean
  onChange(answer: CodeDraft): void
  runSamples(code: string, language: CodeLanguage, custom?: CustomInput): Promise<SampleRunResult>
}) {
  const { question: q, value } = props
  const hintId = useId()
  const pickerId = useId()
  const languages = languagesOf(q)
  const language = languages.includes(value.language)
    ? value.language
    : (languages[0] ?? 'javascript')
  const stdio = q.style === 'stdio'
  const samples = q.sample_test_cases ?? []
  return (
    <div className="t-code">
      <p className="t-lang">
        {languages.length > 1 ? (
          <>
            <label htmlFor={pickerId}>Language</label>{' '}
            <select
              id={pickerId}
              value={language}
              disabled={props.disabled}
              onChange={(e) => {
                props.onChange(
                  switchLanguage(q, { ...value, language }, e.target.value as CodeLanguage),
                )
              }}
            >
              {languages.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </>
        ) : (
          <>
            Language: <strong>{LANGUAGE_NAMES[language]}</strong>
          </>
        )}
        {q.entry_point && !stdio ? (
          <>
            {' '}
            · write <code>{q.entry_point}</code>
          </>
        ) : null}
      </p>
      {stdio ? (
        <p className="muted t-hint">
          A program: it reads each test's input from standard input and prints its answer to
          standard output.
        </p>
      ) : null}
      <p id={hintId} className="muted t-hint">
        Enter keeps the indentation; Ctrl+] and Ctrl+[ indent and outdent (⌘ on a Mac). Tab moves to
        the next control.
      </p>
      <CodeEditor
        key={`${q.id}:${language}`}
        initial={value.code}
        language={language}
        disabled={props.disabled}
        describedBy={hintId}
        onChange={(code) => props.onChange({ ...value, language, code })}
      />

      {samples.length > 0 ? (
        <>
          <h3 className="t-h3">Sample tests</h3>
          <ol className="t-samples">
            {samples.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: samples never reorder
              <li key={i}>
                {'stdin' in t ? (
                  <div className="t-stdio">
                    <span>Input</span>
                    <pre className="t-pre">{t.stdin}</pre>
                    <span>Expected output</span>
                    <pre className="t-pre">{t.expected_stdout}</pre>
                  </div>
                ) : (
                  <>
                    <code>
                      {q.entry_point ?? 'f'}({t.input.map(show).join(', ')})
                    </code>{' '}
                    should return <code>{show(t.expected)}</code>
                  </>
                )}
              </li>
            ))}
          </ol>
        </>
      ) : null}

      <CodeRuns
        // The last run's results were of the other language's code.
        key={language}
        question={q}
        disabled={props.disabled}
        run={(custom) => props.runSamples(value.code, language, custom)}
      />
    </div>
  )
}
