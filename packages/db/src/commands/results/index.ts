export {
  openResultsExport,
  type ResultExportRow,
  type ResultsExport,
} from './export-results.ts'
export { listResults, type ResultListItem } from './list-results.ts'
export { readSessionReport, type SessionReportData } from './session-report.ts'
export { readTimeline, TIMELINE_PAGE, type TimelineEvent, type TimelinePage } from './timeline.ts'
