import { useInfiniteQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { ErrorNote, Loading } from '../ui/states.tsx'
import { type AssessmentList, keys, query, useStaffApi } from './api.ts'
import { formatDate } from './format.ts'
import { LoadMore, StatusBadge, useDocumentTitle } from './ui.tsx'

/** The organization's assessments, newest first. */
export function AssessmentsPage() {
  useDocumentTitle('Assessments')
  const api = useStaffApi()
  const list = useInfiniteQuery({
    queryKey: keys.assessmentList,
    queryFn: ({ pageParam }) =>
      api<AssessmentList>('GET', `/api/assessments${query({ limit: 50, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })
  const rows = list.data?.pages.flatMap((p) => p.assessments) ?? []

  return (
    <main className="page r-page">
      <div className="row r-heading">
        <h1>Assessments</h1>
        <span className="spacer" />
        <Link to="/assessments/new" className="button">
          New assessment
        </Link>
      </div>
      {list.isPending ? (
        <Loading label="Loading assessments…" />
      ) : !list.data ? (
        <ErrorNote error={list.error} onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <div className="card">
          <p>No assessments yet.</p>
          <p className="muted">
            Create one with multiple-choice, short-answer and coding questions, publish it, then
            invite candidates.
          </p>
        </div>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="r-sr-only">Assessments</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Status</th>
                  <th scope="col">Questions</th>
                  <th scope="col">Points</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/assessments/${a.id}`}>{a.title}</Link>
                    </td>
                    <td>
                      <StatusBadge status={a.status} />
                    </td>
                    <td>{a.question_count}</td>
                    <td>{a.total_points}</td>
                    <td>
                      {a.duration_minutes === null ? 'No limit' : `${a.duration_minutes} min`}
                    </td>
                    <td>{formatDate(a.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore list={list} />
        </>
      )}
    </main>
  )
}
