import { useInfiniteQuery } from '@tanstack/react-query'
import { type FormEvent, useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ErrorNote, Loading } from '../ui/states.tsx'
import { AssessmentFilter } from './AssessmentFilter.tsx'
import { keys, query, type ResultsPage as ResultsPageBody, useStaffApi } from './api.ts'
import { DownloadResultsCsv } from './DownloadResultsCsv.tsx'
import {
  formatDateTime,
  formatNumber,
  formatPercent,
  RECOMMENDATIONS,
  type Recommendation,
  recommendationLabel,
  recommendationTone,
} from './format.ts'
import { Badge, Field, LoadMore, useDocumentTitle } from './ui.tsx'

/** Filters in the URL (`?assessment=…&recommendation=hire&min_score=60`), so a view is bookmarkable. */
function useFilters() {
  const [params, setParams] = useSearchParams()
  const recommendation = params.get('recommendation') ?? ''
  const minRaw = params.get('min_score') ?? ''
  const min = Number(minRaw)
  const filters = {
    assessment: params.get('assessment') ?? '',
    recommendation: (RECOMMENDATIONS as readonly string[]).includes(recommendation)
      ? (recommendation as Recommendation)
      : '',
    min_score: minRaw !== '' && Number.isFinite(min) && min >= 0 && min <= 100 ? minRaw : '',
  }
  const update = (patch: Partial<typeof filters>) => {
    const next = { ...filters, ...patch }
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(next)) if (value) search.set(key, value)
    setParams(search, { replace: true })
  }
  return { filters, update }
}

/** `/results`: finished, graded sessions with filters and "Load more". */
export function ResultsPage() {
  useDocumentTitle('Results')
  const api = useStaffApi()
  const { filters, update } = useFilters()
  const [minText, setMinText] = useState(filters.min_score)
  const [minError, setMinError] = useState<string | null>(null)
  // Back/forward or a bookmark changes the URL: the text box follows.
  useEffect(() => setMinText(filters.min_score), [filters.min_score])

  const list = useInfiniteQuery({
    queryKey: keys.results(filters),
    queryFn: ({ pageParam }) =>
      api<ResultsPageBody>(
        'GET',
        `/api/results${query({
          assessment_id: filters.assessment,
          recommendation: filters.recommendation,
          min_percentage: filters.min_score,
          limit: 50,
          cursor: pageParam,
        })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })
  const rows = list.data?.pages.flatMap((p) => p.results) ?? []
  const filtered = Boolean(filters.assessment || filters.recommendation || filters.min_score)

  function applyMin(e: FormEvent) {
    e.preventDefault()
    const text = minText.trim()
    const n = Number(text)
    if (text !== '' && (!Number.isFinite(n) || n < 0 || n > 100)) {
      setMinError('Enter a number from 0 to 100.')
      return
    }
    setMinError(null)
    update({ min_score: text })
  }

  return (
    <main className="page r-page">
      <h1>Results</h1>
      <form className="r-filters" onSubmit={applyMin} aria-label="Filter results" noValidate>
        <AssessmentFilter
          value={filters.assessment}
          onChange={(id) => update({ assessment: id })}
        />
        <Field label="Recommendation">
          {(p) => (
            <select
              {...p}
              value={filters.recommendation}
              onChange={(e) => update({ recommendation: e.target.value as Recommendation | '' })}
            >
              <option value="">Any</option>
              {RECOMMENDATIONS.map((r) => (
                <option key={r} value={r}>
                  {recommendationLabel(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Minimum score (%)" errors={minError ? [minError] : undefined}>
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="decimal"
              min={0}
              max={100}
              step="any"
              value={minText}
              onChange={(e) => setMinText(e.target.value)}
            />
          )}
        </Field>
        <div className="row r-filter-actions">
          <button type="submit" className="secondary">
            Apply filters
          </button>
          {filtered ? (
            <Link to="/results" replace>
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
      {/* Keyed by assessment: choosing another one clears the last download's error. */}
      <DownloadResultsCsv key={filters.assessment} assessmentId={filters.assessment} />

      {list.isPending ? (
        <Loading label="Loading results…" />
      ) : !list.data ? (
        <ErrorNote error={list.error} onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <div className="card">
          <p>{filtered ? 'No results match these filters.' : 'No graded results yet.'}</p>
          <p className="muted">
            A session appears here once the candidate has finished and every answer is graded.
            Follow tests in progress on <Link to="/sessions">Live sessions</Link>.
          </p>
        </div>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="r-sr-only">Results</caption>
              <thead>
                <tr>
                  <th scope="col">Candidate</th>
                  <th scope="col">Assessment</th>
                  <th scope="col">Score</th>
                  <th scope="col">Recommendation</th>
                  <th scope="col">Completed</th>
                  <th scope="col">
                    <span className="r-sr-only">Report</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.session_id}>
                    <td>
                      {r.candidate.name}
                      {r.candidate.name !== r.candidate.email ? (
                        <>
                          <br />
                          <span className="muted">{r.candidate.email}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{r.assessment.title}</td>
                    <td className="r-nowrap">
                      {formatNumber(r.final_score)} / {formatNumber(r.max_score)}
                      <br />
                      <strong>{formatPercent(r.percentage)}</strong>
                    </td>
                    <td>
                      <Badge tone={recommendationTone(r.recommendation)}>
                        {recommendationLabel(r.recommendation)}
                      </Badge>
                    </td>
                    <td>{formatDateTime(r.completed_at)}</td>
                    <td>
                      <Link to={`/results/${r.session_id}`}>
                        View report
                        <span className="r-sr-only">
                          {' '}
                          for {r.candidate.name || r.candidate.email}
                        </span>
                      </Link>
                    </td>
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
