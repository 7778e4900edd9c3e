import {
  CODE_LANGUAGE_LABELS,
  CodeLanguage,
  FUNCTION_STYLE_LANGUAGES,
  type OutputComparison,
  type TestStyle,
  TYPED_FUNCTION_LANGUAGES,
} from '@assess/core'
import { useState } from 'react'
import { Markdown } from '../../ui/Markdown.tsx'
import { questionTypeLabel } from '../format.ts'
import { Field, FieldErrors } from '../ui.tsx'
import {
  type Difficulty,
  defaultStarter,
  errorsAt,
  type FieldErrorMap,
  friendly,
  newOption,
  type OptionDraft,
  type QuestionDraft,
  restyledBoilerplates,
} from './model.ts'
import { TestCasesTable } from './TestCasesTable.tsx'

interface Props {
  question: QuestionDraft
  index: number
  count: number
  errors: FieldErrorMap
  onChange: (patch: Partial<QuestionDraft>) => void
  onMove: (direction: -1 | 1) => void
  onRemove: () => void
}

/** One question: the common fields, then the fields of its type. */
export function QuestionEditor({
  question: q,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: Props) {
  const at = (...fields: string[]) =>
    errorsAt(errors, ...fields.map((f) => `questions.${index}.${f}`))
  const text = (key: keyof QuestionDraft) => (e: { target: { value: string } }) =>
    onChange({ [key]: e.target.value } as Partial<QuestionDraft>)

  return (
    <fieldset className="r-question card" data-qkey={q.key}>
      <legend>
        Question {index + 1} · {questionTypeLabel(q.type)}
      </legend>
      <div className="row r-question-tools">
        <button
          type="button"
          className="secondary"
          data-action="up"
          disabled={index === 0}
          onClick={() => onMove(-1)}
        >
          Move up<span className="r-sr-only"> question {index + 1}</span>
        </button>
        <button
          type="button"
          className="secondary"
          data-action="down"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
        >
          Move down<span className="r-sr-only"> question {index + 1}</span>
        </button>
        <span className="spacer" />
        <button type="button" className="secondary r-danger-text" onClick={onRemove}>
          Remove question<span className="r-sr-only"> {index + 1}</span>
        </button>
      </div>
      <FieldErrors errors={at('type')} />
      <Field
        label="Prompt"
        hint="Markdown: **bold**, *italic*, `code`, ``` code blocks, lists, tables and links."
        errors={at('prompt')}
      >
        {(p) => (
          <textarea
            {...p}
            data-field="prompt"
            rows={4}
            value={q.prompt}
            onChange={text('prompt')}
          />
        )}
      </Field>
      {q.prompt.trim() ? (
        <details className="r-preview" open>
          <summary>Preview: what candidates see</summary>
          <Markdown text={q.prompt} className="t-prompt" />
        </details>
      ) : null}
      <div className="r-grid">
        <Field label="Points" errors={at('points')}>
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={1}
              max={1000}
              step={1}
              value={q.points}
              onChange={text('points')}
            />
          )}
        </Field>
        <Field
          label="Time limit (seconds)"
          hint="Empty: no limit for this question."
          errors={at('time_limit_seconds')}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={5}
              step={1}
              value={q.time_limit_seconds}
              onChange={text('time_limit_seconds')}
            />
          )}
        </Field>
        <Field label="Section" hint="Optional, e.g. “Databases”." errors={at('section')}>
          {(p) => <input {...p} value={q.section} onChange={text('section')} />}
        </Field>
        <Field label="Difficulty" errors={at('difficulty')}>
          {(p) => (
            <select
              {...p}
              value={q.difficulty}
              onChange={(e) => onChange({ difficulty: e.target.value as Difficulty })}
            >
              <option value="">Not set</option>
              <option value="easy">Easy</option>
              <option value="medium">Medium</option>
              <option value="hard">Hard</option>
            </select>
          )}
        </Field>
      </div>
      <Field label="Tags" hint="Comma separated, optional." errors={at('tags')}>
        {(p) => <input {...p} value={q.tags} onChange={text('tags')} />}
      </Field>
      {q.type === 'mcq' ? (
        <McqFields q={q} index={index} errors={errors} onChange={onChange} />
      ) : q.type === 'short_answer' ? (
        <>
          <Field
            label="Expected keywords"
            hint="Comma separated: the ideas a good answer names."
            errors={at('expected_keywords')}
          >
            {(p) => (
              <input {...p} value={q.expected_keywords} onChange={text('expected_keywords')} />
            )}
          </Field>
          <Field
            label="Reference answer"
            hint="A model answer; candidates never see it."
            errors={at('reference_answer')}
          >
            {(p) => (
              <textarea
                {...p}
                rows={4}
                value={q.reference_answer}
                onChange={text('reference_answer')}
              />
            )}
          </Field>
          <Field label="Rubric" hint="Optional: how to award the points." errors={at('rubric')}>
            {(p) => <textarea {...p} rows={3} value={q.rubric} onChange={text('rubric')} />}
          </Field>
        </>
      ) : (
        <CodeFields q={q} at={at} onChange={onChange} text={text} />
      )}
    </fieldset>
  )
}

function McqFields({
  q,
  index,
  errors,
  onChange,
}: {
  q: QuestionDraft
  index: number
  errors: FieldErrorMap
  onChange: (patch: Partial<QuestionDraft>) => void
}) {
  const p = `questions.${index}`
  const setOption = (key: string, patch: Partial<OptionDraft>) =>
    onChange({ options: q.options.map((o) => (o.key === key ? { ...o, ...patch } : o)) })
  const groupErrors = [
    ...(errors[`${p}.options`] ?? []).map((m) => friendly(m, `${p}.options`)),
    ...errorsAt(errors, `${p}.correct_option_ids`),
  ]
  return (
    <fieldset className="r-options">
      <legend>Options</legend>
      <p className="muted r-hint">
        Tick every correct option: one for a single answer, more for several.
      </p>
      {q.options.map((o, i) => (
        <div className="r-option-row" key={o.key}>
          <Field
            label={`Option ${i + 1}`}
            errors={errorsAt(errors, `${p}.options.${i}.text`, `${p}.options.${i}.id`)}
          >
            {(props) => (
              <input
                {...props}
                data-option-input
                value={o.text}
                onChange={(e) => setOption(o.key, { text: e.target.value })}
              />
            )}
          </Field>
          <label className="r-check">
            <input
              type="checkbox"
              checked={o.correct}
              // Named by its option: a list of boxes all called "Correct" says nothing.
              aria-label={`Correct: ${o.text.trim() || `option ${i + 1}`}`}
              onChange={(e) => setOption(o.key, { correct: e.target.checked })}
            />
            Correct
          </label>
          <button
            type="button"
            className="secondary"
            disabled={q.options.length <= 2}
            onClick={() => onChange({ options: q.options.filter((x) => x.key !== o.key) })}
          >
            Remove<span className="r-sr-only"> option {i + 1}</span>
          </button>
        </div>
      ))}
      <FieldErrors errors={groupErrors} />
      <button
        type="button"
        className="secondary"
        disabled={q.options.length >= 20}
        onClick={(e) => {
          const fieldset = e.currentTarget.closest('fieldset')
          onChange({ options: [...q.options, newOption(q.options)] })
          // Straight to the new option's text, for keyboard users.
          requestAnimationFrame(() => {
            const inputs = fieldset?.querySelectorAll<HTMLInputElement>('[data-option-input]')
            inputs?.[inputs.length - 1]?.focus()
          })
        }}
      >
        Add option
      </button>
    </fieldset>
  )
}

function CodeFields({
  q,
  at,
  onChange,
  text,
}: {
  q: QuestionDraft
  at: (...fields: string[]) => string[]
  onChange: (patch: Partial<QuestionDraft>) => void
  text: (key: keyof QuestionDraft) => (e: { target: { value: string } }) => void
}) {
  const functionStyle = q.style === 'function'
  const changeStyle = (style: TestStyle) => {
    // Function style runs JavaScript, TypeScript and Python only (for now): keep those.
    const languages =
      style === 'function'
        ? q.languages.filter((l) => FUNCTION_STYLE_LANGUAGES.includes(l))
        : q.languages
    const kept = languages.length > 0 ? languages : (['javascript'] as CodeLanguage[])
    onChange({
      style,
      languages: kept,
      boilerplates: restyledBoilerplates(
        { ...q, languages: kept },
        { style, entry_point: q.entry_point },
      ),
    })
  }
  const toggleLanguage = (language: CodeLanguage, on: boolean) => {
    const languages = on ? [...q.languages, language] : q.languages.filter((l) => l !== language)
    if (languages.length === 0) return // at least one: the last box stays checked
    onChange({
      languages,
      boilerplates: on
        ? {
            ...q.boilerplates,
            [language]: q.boilerplates[language] ?? defaultStarter(q, language),
          }
        : q.boilerplates,
    })
  }
  const perLanguage = (field: 'boilerplates' | 'sample_solutions', language: CodeLanguage) => ({
    value: q[field][language] ?? '',
    onChange: (e: { target: { value: string } }) =>
      onChange({ [field]: { ...q[field], [language]: e.target.value } }),
  })
  const testShape = functionStyle
    ? '[{"input": [arguments…], "expected": value, "weight"?: number}]'
    : '[{"stdin": "text", "expected_stdout": "text", "weight"?: number}]'
  const testShapeHint = functionStyle
    ? 'Arguments are a JSON array; the expected result is any JSON value.'
    : 'Input and expected output are plain text.'
  const [testsView, setTestsView] = useState<'table' | 'json'>('table')
  return (
    <>
      <div className="r-grid">
        <Field
          label="Test style"
          hint={
            functionStyle
              ? 'The tests call a function with JSON arguments.'
              : 'The program reads each test’s input and prints its answer.'
          }
          errors={at('style')}
        >
          {(p) => (
            <select
              {...p}
              value={q.style}
              onChange={(e) => changeStyle(e.target.value as TestStyle)}
            >
              <option value="function">Function (JSON in, JSON out)</option>
              <option value="stdio">Program (standard input → standard output)</option>
            </select>
          )}
        </Field>
        {functionStyle ? (
          <Field
            label="Entry point"
            hint="The function the tests call, e.g. twoSum."
            errors={at('entry_point')}
          >
            {(p) => (
              <input
                {...p}
                className="r-mono"
                spellCheck={false}
                autoCapitalize="off"
                autoComplete="off"
                value={q.entry_point}
                onChange={(e) => {
                  const entry_point = e.target.value
                  onChange({
                    entry_point,
                    boilerplates: restyledBoilerplates(q, { entry_point }),
                  })
                }}
              />
            )}
          </Field>
        ) : (
          <Field
            label="Output comparison"
            hint="How a program's output is compared with the expected output."
            errors={at('comparison')}
          >
            {(p) => (
              <select
                {...p}
                value={q.comparison}
                onChange={(e) => onChange({ comparison: e.target.value as OutputComparison })}
              >
                <option value="trim">Ignore trailing spaces and newlines</option>
                <option value="tokens">Words and numbers (numbers within 1e-6)</option>
                <option value="exact">Exactly, byte for byte</option>
              </select>
            )}
          </Field>
        )}
      </div>
      <fieldset className="r-languages">
        <legend>Languages candidates may answer in</legend>
        {functionStyle ? (
          <p className="muted r-small">
            Function-style tests run every language but C (Java, C#, C++, Go and Rust with a
            signature); choose the program style for C.
          </p>
        ) : null}
        {CodeLanguage.options.map((language) => {
          const allowed = !functionStyle || FUNCTION_STYLE_LANGUAGES.includes(language)
          return (
            <label key={language} className="r-check">
              <input
                type="checkbox"
                checked={q.languages.includes(language)}
                disabled={!allowed}
                onChange={(e) => toggleLanguage(language, e.target.checked)}
              />{' '}
              {CODE_LANGUAGE_LABELS[language]}
            </label>
          )
        })}
        <FieldErrors errors={at('languages')} />
      </fieldset>
      {functionStyle && q.languages.some((l) => TYPED_FUNCTION_LANGUAGES.includes(l)) ? (
        <CodeField
          label="Signature (JSON)"
          hint="Java, C#, C++, Go and Rust need the entry point's types: int, long, double, bool, string, and T[] or T[][] of those. Tests must fit it."
          errors={at('signature')}
          rows={3}
          placeholder={
            '{"params": [{"name": "nums", "type": "int[]"}, {"name": "target", "type": "int"}], "returns": "int[]"}'
          }
          value={q.signature}
          onChange={(e) =>
            onChange({
              signature: e.target.value,
              boilerplates: restyledBoilerplates(q, { signature: e.target.value }),
            })
          }
        />
      ) : null}
      {q.languages.map((language) => (
        <CodeField
          key={`boilerplate-${language}`}
          label={`Starter code: ${CODE_LANGUAGE_LABELS[language]}`}
          hint={
            functionStyle
              ? 'What candidates start from; it must define the entry point.'
              : 'What candidates start from: usually reading the input.'
          }
          errors={at('boilerplate', language).concat(at('boilerplate'))}
          rows={6}
          {...perLanguage('boilerplates', language)}
        />
      ))}
      <fieldset className="r-tests-field">
        <legend>Tests</legend>
        <p className="muted r-hint">
          Sample tests are shown to candidates; hidden ones never are. Every test decides the score
          by its weight (1 unless set). {testShapeHint}
        </p>
        <div className="row r-view-toggle">
          <label className="r-check">
            <input
              type="radio"
              name={`tests-view-${q.key}`}
              checked={testsView === 'table'}
              onChange={() => setTestsView('table')}
            />
            Table
          </label>
          <label className="r-check">
            <input
              type="radio"
              name={`tests-view-${q.key}`}
              checked={testsView === 'json'}
              onChange={() => setTestsView('json')}
            />
            JSON
          </label>
        </div>
        {testsView === 'table' ? (
          <>
            <TestCasesTable
              style={q.style}
              sample={q.sample_tests}
              hidden={q.hidden_tests}
              entryPoint={q.entry_point}
              onChange={({ sample, hidden }) =>
                onChange({ sample_tests: sample, hidden_tests: hidden })
              }
            />
            <FieldErrors errors={at('sample_test_cases').concat(at('test_cases'))} />
          </>
        ) : (
          <>
            <CodeField
              label="Sample tests (JSON)"
              hint={`Shown to candidates. A JSON array: ${testShape}`}
              errors={at('sample_test_cases')}
              rows={4}
              placeholder={
                functionStyle
                  ? '[\n  {"input": [[2, 7, 11, 15], 9], "expected": [0, 1]}\n]'
                  : '[\n  {"stdin": "4\\n2 7 11 15\\n9\\n", "expected_stdout": "0 1\\n"}\n]'
              }
              value={q.sample_tests}
              onChange={text('sample_tests')}
            />
            <CodeField
              label="Hidden tests (JSON)"
              hint="Never shown to candidates; they decide the score. Same shape, at least one test."
              errors={at('test_cases')}
              rows={5}
              placeholder={
                functionStyle
                  ? '[\n  {"input": [[3, 2, 4], 6], "expected": [1, 2]}\n]'
                  : '[\n  {"stdin": "3\\n3 2 4\\n6\\n", "expected_stdout": "1 2\\n"}\n]'
              }
              value={q.hidden_tests}
              onChange={text('hidden_tests')}
            />
          </>
        )}
      </fieldset>
      {q.languages.map((language) => (
        <CodeField
          key={`solution-${language}`}
          label={`Sample solution: ${CODE_LANGUAGE_LABELS[language]}`}
          hint="Optional. Never shown to candidates."
          errors={at('sample_solution', language).concat(at('sample_solution'))}
          rows={6}
          {...perLanguage('sample_solutions', language)}
        />
      ))}
      <Field
        label="Evaluation criteria"
        hint="Optional: what the code review looks for (complexity, clarity, edge cases)."
        errors={at('evaluation_criteria')}
      >
        {(p) => (
          <textarea
            {...p}
            rows={3}
            value={q.evaluation_criteria}
            onChange={text('evaluation_criteria')}
          />
        )}
      </Field>
    </>
  )
}

/** A monospace textarea field (code, JSON test cases). */
function CodeField(props: {
  label: string
  hint: string
  errors: readonly string[] | undefined
  rows: number
  placeholder?: string
  value: string
  onChange: (e: { target: { value: string } }) => void
}) {
  return (
    <Field label={props.label} hint={props.hint} errors={props.errors}>
      {(p) => (
        <textarea
          {...p}
          className="r-mono"
          spellCheck={false}
          rows={props.rows}
          placeholder={props.placeholder}
          value={props.value}
          onChange={props.onChange}
        />
      )}
    </Field>
  )
}
