import type { CandidateQuestionView, CustomInput, SampleRunResult } from '@assess/core'
import { TEST_VERDICT_LABELS } from '@assess/core'
import { useEffect, useId, useState } from 'react'
import { ApiError } from '../api/client.ts'
import { describeError } from '../ui/states.tsx'
import { isApiError } from './api.ts'

export type RunCode = (custom?: CustomInput) => Promise<SampleRunResult>

const VERDICTS: Record<string, string> = TEST_VERDICT_LABELS
const STATUS: Record<string, string> = { ...VERDICTS, ok: 'Ran' }

export const show = (v: unknown) => {
  if (v === undefined) return '—'
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

/** What the custom input box starts with: the first sample's input, so its shape is clear. */
function starterInput(q: CandidateQuestionView): string {
  const [first] = q.sample_test_cases ?? []
  if (q.style === 'stdio') return first && 'stdin' in first ? first.stdin : ''
  return first && 'input' in first ? JSON.stringify(first.input) : '[]'
}

/** Seconds left until `until` (ms since the epoch), ticking; 0 once passed. */
function useSecondsUntil(until: number | null): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (until === null) return
    setNow(Date.now())
    const id = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(id)
  }, [until])
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000))
}

/**
 * "Run sample tests" and "Run with custom input": the server runs the code (nothing is
 * stored). While runs are rate-limited the last results stay on screen, with a countdown.
 */
export function CodeRuns(props: {
  question: CandidateQuestionView
  disabled: boolean
  run: RunCode
}) {
  const { question: q } = props
  const stdio = q.style === 'stdio'
  const inputId = useId()
  const [customText, setCustomText] = useState(() => starterInput(q))
  const [last, setLast] = useState<SampleRunResult | null>(null)
  const [pending, setPending] = useState<'samples' | 'custom' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [limitedUntil, setLimitedUntil] = useState<number | null>(null)
  const wait = useSecondsUntil(limitedUntil)
  const limited = wait > 0

  const start = async (custom?: CustomInput) => {
    setPending(custom ? 'custom' : 'samples')
    setError(null)
    try {
      setLast(await props.run(custom))
    } catch (e) {
      if (isApiError(e, 'rate_limited')) {
        const seconds = e instanceof ApiError ? Number(e.details.retry_after_seconds) : Number.NaN
        setLimitedUntil(Date.now() + (Number.isFinite(seconds) ? seconds : 30) * 1000)
      } else if (isApiError(e, 'code_runner_unavailable'))
        setError('The code runner is not available right now. Your code is still saved.')
      else setError(describeError(e))
    } finally {
      setPending(null)
    }
  }

  const runCustom = () => {
    if (stdio) return void start({ stdin: customText })
    let args: unknown
    try {
      args = JSON.parse(customText)
    } catch {
      args = null
    }
    if (!Array.isArray(args))
      return setError('Write the arguments as a JSON array, for example [[2, 7, 11, 15], 9].')
    void start({ args })
  }

  const busy = props.disabled || pending !== null || limited
  return (
    <div className="t-runs">
      <div className="row t-run-row">
        <button type="button" className="secondary" onClick={() => void start()} disabled={busy}>
          Run sample tests
        </button>
        {pending ? <span className="muted">Running…</span> : null}
      </div>
      <details className="t-custom">
        <summary>Run with custom input</summary>
        <label htmlFor={inputId}>
          {stdio ? 'Standard input' : `Arguments of ${q.entry_point ?? 'the function'}, as JSON`}
        </label>
        <textarea
          id={inputId}
          className="t-custom-input"
          rows={stdio ? 4 : 2}
          spellCheck={false}
          value={customText}
          disabled={props.disabled}
          onChange={(e) => setCustomText(e.target.value)}
        />
        <div className="row t-run-row">
          <button type="button" className="secondary" onClick={runCustom} disabled={busy}>
            Run with this input
          </button>
        </div>
      </details>
      <div className="t-run-results" aria-live="polite">
        {limited ? (
          <p className="warning">
            Too many runs for now: you can run again in {wait} s. The last results stay below.
          </p>
        ) : null}
        {error ? <p className="error">{error}</p> : null}
        {last?.custom ? (
          <CustomResult result={last} stdio={stdio} entry={q.entry_point} />
        ) : last ? (
          <RunResults result={last} entry={q.entry_point} stdio={stdio} />
        ) : null}
      </div>
    </div>
  )
}

function CustomResult(props: {
  result: SampleRunResult
  stdio: boolean
  entry?: string | null | undefined
}) {
  const custom = props.result.custom
  if (!custom) return null
  const ok = custom.status === 'ok'
  const input = custom.input
  return (
    <div className="t-results">
      <p>
        <span className={`badge ${ok ? 'ok' : 'danger'}`}>{STATUS[custom.status]}</span>{' '}
        {'args' in input ? (
          <code>
            {props.entry ?? 'f'}({input.args.map(show).join(', ')})
          </code>
        ) : (
          'Your input'
        )}{' '}
        <span className="muted">({Math.round(custom.duration_ms)} ms)</span>
      </p>
      {props.result.compile_output ? (
        <div className="t-compile">
          <p className="error">The code did not compile:</p>
          <pre className="t-pre">{props.result.compile_output}</pre>
        </div>
      ) : null}
      {ok ? (
        props.stdio ? (
          <>
            <p>Output</p>
            <pre className="t-pre">{String(custom.output ?? '')}</pre>
          </>
        ) : (
          <p>
            Returned <code>{show(custom.output)}</code>
          </p>
        )
      ) : null}
      {custom.error ? <pre className="t-pre">{custom.error}</pre> : null}
      {props.result.stdout && !props.stdio ? (
        <details>
          <summary>Console output</summary>
          <pre className="t-pre">{props.result.stdout}</pre>
        </details>
      ) : null}
    </div>
  )
}

function RunResults({
  result,
  entry,
  stdio,
}: {
  result: SampleRunResult
  entry?: string | null | undefined
  stdio: boolean
}) {
  const passed = result.results.filter((r) => r.verdict === 'passed').length
  const call = (input: unknown, index: number) =>
    stdio
      ? `Sample ${index + 1}`
      : `${entry ?? 'f'}(${Array.isArray(input) ? input.map(show).join(', ') : ''})`
  const shown = (v: unknown) =>
    stdio ? <pre className="t-pre">{String(v ?? '')}</pre> : <code>{show(v)}</code>
  return (
    <div className="t-results">
      <p>
        <strong>
          {passed} of {result.results.length} sample tests passed
        </strong>
      </p>
      {result.compile_output ? (
        <div className="t-compile">
          <p className="error">The code did not compile:</p>
          <pre className="t-pre">{result.compile_output}</pre>
        </div>
      ) : null}
      <ol className="t-verdicts">
        {result.results.map((r) => (
          <li key={r.index} className={r.verdict === 'passed' ? 't-pass' : 't-fail'}>
            <span className={`badge ${r.verdict === 'passed' ? 'ok' : 'danger'}`}>
              {VERDICTS[r.verdict] ?? r.verdict}
            </span>{' '}
            <code>{call(r.input, r.index)}</code>{' '}
            <span className="muted">({Math.round(r.duration_ms)} ms)</span>
            {r.verdict !== 'passed' && r.verdict !== 'compile_error' ? (
              <div className="t-verdict-detail">
                {stdio ? <>Input {shown(r.input)}</> : null}
                Expected {shown(r.expected)}, got {shown(r.actual)}
                {r.error ? <pre className="t-pre">{r.error}</pre> : null}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {result.stdout ? (
        <details>
          <summary>Console output</summary>
          <pre className="t-pre">{result.stdout}</pre>
        </details>
      ) : null}
    </div>
  )
}
