import type { AssessmentAnalytics } from '@assess/core'
import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { ErrorNote, Loading } from '../../ui/states.tsx'
import { type AssessmentDetail, keys, useStaffApi } from '../api.ts'
import { DurationAndRecommendations } from './DurationAndRecommendations.tsx'
import { Funnel } from './Funnel.tsx'
import { QuestionStatsTable } from './QuestionStatsTable.tsx'
import { ScoreHistogram } from './ScoreHistogram.tsx'

/** The assessment page's Analytics: funnel, scores, time, recommendations and the questions. */
export function AnalyticsSection({ assessment }: { assessment: AssessmentDetail }) {
  const api = useStaffApi()
  const headingId = useId()
  const q = useQuery({
    queryKey: keys.analytics(assessment.id),
    queryFn: () => api<AssessmentAnalytics>('GET', `/api/assessments/${assessment.id}/analytics`),
  })
  return (
    <section className="r-section" aria-labelledby={headingId}>
      <h2 id={headingId}>Analytics</h2>
      {q.isPending ? (
        <Loading label="Loading the analytics…" />
      ) : q.isError ? (
        <ErrorNote error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.sessions.total === 0 ? (
        <div className="card">
          <p>No sessions yet.</p>
          <p className="muted">
            Completion rates, scores and per-question statistics appear here once candidates start
            this assessment.
          </p>
        </div>
      ) : (
        <>
          <div className="r-two">
            <Funnel analytics={q.data} />
            <DurationAndRecommendations analytics={q.data} />
          </div>
          <ScoreHistogram score={q.data.score} />
          <QuestionStatsTable analytics={q.data} questions={assessment.questions} />
        </>
      )}
    </section>
  )
}
