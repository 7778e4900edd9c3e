export {
  type AssessmentAnalyticsData,
  type QuestionAnalyticsData,
  readAssessmentAnalytics,
} from './assessment-analytics.ts'
