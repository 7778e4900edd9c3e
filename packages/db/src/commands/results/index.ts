export { listResults, type ResultListItem } from './list-results.ts'
export { readSessionReport, type SessionReportData } from './session-report.ts'
export { readTimeline, TIMELINE_PAGE, type TimelinePage } from './timeline.ts'
