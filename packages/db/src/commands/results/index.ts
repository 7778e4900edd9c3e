export {
  openResultsExport,
  type ResultExportRow,
  type ResultsExport,
} from './export-results.ts'
export { listResults, type ResultListItem } from './list-results.ts'
export { addReportNote, listReportNotes, type ReportNote } from './report-notes.ts'
export { readSessionReport, type SessionReportData } from './session-report.ts'
export { readTimeline, TIMELINE_PAGE, type TimelineEvent, type TimelinePage } from './timeline.ts'
