import { type CsvValue, csvRow, fileSlug } from '@assess/core'
import type { ResultExportRow, ResultsExport } from '@assess/db'

const LEADING_COLUMNS = [
  'candidate_name',
  'candidate_email',
  'status',
  'completion_method',
  'started_at',
  'completed_at',
  'duration_seconds',
  'final_score',
  'max_score',
  'percentage',
  'recommendation',
]

export function resultsCsvHeader(questionCount: number): string[] {
  const questions = Array.from({ length: questionCount }, (_, i) => `q${i + 1}_score`)
  return [...LEADING_COLUMNS, ...questions, 'tab_switches', 'pastes']
}

export const resultsCsvCells = (row: ResultExportRow): CsvValue[] => [
  row.candidateName,
  row.candidateEmail,
  row.status,
  row.completionMethod,
  row.startedAt,
  row.completedAt,
  row.durationSeconds,
  row.finalScore,
  row.maxScore,
  row.percentage,
  row.recommendation,
  ...row.questionScores,
  row.tabSwitches,
  row.pastes,
]

export const resultsCsvFilename = (title: string) => `${fileSlug(title, 'assessment')}-results.csv`

/**
 * The CSV body, pulled batch by batch as the client reads it (so a slow reader holds back the
 * cursor instead of buffering rows). A client that goes away cancels the stream, which closes
 * the cursor. A failure mid-stream errors the body, so the download is cut off visibly rather
 * than ending as a shorter file that looks complete.
 */
export function resultsCsvBody(
  exported: ResultsExport,
  onError: (err: unknown) => void,
  /** Called once when the body is over, however it ends (done, failed or cancelled). */
  onEnd: () => void = () => {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const batches = exported.batches[Symbol.asyncIterator]()
  let cancelled = false
  let ended = false
  const end = () => {
    if (ended) return
    ended = true
    onEnd()
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(resultsCsvHeader(exported.questionCount))))
    },
    async pull(controller) {
      try {
        const next = await batches.next()
        // Cancelled while this batch was on its way: the stream takes no more chunks.
        if (cancelled) return
        if (next.done) {
          controller.close()
          end()
        } else
          controller.enqueue(
            encoder.encode(next.value.map((row) => csvRow(resultsCsvCells(row))).join('')),
          )
      } catch (err) {
        onError(err)
        controller.error(err)
        end()
      }
    },
    async cancel() {
      cancelled = true
      try {
        await batches.return?.()
      } finally {
        end()
      }
    },
  })
}
