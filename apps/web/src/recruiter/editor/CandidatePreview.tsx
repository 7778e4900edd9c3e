import {
  type AnswerPayload,
  type CandidateQuestionView,
  type CodeLanguage,
  type CustomInput,
  candidateQuestionView,
  QuestionInput,
  type SampleRunResult,
  splitQuestion,
} from '@assess/core'
import { useEffect, useRef, useState } from 'react'
import { initialAnswer } from '../../candidate/answers.ts'
import { QuestionView } from '../../candidate/QuestionView.tsx'

/** The editor's questions as the candidate will see them (the same mapping the API uses). */
export function previewQuestions(questions: unknown[]): CandidateQuestionView[] {
  return questions.map((raw, index) => {
    const { common, spec } = splitQuestion(QuestionInput.parse(raw))
    return candidateQuestionView(
      {
        id: `preview-${index}`,
        section: common.section,
        type: spec.type,
        prompt: common.prompt,
        points: common.points,
        timeLimitSeconds: common.time_limit_seconds,
        spec,
      },
      index,
    )
  })
}

/**
 * "Preview as a candidate": the assessment being edited, question by question, in the
 * candidate's own screens. Nothing is saved or counted: answers stay in this dialog and there
 * is no clock; "Run sample tests" runs the question as it stands on a worker, as in the test.
 */
export function CandidatePreview(props: {
  questions: CandidateQuestionView[]
  /** Question `index` as it stands in the editor, run on a worker like a candidate's run. */
  runSamples(
    index: number,
    code: string,
    language: CodeLanguage,
    custom?: CustomInput,
  ): Promise<SampleRunResult>
  onClose(): void
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const [index, setIndex] = useState(0)
  const [answers, setAnswers] = useState<Record<string, AnswerPayload>>({})
  useEffect(() => {
    const d = dialog.current
    if (d && !d.open) d.showModal()
    return () => d?.close()
  }, [])
  const q = props.questions[index]
  return (
    <dialog
      ref={dialog}
      className="r-preview-dialog"
      aria-labelledby="r-preview-title"
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
    >
      <div className="row r-preview-bar">
        <h2 id="r-preview-title">Preview as a candidate</h2>
        <span className="muted">
          Nothing here is saved or counted; there is no clock. To take it with the clock and
          grading, save and use “Take it as a candidate” on the assessment’s page.
        </span>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={props.onClose}>
          Close preview
        </button>
      </div>
      {q ? (
        <QuestionView
          key={q.id}
          question={q}
          total={props.questions.length}
          answer={answers[q.id] ?? initialAnswer(q)}
          locked={false}
          flagged={false}
          submitQueued="no"
          headingRef={heading}
          onChange={(a) => setAnswers((all) => ({ ...all, [q.id]: a }))}
          onToggleFlag={() => {}}
          onSubmit={() => setIndex((i) => Math.min(props.questions.length - 1, i + 1))}
          runSamples={(code, language, custom) => props.runSamples(index, code, language, custom)}
        />
      ) : null}
      <div className="row r-preview-nav">
        <button
          type="button"
          className="secondary"
          disabled={index === 0}
          onClick={() => setIndex((i) => i - 1)}
        >
          Previous question
        </button>
        <span className="muted">
          Question {index + 1} of {props.questions.length}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={index >= props.questions.length - 1}
          onClick={() => setIndex((i) => i + 1)}
        >
          Next question
        </button>
      </div>
    </dialog>
  )
}
