import { Navigate, Route, Routes } from 'react-router'
import { DonePage } from './candidate/DonePage.tsx'
import { InvitePage } from './candidate/InvitePage.tsx'
import { TestPage } from './candidate/TestPage.tsx'
import { AssessmentEditorPage } from './recruiter/AssessmentEditorPage.tsx'
import { AssessmentPage } from './recruiter/AssessmentPage.tsx'
import { AssessmentsPage } from './recruiter/AssessmentsPage.tsx'
import { LiveSessionsPage } from './recruiter/LiveSessionsPage.tsx'
import { LoginPage } from './recruiter/LoginPage.tsx'
import { ReportPage } from './recruiter/ReportPage.tsx'
import { ResultsPage } from './recruiter/ResultsPage.tsx'
import { SignOutPage } from './recruiter/SignOutPage.tsx'
import { StaffLayout } from './recruiter/StaffLayout.tsx'
import { JoinPage } from './recruiter/team/JoinPage.tsx'
import { TeamPage } from './recruiter/team/TeamPage.tsx'
import { NotFound } from './ui/NotFound.tsx'
import { SkipLink } from './ui/SkipLink.tsx'

/** Every screen a user can bookmark. */
export function AppRoutes() {
  return (
    <>
      <SkipLink />
      <Routes>
        <Route path="/" element={<Navigate to="/assessments" replace />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/sign-out" element={<SignOutPage />} />
        <Route path="/invite/:token" element={<InvitePage />} />
        <Route path="/join/:token" element={<JoinPage />} />
        <Route path="/test/:sessionId" element={<TestPage />} />
        <Route path="/test/:sessionId/done" element={<DonePage />} />
        <Route element={<StaffLayout />}>
          <Route path="/assessments" element={<AssessmentsPage />} />
          <Route path="/assessments/new" element={<AssessmentEditorPage />} />
          <Route path="/assessments/:id" element={<AssessmentPage />} />
          <Route path="/assessments/:id/edit" element={<AssessmentEditorPage />} />
          <Route path="/sessions" element={<LiveSessionsPage />} />
          <Route path="/results" element={<ResultsPage />} />
          <Route path="/results/:sessionId" element={<ReportPage />} />
          <Route path="/team" element={<TeamPage />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  )
}
