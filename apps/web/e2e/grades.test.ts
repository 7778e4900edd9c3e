import { afterAll, beforeAll, expect, test } from 'bun:test'
import { GRADING_MS } from '@assess/db/testing'
import { expectAccessible } from './axe.ts'
import { shot, startStack } from './stack.ts'

/**
 * Grades on the report page, in a real browser against the real API and worker: a recruiter
 * adjusts a score by hand (the totals follow, the history and the summary say so), then regrades
 * the whole session and sees it graded and summarized again.
 */
let stack: Awaited<ReturnType<typeof startStack>>
beforeAll(async () => {
  stack = await startStack('e2e_grades')
}, 300_000)
afterAll(() => stack?.stop())

/** The seeded candidate takes the demo test over the API and hands it in at once. */
async function finishedSession() {
  const api = async (method: string, path: string, token?: string, lease?: string) => {
    const res = await fetch(`${stack.base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token && { authorization: `Bearer ${token}` }),
        ...(lease && { 'x-session-lease': lease }),
      },
      body: method === 'GET' ? undefined : '{}',
    })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  const accepted = await api('POST', `/api/invitations/${stack.seededInvitation}/accept`)
  const started = await api(
    'POST',
    `/api/assessments/${accepted.assessment.id}/sessions`,
    accepted.token,
  )
  const sessionId: string = started.session.id
  await api('PUT', `/api/sessions/${sessionId}/complete`, accepted.token, started.lease_id)
  return sessionId
}

test('a recruiter adjusts a score, then regrades the session; the report follows', async () => {
  const sessionId = await finishedSession()
  const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
  const staff = await context.newPage()
  await staff.goto(`${stack.base}/login`)
  await staff.getByLabel('Email').fill('recruiter@demo.assess.test')
  await staff.getByLabel('Password').fill('demo-password')
  await staff.getByRole('button', { name: 'Sign in' }).click()
  await staff.getByRole('link', { name: 'New assessment' }).waitFor()
  await staff.goto(`${stack.base}/results/${sessionId}`)
  // The worker grades the empty answers and writes the summary; the page polls until then.
  await staff
    .getByTestId('summary-method')
    .filter({ hasText: 'Rule-based summary' })
    .waitFor({ timeout: GRADING_MS })

  await staff.getByTestId('adjust-score-1').click()
  const form = staff.getByRole('form', { name: 'Adjust the score of question 1' })
  await form.getByLabel(/^Score/).fill('1')
  await form.getByLabel('Reason').fill('Discussed the answer in the interview')
  await form.getByLabel('Feedback (optional)').fill('Knew it when asked.')
  await form.getByRole('button', { name: 'Save score' }).click()
  const question = staff.getByTestId('report-question-1')
  await question.getByText('Adjusted by a person').waitFor()
  await question.getByText('Knew it when asked.').waitFor()
  const history = staff.getByTestId('grade-history-1')
  await history.getByText('Adjusted by hand').waitFor()
  await expect(history.getByText('Discussed the answer in the interview').count()).resolves.toBe(1)
  await staff.getByTestId('human-adjustments').waitFor()
  await shot(staff, '20-report-grade-adjusted')

  await staff.getByTestId('regrade-all').click()
  const dialog = staff.getByRole('dialog', { name: 'Grade every answer again?' })
  await dialog.getByLabel(/Reason/).fill('The grader was fixed')
  await expectAccessible(staff, 'regrade-dialog')
  await dialog.getByRole('button', { name: 'Regrade all' }).click()
  // Graded and summarized again: every regrade entry gets its new score, the summary is new.
  await history.getByText('Regraded').waitFor()
  await staff.getByText('Grading in progress…').waitFor({ state: 'detached', timeout: GRADING_MS })
  await expect(staff.getByText('grading again…').count()).resolves.toBe(0)
  await expect(staff.getByTestId('human-adjustments').count()).resolves.toBe(0)
  await expect(question.getByText('Adjusted by a person').count()).resolves.toBe(0)
  await shot(staff, '21-report-regraded')
  await context.close()
}, 300_000)
