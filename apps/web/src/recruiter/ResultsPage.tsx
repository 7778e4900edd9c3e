import type { ResultItem } from '@assess/core'
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
import { CompareResults, describeIntegrity } from './results/CompareResults.tsx'
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

const RECOMMENDATION_RANK: Record<string, number> = {
  strong_hire: 3,
  hire: 2,
  maybe: 1,
  no_hire: 0,
}
const integrityTotal = (r: ResultItem) =>
  r.integrity.tab_switches + r.integrity.pastes + r.integrity.takeovers

/** The sortable columns: what each sorts by, and its first direction. */
const SORTS = {
  candidate: {
    label: 'Candidate',
    first: 'asc',
    value: (r: ResultItem) => (r.candidate.name || r.candidate.email).toLowerCase(),
  },
  assessment: { label: 'Assessment', first: 'asc', value: (r: ResultItem) => r.assessment.title },
  score: { label: 'Score', first: 'desc', value: (r: ResultItem) => r.percentage ?? -1 },
  recommendation: {
    label: 'Recommendation',
    first: 'desc',
    value: (r: ResultItem) => RECOMMENDATION_RANK[r.recommendation ?? ''] ?? -1,
  },
  integrity: { label: 'Integrity', first: 'desc', value: integrityTotal },
  completed: {
    label: 'Completed',
    first: 'desc',
    value: (r: ResultItem) => r.completed_at ?? '',
  },
} as const satisfies Record<
  string,
  { label: string; first: 'asc' | 'desc'; value: (r: ResultItem) => string | number }
>
type SortKey = keyof typeof SORTS

function sortedRows(rows: ResultItem[], by: SortKey, dir: 'asc' | 'desc'): ResultItem[] {
  const value: (r: ResultItem) => string | number = SORTS[by].value
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    return (x < y ? -1 : x > y ? 1 : 0) * sign
  })
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
  // Sorting orders the rows loaded so far ("Load more" adds to them); none: newest graded first.
  const [sort, setSort] = useState<{ by: SortKey; dir: 'asc' | 'desc' } | null>(null)
  const sortBy = (by: SortKey) =>
    setSort((s) =>
      s?.by === by ? { by, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { by, dir: SORTS[by].first },
    )
  const sorted = sort ? sortedRows(rows, sort.by, sort.dir) : rows
  const [selected, setSelected] = useState<string[]>([])
  const [comparing, setComparing] = useState(false)
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
          <div className="row r-compare-bar">
            <button
              type="button"
              className="secondary"
              disabled={selected.length < 2}
              onClick={() => setComparing(true)}
            >
              Compare selected ({selected.length})
            </button>
            <span className="muted">Tick two or more candidates to see them side by side.</span>
          </div>
          {comparing && selected.length >= 2 ? (
            <CompareResults
              results={rows.filter((r) => selected.includes(r.session_id))}
              onClose={() => setComparing(false)}
            />
          ) : null}
          <div className="table-wrap">
            <table>
              <caption className="r-sr-only">
                Results
                {sort
                  ? `, sorted by ${SORTS[sort.by].label} ${sort.dir === 'asc' ? 'ascending' : 'descending'}`
                  : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="r-sr-only">Compare</span>
                  </th>
                  {(
                    [
                      'candidate',
                      'assessment',
                      'score',
                      'recommendation',
                      'integrity',
                      'completed',
                    ] as const
                  ).map((by) => (
                    <th
                      key={by}
                      scope="col"
                      aria-sort={
                        sort?.by === by
                          ? sort.dir === 'asc'
                            ? 'ascending'
                            : 'descending'
                          : undefined
                      }
                    >
                      <button type="button" className="r-sort" onClick={() => sortBy(by)}>
                        {SORTS[by].label}
                        <span aria-hidden="true">
                          {sort?.by === by ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                        </span>
                      </button>
                    </th>
                  ))}
                  <th scope="col">
                    <span className="r-sr-only">Report</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.session_id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Compare ${r.candidate.name || r.candidate.email}`}
                        checked={selected.includes(r.session_id)}
                        onChange={(e) =>
                          setSelected((ids) =>
                            e.target.checked
                              ? [...ids, r.session_id]
                              : ids.filter((id) => id !== r.session_id),
                          )
                        }
                      />
                    </td>
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
                    <td className={integrityTotal(r) > 0 ? 'r-integrity-flag' : 'muted'}>
                      {describeIntegrity(r.integrity)}
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
