import { TEST_VERDICT_LABELS } from '@assess/core'
import { formatDuration, formatNumber, json } from '../format.ts'
import { Badge } from '../ui.tsx'
import { arr, type JsonObject, num, obj, str } from './json.ts'

type Option = { id: string; text: string }

/** The grader's feedback for one answer, by question type. */
export function AnswerFeedback({
  type,
  feedback,
  options,
}: {
  type: string
  feedback: JsonObject
  options?: Option[]
}) {
  return (
    <>
      {type === 'mcq' ? <McqFeedback f={feedback} options={options} /> : null}
      {type === 'short_answer' ? <ShortAnswerFeedback f={feedback} /> : null}
      {type === 'code' ? <CodeFeedback f={feedback} /> : null}
      <Injection value={feedback.injection_suspected} />
    </>
  )
}

const part = (p: JsonObject) => `${formatNumber(num(p.score))} / ${formatNumber(num(p.max))}`

function Injection({ value }: { value: unknown }) {
  if (!value) return null
  const reasons = Array.isArray(value) ? value.map(str).filter(Boolean) : [str(obj(value).reason)]
  return (
    <p className="warning">
      <strong>Possible prompt injection in the answer.</strong>{' '}
      {reasons.filter(Boolean).join('; ') || 'Check the answer text.'}
    </p>
  )
}

function McqFeedback({ f, options }: { f: JsonObject; options?: Option[] }) {
  const textOf = (id: string) => options?.find((o) => o.id === id)?.text ?? id
  const correct = arr(f.correct_option_ids).map(str)
  return (
    <ul className="r-compact">
      <li>
        Rule:{' '}
        {f.rule === 'partial_credit' ? 'partial credit (several correct options)' : 'single answer'}
      </li>
      <li>
        Correct option{correct.length === 1 ? '' : 's'}: {correct.map(textOf).join(', ') || '—'}
      </li>
      <li>
        Chose {formatNumber(num(f.selected_correct))} correct and{' '}
        {formatNumber(num(f.selected_wrong))} wrong
      </li>
    </ul>
  )
}

function Words({ words, tone }: { words: string[]; tone: 'ok' | 'danger' }) {
  if (!words.length) return <span className="muted">none</span>
  return (
    <span className="r-words">
      {words.map((w) => (
        <Badge key={w} tone={tone}>
          {w}
        </Badge>
      ))}
    </span>
  )
}

function ShortAnswerFeedback({ f }: { f: JsonObject }) {
  const keyword = obj(f.keyword)
  const semantic = obj(f.semantic)
  const method = str(semantic.method)
  const strengths = arr(f.strengths).map(str).filter(Boolean)
  const improvements = arr(f.improvements).map(str).filter(Boolean)
  return (
    <div className="r-feedback">
      <h5>
        Keywords: {part(keyword)}{' '}
        <span className="muted">
          ({formatNumber(num(keyword.found_count))} of {formatNumber(num(keyword.total))} found)
        </span>
      </h5>
      <p>
        Found: <Words words={arr(keyword.found).map(str)} tone="ok" />
      </p>
      <p>
        Missing: <Words words={arr(keyword.missing).map(str)} tone="danger" />
      </p>
      <h5>
        Meaning: {part(semantic)}{' '}
        <span className="muted">
          (
          {method === 'llm'
            ? 'graded by a model'
            : method === 'heuristic'
              ? 'local heuristic, no AI model'
              : method || 'not graded'}
          )
        </span>
      </h5>
      {str(semantic.reasoning) ? <p className="r-prewrap">{str(semantic.reasoning)}</p> : null}
      {strengths.length || improvements.length ? (
        <ul className="r-compact">
          {strengths.map((t) => (
            <li key={`s-${t}`}>
              <span className="ok">+</span> {t}
            </li>
          ))}
          {improvements.map((t) => (
            <li key={`i-${t}`}>
              <span className="warning">−</span> {t}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

const VERDICTS: Record<string, string> = TEST_VERDICT_LABELS

function CodeFeedback({ f }: { f: JsonObject }) {
  const tests = obj(f.tests)
  const cases = arr(tests.cases).map(obj)
  const review = obj(f.review)
  const reviewStrengths = arr(review.strengths).map(str).filter(Boolean)
  const reviewImprovements = arr(review.improvements).map(str).filter(Boolean)
  const stdout = str(f.stdout)
  const notRun = str(f.error)
  const compileOutput = str(f.compile_output)
  // A stdio test's input, expected and actual outputs are text: shown as text, not as JSON.
  const shown = (value: unknown) =>
    typeof value === 'string' ? (
      <pre className="r-pre-inline">{value}</pre>
    ) : (
      <code>{json(value)}</code>
    )
  return (
    <div className="r-feedback">
      {notRun ? <p className="warning">The code was not run: {notRun}</p> : null}
      {compileOutput ? (
        <>
          <p className="warning">The code did not compile, so no test ran:</p>
          <pre className="r-pre">{compileOutput}</pre>
        </>
      ) : null}
      {f.tests ? (
        <>
          <h5>
            Tests: {formatNumber(num(tests.passed))} of {formatNumber(num(tests.total))} passed ·{' '}
            {part(tests)} points
            {str(tests.isolation) ? (
              <span className="muted"> · sandbox: {str(tests.isolation)}</span>
            ) : null}
          </h5>
          <div className="table-wrap">
            <table className="r-tests">
              <caption className="r-sr-only">Test verdicts</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Input</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Actual</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">Error</th>
                  <th scope="col">Time</th>
                </tr>
              </thead>
              <tbody>
                {cases.map((c, i) => {
                  const verdict = str(c.verdict)
                  return (
                    <tr key={`${str(c.kind)}-${num(c.index) ?? i}`}>
                      <td>{(num(c.index) ?? i) + 1}</td>
                      <td>{str(c.kind) === 'hidden' ? 'hidden' : 'sample'}</td>
                      <td>{shown(c.input)}</td>
                      <td>{shown(c.expected)}</td>
                      <td>{verdict === 'passed' || c.actual !== null ? shown(c.actual) : '—'}</td>
                      <td>
                        <Badge tone={verdict === 'passed' ? 'ok' : 'danger'}>
                          {VERDICTS[verdict] ?? (verdict || '—')}
                        </Badge>
                      </td>
                      <td className="r-error-cell">{str(c.error) || '—'}</td>
                      <td className="r-nowrap">{formatDuration(num(c.duration_ms))}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <h5>
        Code review
        {str(review.method) === 'none' ? (
          <span className="muted"> (no AI model: the tests carry the score)</span>
        ) : (
          <>
            : {part(review)}
            {num(review.out_of_10) !== null ? (
              <span className="muted"> ({formatNumber(num(review.out_of_10))}/10)</span>
            ) : null}
          </>
        )}
      </h5>
      {str(review.summary) && str(review.method) !== 'none' ? (
        <p className="r-prewrap">{str(review.summary)}</p>
      ) : null}
      {reviewStrengths.length || reviewImprovements.length ? (
        <ul className="r-compact">
          {reviewStrengths.map((t) => (
            <li key={`s-${t}`}>
              <span className="ok">+</span> {t}
            </li>
          ))}
          {reviewImprovements.map((t) => (
            <li key={`i-${t}`}>
              <span className="warning">−</span> {t}
            </li>
          ))}
        </ul>
      ) : null}
      {stdout ? (
        <details>
          <summary>Console output</summary>
          <pre className="r-pre">{stdout}</pre>
        </details>
      ) : null}
    </div>
  )
}
