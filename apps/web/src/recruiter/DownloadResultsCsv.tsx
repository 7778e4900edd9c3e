import { useMutation } from '@tanstack/react-query'
import { useId } from 'react'
import { describeError } from '../ui/states.tsx'
import { query, useStaffFile } from './api.ts'
import { saveBlob } from './save-file.ts'

/**
 * "Download CSV": every ended session of the chosen assessment (GET /api/results.csv), fetched
 * with the recruiter's token (the API never takes one in the URL) and saved from a Blob.
 */
export function DownloadResultsCsv({ assessmentId }: { assessmentId: string }) {
  const fetchFile = useStaffFile()
  const hintId = useId()
  const download = useMutation({
    mutationFn: async (id: string) => {
      const file = await fetchFile(`/api/results.csv${query({ assessment_id: id })}`)
      saveBlob(file.blob, file.filename ?? 'results.csv')
    },
  })
  return (
    <div className="r-csv-download">
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={!assessmentId || download.isPending}
          aria-describedby={hintId}
          onClick={() => download.mutate(assessmentId)}
        >
          {download.isPending ? 'Preparing CSV…' : 'Download CSV'}
        </button>
        <span className="muted" id={hintId}>
          {assessmentId
            ? 'Every ended session of this assessment, graded or not, one row each.'
            : 'Choose an assessment to download its results as CSV.'}
        </span>
      </div>
      {download.isError ? (
        <p className="error" role="alert">
          Could not download the CSV: {describeError(download.error)}
        </p>
      ) : null}
    </div>
  )
}
