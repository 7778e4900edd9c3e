import type { ReportAnswer } from '@assess/core'
import { GradeActions } from './GradeActions.tsx'
import { GradeHistory } from './GradeHistory.tsx'
import { obj, str } from './json.ts'

/**
 * The grading block under an answer: the recruiter's note on a human grade, the actions (ended
 * sessions only) and the grade history.
 */
export function AnswerGrading(props: {
  sessionId: string
  finished: boolean
  answer: ReportAnswer
}) {
  const a = props.answer
  const note = str(obj(obj(a.feedback).human).comment)
  return (
    <>
      {note ? (
        <div className="r-review-note" role="note">
          <strong>Recruiter’s note.</strong> <span className="r-prewrap">{note}</span>
        </div>
      ) : null}
      {props.finished ? <GradeActions sessionId={props.sessionId} answer={a} /> : null}
      <GradeHistory answer={a} />
    </>
  )
}
