import {
  type CandidateQuestionView,
  type CodeLanguage,
  type CustomInput,
  type SampleRunResult,
  signatureIn,
} from '@assess/core'
import { type KeyboardEvent, type ReactNode, useId, useRef, useState } from 'react'
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx'
import {
  boilerplateOf,
  type CodeDraft,
  LANGUAGE_NAMES,
  languagesOf,
  switchLanguage,
} from './answers.ts'
import { CodeEditor } from './CodeEditor.tsx'
import { CodeRuns, show } from './CodeRuns.tsx'

/** A setting this browser remembers for every test (best effort: storage may be off). */
function usePreference<T extends string | number | boolean>(key: string, initial: T) {
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = localStorage.getItem(`assess.${key}`)
      return stored === null ? initial : (JSON.parse(stored) as T)
    } catch {
      return initial
    }
  })
  const set = (next: T) => {
    setValue(next)
    try {
      localStorage.setItem(`assess.${key}`, JSON.stringify(next))
    } catch {}
  }
  return [value, set] as const
}

const SPLIT_MIN = 25
const SPLIT_MAX = 75

/**
 * The problem beside the editor on a wide screen, the divider between them draggable (or moved
 * with the arrow keys); stacked on a narrow one, where the divider is hidden.
 */
export function SplitPanes(props: { problem: ReactNode; workspace: ReactNode }) {
  const [split, setSplit] = usePreference<number>('split', 42)
  const box = useRef<HTMLDivElement>(null)
  const clamp = (n: number) => Math.round(Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, n)))
  const drag = (e: React.PointerEvent<HTMLDivElement>) => {
    const rect = box.current?.getBoundingClientRect()
    if (!rect) return
    e.currentTarget.setPointerCapture(e.pointerId)
    const move = (ev: PointerEvent) =>
      setSplit(clamp(((ev.clientX - rect.left) / rect.width) * 100))
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }
  const keys = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 10 : 2
    if (e.key === 'ArrowLeft') setSplit(clamp(split - step))
    else if (e.key === 'ArrowRight') setSplit(clamp(split + step))
    else if (e.key === 'Home') setSplit(SPLIT_MIN)
    else if (e.key === 'End') setSplit(SPLIT_MAX)
    else return
    e.preventDefault()
  }
  return (
    <div ref={box} className="t-split" style={{ '--t-split': `${split}%` } as React.CSSProperties}>
      <div className="t-pane t-problem">{props.problem}</div>
      {/* biome-ignore lint/a11y/useSemanticElements: a movable divider is a focusable separator (WAI-ARIA window splitter) */}
      <div
        className="t-splitter"
        role="separator"
        aria-orientation="vertical"
        aria-label="Width of the problem and the editor"
        aria-valuemin={SPLIT_MIN}
        aria-valuemax={SPLIT_MAX}
        aria-valuenow={split}
        tabIndex={0}
        onPointerDown={drag}
        onKeyDown={keys}
      />
      <div className="t-pane t-workspace">{props.workspace}</div>
    </div>
  )
}

/** The sample tests, with the problem: what the code is expected to do. */
export function SampleTests({ question: q }: { question: CandidateQuestionView }) {
  const samples = q.sample_test_cases ?? []
  if (samples.length === 0) return null
  return (
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
  )
}

/** The language, line wrap and reset; the editor; the runs. */
export function CodeWorkspace(props: {
  question: CandidateQuestionView
  value: CodeDraft
  disabled: boolean
  onChange(answer: CodeDraft): void
  runSamples(code: string, language: CodeLanguage, custom?: CustomInput): Promise<SampleRunResult>
}) {
  const { question: q, value } = props
  const hintId = useId()
  const pickerId = useId()
  const [wrap, setWrap] = usePreference<boolean>('wrap', false)
  const [resetting, setResetting] = useState(false)
  const editor = useRef<{ replace(text: string): void }>(null)
  const languages = languagesOf(q)
  const language = languages.includes(value.language)
    ? value.language
    : (languages[0] ?? 'javascript')
  const stdio = q.style === 'stdio'
  return (
    <div className="t-code">
      <div className="t-toolbar">
        <p className="t-lang">
          {languages.length > 1 ? (
            <>
              <label htmlFor={pickerId}>Language</label>{' '}
              <select
                id={pickerId}
                value={language}
                disabled={props.disabled}
                onChange={(e) =>
                  props.onChange(
                    switchLanguage(q, { ...value, language }, e.target.value as CodeLanguage),
                  )
                }
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
              · write{' '}
              <code>
                {q.signature ? signatureIn(language, q.entry_point, q.signature) : q.entry_point}
              </code>
            </>
          ) : null}
        </p>
        <label className="t-check t-wrap">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          Wrap long lines
        </label>
        <button
          type="button"
          className="link"
          disabled={props.disabled}
          onClick={() => setResetting(true)}
        >
          Reset to starter code
        </button>
      </div>
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
        wrap={wrap}
        handle={editor}
        onChange={(code) => props.onChange({ ...value, language, code })}
      />
      <CodeRuns
        // The last run's results were of the other language's code.
        key={language}
        question={q}
        disabled={props.disabled}
        run={(custom) => props.runSamples(value.code, language, custom)}
      />
      <ConfirmDialog
        open={resetting}
        title="Reset to the starter code?"
        confirmLabel="Reset"
        cancelLabel="Keep my code"
        onConfirm={() => {
          editor.current?.replace(boilerplateOf(q, language))
          setResetting(false)
        }}
        onCancel={() => setResetting(false)}
      >
        <p>
          Your {LANGUAGE_NAMES[language]} code is replaced by the starter code. Ctrl+Z in the editor
          brings it back.
        </p>
      </ConfirmDialog>
    </div>
  )
}
