import { useQuery } from '@tanstack/react-query'
import { type AssessmentList, keys, useStaffApi } from './api.ts'
import { Field } from './ui.tsx'

/** The "Assessment" select of the results and live-sessions filters. */
export function AssessmentFilter({
  value,
  onChange,
}: {
  value: string
  onChange: (id: string) => void
}) {
  const api = useStaffApi()
  const list = useQuery({
    queryKey: keys.assessmentOptions,
    queryFn: () => api<AssessmentList>('GET', '/api/assessments?limit=100'),
    staleTime: 60_000,
  })
  const options = list.data?.assessments ?? []
  const hint = list.isPending
    ? 'Loading assessments…'
    : list.isError
      ? 'Could not load the assessments list.'
      : undefined
  return (
    <Field label="Assessment" hint={hint}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">All assessments</option>
          {options.map((a) => (
            <option key={a.id} value={a.id}>
              {a.title}
              {a.status === 'published' ? '' : ` (${a.status})`}
            </option>
          ))}
          {value && !options.some((a) => a.id === value) ? (
            <option value={value}>{list.isPending ? 'Loading…' : 'Selected assessment'}</option>
          ) : null}
        </select>
      )}
    </Field>
  )
}
