import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { GRADING_MS, waitUntil } from '@assess/db/testing'
import type { Page } from 'playwright-core'
import { expectAccessible } from './axe.ts'
import { shot, startStack } from './stack.ts'

/**
 * Issue 5's acceptance in a real browser (Debian's Chromium) against the real API, worker,
 * Postgres and Redis: a recruiter builds, publishes and invites; a candidate answers one
 * question of each type, reloads mid-test and resumes on the server's clock, finishes; the
 * recruiter reads the graded report with its summary. Screenshots go to docs/screenshots.
 */
let stack: Awaited<ReturnType<typeof startStack>>
beforeAll(async () => {
  stack = await startStack('e2e_web')
}, 300_000)
afterAll(() => stack?.stop())

const twoSum = `function twoSum(nums, target) {
  const seen = new Map()
  for (let i = 0; i < nums.length; i++) {
    const j = seen.get(target - nums[i])
    if (j !== undefined) return [j, i]
    seen.set(nums[i], i)
  }
}`

async function signIn(page: Page) {
  await page.goto(`${stack.base}/login`)
  await page.getByLabel('Email').fill('recruiter@demo.assess.test')
  await page.getByLabel('Password').fill('demo-password')
  await shot(page, '01-login')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('link', { name: 'New assessment' }).waitFor()
}

async function buildAndPublish(page: Page) {
  await expectAccessible(page, 'assessments-list')
  await page.getByRole('link', { name: 'New assessment' }).click()
  await page.getByLabel('Title').fill('E2E screening')
  await page.getByLabel('Duration (minutes)').fill('30')
  for (const type of ['Multiple choice', 'Short answer', 'Code', 'Code']) {
    await page.getByLabel('Question type').selectOption({ label: type })
    await page.getByRole('button', { name: 'Add question' }).click()
  }
  const q1 = page.getByRole('group', { name: /^Question 1/ })
  await q1.getByLabel('Prompt').fill('Which HTTP status means "Conflict"?')
  await q1.getByLabel('Points').fill('2')
  await q1.getByLabel('Option 1', { exact: true }).fill('404')
  await q1.getByLabel('Option 2', { exact: true }).fill('409')
  // Each "Correct" box is named by its option; focused from the keyboard, it shows a ring.
  const correct = q1.getByRole('checkbox', { name: 'Correct: 409' })
  await q1.getByLabel('Option 2', { exact: true }).focus()
  await page.keyboard.press('Tab')
  await expect(correct.evaluate((el) => el === document.activeElement)).resolves.toBe(true)
  await expect(
    correct.evaluate((el) => {
      const style = getComputedStyle(el)
      return style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2
    }),
  ).resolves.toBe(true)
  await page.keyboard.press('Space')
  await expect(correct.isChecked()).resolves.toBe(true)
  const q2 = page.getByRole('group', { name: /^Question 2/ })
  await q2.getByLabel('Prompt').fill('Why put a **unique index** on `(session_id, question_id)`?')
  // The prompt is Markdown, previewed as candidates will see it.
  await expect(q2.locator('.r-preview strong').textContent()).resolves.toBe('unique index')
  await q2.getByLabel('Points').fill('4')
  await q2.getByLabel('Expected keywords').fill('duplicate, retry, idempotent')
  await q2
    .getByLabel('Reference answer')
    .fill('A retried or concurrent submit cannot create a duplicate: the submit is idempotent.')
  const q3 = page.getByRole('group', { name: /^Question 3/ })
  await q3.getByLabel('Prompt').fill('Write twoSum(nums, target) returning [i, j].')
  await q3.getByLabel('Points').fill('6')
  await expect(q3.getByRole('checkbox', { name: 'JavaScript' }).isChecked()).resolves.toBe(true)
  await q3.getByLabel('Entry point').fill('twoSum')
  await q3.getByLabel('Starter code: JavaScript').fill('function twoSum(nums, target) {\n}\n')
  // The tests as a table: each cell checked as it is typed.
  const tests: [string, string, boolean, string][] = [
    ['[[2, 7, 11, 15], 9]', '[0, 1]', true, ''],
    ['[[3, 2, 4], 6]', '[1, 2]', false, '2'],
    ['[[3, 3], 6]', '[0, 1]', false, ''],
  ]
  for (const [i, [args, expected, sample, weight]] of tests.entries()) {
    await q3.getByRole('button', { name: 'Add test' }).click()
    await q3.getByLabel(`Test ${i + 1}: Arguments of twoSum`).fill(args)
    await q3.getByLabel(`Test ${i + 1}: Expected result`).fill(expected.slice(0, -1))
    await q3.getByText('not valid JSON').waitFor()
    await q3.getByLabel(`Test ${i + 1}: Expected result`).fill(expected)
    if (sample) await q3.getByLabel(`Test ${i + 1}: shown to candidates (a sample)`).check()
    if (weight) await q3.getByLabel(`Test ${i + 1}: weight`).fill(weight)
  }
  await expect(q3.getByText('not valid JSON').count()).resolves.toBe(0)
  // A program question in a compiled language: C or Python, the candidate picks.
  const q4 = page.getByRole('group', { name: /^Question 4/ })
  await q4.getByLabel('Prompt').fill('Read two integers and print their sum.')
  await q4.getByLabel('Points').fill('4')
  await q4.getByLabel('Test style').selectOption('stdio')
  await q4.getByRole('checkbox', { name: 'C', exact: true }).check()
  await q4.getByRole('checkbox', { name: 'Python' }).check()
  await q4.getByRole('checkbox', { name: 'JavaScript' }).uncheck()
  await q4.getByRole('radio', { name: 'JSON' }).check()
  await q4
    .getByLabel('Sample tests (JSON)')
    .fill('[{"stdin": "2 3\\n", "expected_stdout": "5\\n"}]')
  await q4
    .getByLabel('Hidden tests (JSON)')
    .fill(
      '[{"stdin": "40 2\\n", "expected_stdout": "42\\n"}, {"stdin": "-7 7\\n", "expected_stdout": "0\\n"}]',
    )
  await shot(page, '02-assessment-editor')
  // Preview as a candidate: the candidate's own screens, nothing saved.
  await page.getByRole('button', { name: 'Preview as a candidate' }).click()
  const preview = page.getByRole('dialog', { name: 'Preview as a candidate' })
  await preview.getByRole('heading', { name: 'Question 1 of 4' }).waitFor()
  await preview.getByRole('radio', { name: '409' }).check()
  await preview.getByRole('button', { name: 'Next question' }).click()
  await expect(preview.locator('.t-prompt strong').textContent()).resolves.toBe('unique index')
  await shot(page, '02b-editor-preview')
  // The unsaved code question's sample tests run on a worker, as they will for candidates.
  await preview.getByRole('button', { name: 'Next question' }).click()
  await preview.getByLabel('Code editor').click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.insertText(twoSum)
  await preview.getByRole('button', { name: 'Run sample tests' }).click()
  await preview.getByText('1 of 1 sample tests passed').waitFor({ timeout: GRADING_MS })
  await preview.getByRole('button', { name: 'Close preview' }).click()
  await page.getByRole('button', { name: 'Save draft' }).click()
  await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/)
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  const publish = page.getByRole('dialog', { name: 'Publish this assessment?' })
  await publish.waitFor()
  await expectAccessible(page, 'publish-dialog')
  await publish.getByRole('button', { name: 'Publish now' }).click()
  await page.getByLabel('Candidate email').waitFor()
}

async function invite(page: Page, email: string) {
  await page.getByLabel('Candidate email').fill(email)
  await page.getByRole('button', { name: 'Create invitation' }).click()
  const link = await page.getByTestId('invitation-link').textContent()
  await shot(page, '03-assessment-invite')
  expect(link).toContain('/invite/')
  return new URL((link ?? '').trim()).pathname
}

describe('the product in a browser', () => {
  test('build → publish → invite → take the test with a reload → graded report', async () => {
    const recruiter = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const staff = await recruiter.newPage()
    await signIn(staff)
    await buildAndPublish(staff)
    const invitationPath = await invite(staff, 'e2e-candidate@example.test')

    // The candidate, in another browser profile.
    const candidateContext = await stack.browser.newContext({
      viewport: { width: 1280, height: 900 },
    })
    const page = await candidateContext.newPage()
    await page.goto(`${stack.base}${invitationPath}`)
    await page.getByRole('button', { name: 'Start test' }).waitFor()
    await expect(page.getByRole('heading', { name: 'E2E screening' }).count()).resolves.toBe(1)
    await shot(page, '04-candidate-start')
    await page.getByRole('button', { name: 'Start test' }).click()

    // Q1: multiple choice (single answer → radio buttons).
    await page.getByRole('radio', { name: '409' }).check()
    await shot(page, '05-candidate-mcq')
    await page.getByRole('button', { name: 'Submit answer' }).click()

    // Q2: short answer with a character count; its prompt rendered from Markdown.
    await expect(page.locator('.t-prompt code').textContent()).resolves.toBe(
      '(session_id, question_id)',
    )
    const text = 'It rejects a duplicate when a submit is retried, so submit is idempotent.'
    await page.getByLabel('Your answer').fill(text)
    await page.getByText(`${text.length}`, { exact: false }).first().waitFor()
    await page.getByRole('button', { name: 'Submit answer' }).click()

    // Q3: code in CodeMirror; the sample tests run on the server's sandbox.
    const editor = page.getByLabel('Code editor')
    await editor.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.insertText(twoSum)
    await page.getByRole('button', { name: 'Run sample tests' }).click()
    await page
      .getByText(/passed/i)
      .first()
      .waitFor({ timeout: GRADING_MS })
    await shot(page, '06-candidate-code')
    // Custom input: the candidate's own arguments, run once, the value returned shown.
    await page.getByText('Run with custom input').click()
    const args = page.getByLabel('Arguments of twoSum, as JSON')
    await expect(args.inputValue()).resolves.toBe('[[2,7,11,15],9]')
    await args.fill('[[1, 5, 9], 14]')
    await page.getByRole('button', { name: 'Run with this input' }).click()
    const returned = page.locator('.t-run-results').getByText('Returned')
    await returned.waitFor({ timeout: GRADING_MS })
    await expect(returned.textContent()).resolves.toBe('Returned [1,2]')
    await shot(page, '06c-candidate-custom-input')
    // The workspace: the problem beside the editor, the divider moved with the keyboard.
    const divider = page.getByRole('separator', { name: 'Width of the problem and the editor' })
    const width = Number(await divider.getAttribute('aria-valuenow'))
    await divider.focus()
    await page.keyboard.press('ArrowRight')
    await expect(divider.getAttribute('aria-valuenow')).resolves.toBe(String(width + 2))
    await page.getByLabel('Wrap long lines').check()
    await page.locator('.cm-content.cm-lineWrapping').waitFor()
    // Reset to the starter code, then undo it: nothing is lost.
    await page.getByRole('button', { name: 'Reset to starter code' }).click()
    const reset = page.getByRole('dialog', { name: 'Reset to the starter code?' })
    await reset.waitFor()
    await expectAccessible(page, 'reset-dialog')
    await reset.getByRole('button', { name: 'Reset' }).click()
    await expect(page.getByLabel('Code editor').textContent()).resolves.not.toContain('seen.set')
    await page.getByLabel('Code editor').click()
    await page.keyboard.press('ControlOrMeta+z')
    await expect(page.getByLabel('Code editor').textContent()).resolves.toContain('seen.set')
    // The draft autosaves; then a reload mid-test resumes from the server.
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved/ })
      .waitFor({ timeout: GRADING_MS })
    const before = await page.getByRole('timer', { name: 'Time left' }).textContent()
    await page.reload()
    await page.getByText('Welcome back').waitFor()
    await shot(page, '07-candidate-welcome-back')
    await page.getByRole('button', { name: 'Resume' }).click()
    await expect(page.getByLabel('Code editor').textContent()).resolves.toContain('seen.set')
    const after = await page.getByRole('timer', { name: 'Time left' }).textContent()
    expect(minutes(after)).toBeLessThanOrEqual(minutes(before))
    expect(minutes(after)).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Submit answer' }).click()

    // Q4: a stdin/stdout program, answered in C after a look at Python's starter code.
    const language = page.getByLabel('Language')
    await expect(language.inputValue()).resolves.toBe('c')
    await language.selectOption('python')
    await expect(page.getByLabel('Code editor').textContent()).resolves.toContain('sys.stdin')
    await language.selectOption('c')
    await page.getByLabel('Code editor').click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.insertText(
      '#include <stdio.h>\nint main(void) { long a, b; scanf("%ld %ld", &a, &b); printf("%ld\\n", a + b); return 0; }\n',
    )
    await page.getByRole('button', { name: 'Run sample tests' }).click()
    await page.getByText('1 of 1 sample tests passed').waitFor({ timeout: GRADING_MS })
    await shot(page, '06b-candidate-code-c')
    // Past the session's run limit the last results stay, with a countdown to the next run.
    const limited = page.getByText(/Too many runs for now: you can run again in \d+ s/)
    for (let i = 0; i < 12 && (await limited.count()) === 0; i++) {
      await page.getByRole('button', { name: 'Run sample tests' }).click()
      await page.getByText('Running…').waitFor({ state: 'detached', timeout: GRADING_MS })
    }
    await limited.waitFor()
    await page.getByText('1 of 1 sample tests passed').waitFor()
    await expect(page.getByRole('button', { name: 'Run sample tests' }).isDisabled()).resolves.toBe(
      true,
    )
    await page.getByRole('button', { name: 'Submit answer' }).click()
    // The last answer finishes the test: asked first.
    const finish = page.getByRole('dialog', { name: 'Submit your last answer?' })
    await finish.waitFor()
    await shot(page, '08a-candidate-confirm-finish')
    await finish.getByRole('button', { name: 'Submit and finish' }).click()
    await page.getByText('Submitted — results will be reviewed').waitFor()
    await shot(page, '08-candidate-done')

    // A phone-sized look at the start page of a fresh invitation.
    const phone = await stack.browser.newContext({ viewport: { width: 375, height: 740 } })
    const phonePage = await phone.newPage()
    await phonePage.goto(`${stack.base}/invite/${stack.seededInvitation}`)
    await phonePage.getByRole('button', { name: 'Start test' }).waitFor()
    await shot(phonePage, '09-candidate-start-phone')

    // The recruiter: results table, then the graded report with its summary.
    await waitUntil(
      'the graded result in the results table',
      async () => {
        await staff.goto(`${stack.base}/results`)
        const row = staff.getByRole('row').filter({ hasText: 'e2e-candidate@example.test' })
        return (await row.count()) > 0
      },
      GRADING_MS,
      500,
    )
    await shot(staff, '10-results')
    // The reload on the way was not a tab switch (the page was left, not hidden behind another).
    const taken = staff.getByRole('row').filter({ hasText: 'e2e-candidate@example.test' })
    await taken.getByRole('cell', { name: 'None', exact: true }).waitFor()
    await staff
      .getByRole('row')
      .filter({ hasText: 'e2e-candidate@example.test' })
      .getByRole('link', { name: 'View report' })
      .click()
    await staff.getByTestId('summary-method').filter({ hasText: 'Rule-based summary' }).waitFor()
    await staff.getByTestId('recommendation').waitFor()
    await staff
      .getByText(/twoSum/)
      .first()
      .waitFor()
    await expect(staff.getByText('passed').count()).resolves.toBeGreaterThan(0)
    await shot(staff, '11-report')
    // The timeline in a reader's words: the reload as one row, the sample run by its question's
    // number, routine events folded ("Draft saved ×3"), never a raw id.
    const timeline = staff.getByTestId('timeline')
    await timeline.getByText('Reloaded the page, or left and came back').first().waitFor()
    await timeline
      .getByRole('row')
      .filter({ hasText: 'Ran the sample tests' })
      .filter({ hasText: 'question 3' })
      .first()
      .waitFor()
    expect((await timeline.textContent()) ?? '').not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/)

    // The assessment's analytics, with this one finished session in it.
    await staff.getByRole('link', { name: 'E2E screening' }).first().click()
    await staff.getByRole('table', { name: 'Statistics per question' }).waitFor()
    await shot(staff, '15-assessment-analytics')

    await staff.goto(`${stack.base}/sessions`)
    // The board loaded (not the page's heading alone): its "Recently ended" list is shown.
    await staff.getByRole('heading', { name: /Recently ended/ }).waitFor()
    await shot(staff, '12-live-sessions')
  }, 300_000)

  test('a recruiter pauses and resumes a candidate mid-test; both screens follow', async () => {
    const candidateContext = await stack.browser.newContext({
      viewport: { width: 1280, height: 900 },
    })
    const page = await candidateContext.newPage()
    await page.goto(`${stack.base}/invite/${stack.seededInvitation}`)
    await page.getByRole('button', { name: 'Start test' }).click()
    await page.getByRole('button', { name: 'Submit answer' }).waitFor()
    const sessionId = /\/test\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? ''
    expect(sessionId).not.toBe('')

    const recruiter = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const staff = await recruiter.newPage()
    await signIn(staff)
    await staff.goto(`${stack.base}/results/${sessionId}`)
    await staff.getByRole('button', { name: 'Pause' }).click()
    const pause = staff.getByRole('dialog', { name: 'Pause this test?' })
    await pause.getByLabel(/Reason/).fill('Checking the candidate’s identity')
    await expectAccessible(staff, 'pause-dialog')
    await pause.getByRole('button', { name: 'Pause test' }).click()
    await staff.getByRole('button', { name: 'Resume' }).waitFor()

    // The candidate's page finds out by itself (it re-reads every few seconds).
    await page.getByRole('heading', { name: 'Your test is paused' }).waitFor({ timeout: 15_000 })
    await page.getByText('Checking the candidate’s identity').waitFor()
    await expect(page.getByRole('button', { name: 'Submit answer' }).count()).resolves.toBe(0)
    const frozen = await page.getByRole('timer', { name: 'Time left' }).textContent()
    await shot(page, '13-candidate-paused')
    await shot(staff, '14-report-paused')

    await staff.getByRole('button', { name: 'Resume' }).click()
    const resume = staff.getByRole('dialog', { name: 'Resume this test?' })
    await resume.getByLabel(/Reason/).fill('Identity confirmed')
    await expectAccessible(staff, 'resume-dialog')
    await resume.getByRole('button', { name: 'Resume test' }).click()
    await staff.getByRole('button', { name: 'Pause' }).waitFor()

    await page.getByRole('button', { name: 'Submit answer' }).waitFor({ timeout: 15_000 })
    await expect(page.getByRole('heading', { name: 'Your test is paused' }).count()).resolves.toBe(
      0,
    )
    // No time was lost to the pause: the timer carries on from where it stood.
    const after = await page.getByRole('timer', { name: 'Time left' }).textContent()
    expect(minutes(after)).toBeGreaterThan(minutes(frozen) - 0.5)
    await staff.getByText('Paused by the recruiter').waitFor()
    await staff.getByText('Resumed by the recruiter').waitFor()
    await candidateContext.close()
    await recruiter.close()
  }, 300_000)
})

/** The demo test, started: right on the MCQ, `text` for the short answer, the code as it starts. */
async function answerDemo(page: Page, text: string) {
  await page.getByRole('radio', { name: '409' }).check()
  await page.getByRole('button', { name: 'Submit answer' }).click()
  await page.getByLabel('Your answer').fill(text)
  await page.getByRole('button', { name: 'Submit answer' }).click()
  await page.getByLabel('Code editor').waitFor()
  await page.getByRole('button', { name: 'Submit answer' }).click()
  await page
    .getByRole('dialog', { name: 'Submit an empty answer?' })
    .getByRole('button', { name: 'Submit and finish' })
    .click()
}

describe('results', () => {
  /** The demo assessment as a candidate, in a browser profile of its own. */
  async function takeDemo(path: string, text: string) {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${stack.base}${path}`)
    await page.getByRole('button', { name: 'Start test' }).click()
    await answerDemo(page, text)
    await page.getByText('Submitted — results will be reviewed').waitFor()
    await context.close()
  }

  test('sortable, with an integrity column; two candidates compared side by side', async () => {
    const recruiter = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const staff = await recruiter.newPage()
    await signIn(staff)
    await staff.getByRole('link', { name: 'Demo: backend screening' }).click()
    const a = await invite(staff, 'compare-a@example.test')
    const b = await invite(staff, 'compare-b@example.test')
    await takeDemo(a, 'A unique index rejects the duplicate, so a retried submit is idempotent.')
    await takeDemo(b, 'Not sure.')

    const row = (email: string) => staff.getByRole('row').filter({ hasText: email })
    await waitUntil(
      'both graded results in the table',
      async () => {
        await staff.goto(`${stack.base}/results`)
        await staff.getByRole('heading', { name: 'Results' }).waitFor()
        return (await row('compare-a@example.test').count()) > 0 &&
          (await row('compare-b@example.test').count()) > 0
          ? true
          : undefined
      },
      GRADING_MS,
      500,
    )
    await expect(row('compare-a@example.test').getByText('None').count()).resolves.toBe(1)
    const score = staff.getByRole('columnheader', { name: 'Score' })
    await score.getByRole('button').click()
    await expect(score.getAttribute('aria-sort')).resolves.toBe('descending')
    await score.getByRole('button').click()
    await expect(score.getAttribute('aria-sort')).resolves.toBe('ascending')

    await staff.getByRole('checkbox', { name: /Compare compare-a@example\.test/ }).check()
    await staff.getByRole('checkbox', { name: /Compare compare-b@example\.test/ }).check()
    await staff.getByRole('button', { name: 'Compare selected (2)' }).click()
    const compare = staff.getByRole('region', { name: 'Comparing 2 candidates' })
    await compare.getByRole('rowheader', { name: 'Question 3' }).waitFor()
    await shot(staff, '22-results-compare')

    // The invitation's status follows the candidate to the report.
    await staff.goto(`${stack.base}/assessments`)
    await staff.getByRole('link', { name: 'Demo: backend screening' }).click()
    const invited = staff.getByRole('row').filter({ hasText: 'compare-a@example.test' })
    await invited.getByText('Completed').waitFor()
    await shot(staff, '23-invitations-follow')
    await invited.getByRole('link', { name: /View report/ }).click()
    await staff.waitForURL(/\/results\/[0-9a-f-]{36}$/)
    // A note on the report, with who wrote it.
    await staff.getByLabel('Add a note').fill('Strong on indexes: ask about locking next.')
    await staff.getByRole('button', { name: 'Add note' }).click()
    const notes = staff.getByRole('region', { name: 'Notes' })
    await notes.getByText('Strong on indexes: ask about locking next.').waitFor()
    await notes.getByText('Riley Recruiter').waitFor()
    await shot(staff, '24-report-notes')
    await recruiter.close()
  }, 300_000)
})

describe('preview', () => {
  test('"Take it as a candidate": the recruiter takes the test for real, reads its report, and it counts nowhere', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signIn(page)
    await page.getByRole('link', { name: 'Demo: backend screening' }).click()
    const assessmentUrl = page.url()
    await page.getByRole('button', { name: 'Take it as a candidate' }).click()
    await page.waitForURL(/\/invite\//)
    await page.getByText('Your preview.').waitFor()
    await shot(page, '27-preview-start')
    await page.getByRole('button', { name: 'Start test' }).click()
    await page.getByText('Preview · not counted').waitFor()
    await answerDemo(page, 'The index makes a retried submit idempotent.')
    await page.getByText('This was your preview: it counts nowhere.').waitFor()
    await page.getByRole('link', { name: 'Open its report' }).click()
    await page.waitForURL(/\/results\/[0-9a-f-]{36}$/)
    await page.getByRole('heading', { name: 'Riley Recruiter (preview)' }).waitFor()
    await page.locator('.r-report-header').getByText('Preview · not counted').waitFor()
    // Graded and summarized like any attempt (the page refreshes itself while grading runs).
    await page.getByText('Grading in progress').waitFor({ state: 'detached', timeout: GRADING_MS })
    await page.getByText('Not graded yet').waitFor({ state: 'detached', timeout: GRADING_MS })
    await shot(page, '28-preview-report')

    // Not an invitation sent, not on the live board.
    await page.goto(assessmentUrl)
    const invitations = page.getByRole('region', { name: 'Invitations' })
    await invitations.getByRole('table').or(invitations.getByText('No invitations yet.')).waitFor()
    await expect(invitations.getByText('(preview)').count()).resolves.toBe(0)
    await page.goto(`${stack.base}/sessions`)
    await page.getByRole('heading', { name: 'Recently ended' }).waitFor()
    await expect(page.getByText('(preview)').count()).resolves.toBe(0)
    await context.close()
  }, 300_000)
})

/** A candidate who just started the demo test in a new browser profile: its first tab. */
async function startDemo() {
  const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
  const tab = await context.newPage()
  await tab.goto(`${stack.base}/invite/${stack.newInvitation()}`)
  await tab.getByRole('button', { name: 'Start test' }).click()
  return { context, tab }
}

const answerBox = (tab: Page) => tab.getByLabel('Your answer')
const savedStatus = (tab: Page) =>
  tab
    .getByRole('status')
    .filter({ hasText: /^Saved/ })
    .waitFor({ timeout: 15_000 })

describe('no lost text', () => {
  test('the assessment editor asks before any in-app navigation drops its changes', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const staff = await context.newPage()
    await signIn(staff)
    await staff.getByRole('link', { name: 'New assessment' }).click()
    await staff.getByLabel('Title').fill('Half-written screening')
    const leave = staff.getByRole('dialog', { name: 'Leave without saving?' })
    // The top navigation: stay, and the text is still there.
    await staff.getByRole('navigation').getByRole('link', { name: 'Live sessions' }).click()
    await leave.waitFor()
    await shot(staff, '18-editor-leave-guard')
    await leave.getByRole('button', { name: 'Stay and keep editing' }).click()
    await expect(staff.getByLabel('Title').inputValue()).resolves.toBe('Half-written screening')
    // The browser's Back, then "← Assessments": leave for real.
    await staff.goBack()
    await leave.waitFor()
    await leave.getByRole('button', { name: 'Stay and keep editing' }).click()
    await expect(staff.getByLabel('Title').inputValue()).resolves.toBe('Half-written screening')
    // Signing out is a way out too: it asks, and staying keeps both the text and the sign-in.
    await staff.getByRole('button', { name: 'Sign out' }).click()
    await leave.waitFor()
    await leave.getByRole('button', { name: 'Stay and keep editing' }).click()
    await expect(staff.getByLabel('Title').inputValue()).resolves.toBe('Half-written screening')
    await staff.getByRole('link', { name: '← Assessments' }).click()
    await leave.getByRole('button', { name: 'Leave without saving' }).click()
    await staff.waitForURL(/\/assessments$/)
    // Nothing typed, nothing asked.
    await staff.getByRole('link', { name: 'New assessment' }).click()
    await staff.getByLabel('Title').waitFor()
    await staff.getByRole('link', { name: '← Assessments' }).click()
    await staff.waitForURL(/\/assessments$/)
    // Signing out with nothing unsaved just signs out: the staff pages send to the login again.
    await staff.getByRole('button', { name: 'Sign out' }).click()
    await staff.waitForURL(/\/login$/)
    await staff.goto(`${stack.base}/assessments`)
    await staff.waitForURL(/\/login\?next=/)
    await context.close()
  }, 300_000)

  test('a sign-in that expires mid-edit loses nothing: the editor offers the changes back', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const staff = await context.newPage()
    await signIn(staff)
    await staff.getByRole('link', { name: 'New assessment' }).click()
    const title = 'Written before the sign-in expired'
    await staff.getByLabel('Title').fill(title)
    // The API refuses the save as it does an expired token: the page signs out.
    await staff.route('**/api/assessments', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'token_expired', message: 'The token expired' } }),
      }),
    )
    await staff.getByRole('button', { name: 'Save draft' }).click()
    await staff.waitForURL(/\/login\?next=%2Fassessments%2Fnew$/)
    await staff.unroute('**/api/assessments')
    await staff.getByLabel('Email').fill('recruiter@demo.assess.test')
    await staff.getByLabel('Password').fill('demo-password')
    await staff.getByRole('button', { name: 'Sign in' }).click()
    // Back in the editor, the unsaved text is offered (not applied unasked).
    const offer = staff.getByRole('region', { name: 'Unsaved changes' })
    await offer.waitFor()
    await expect(staff.getByLabel('Title').inputValue()).resolves.toBe('')
    await shot(staff, '29-editor-restore-offer')
    await offer.getByRole('button', { name: 'Restore them' }).click()
    await expect(staff.getByLabel('Title').inputValue()).resolves.toBe(title)
    // Leaving without saving forgets it: the next new assessment starts clean, nothing offered.
    await staff.getByRole('link', { name: '← Assessments' }).click()
    await staff
      .getByRole('dialog', { name: 'Leave without saving?' })
      .getByRole('button', { name: 'Leave without saving' })
      .click()
    await staff.getByRole('link', { name: 'New assessment' }).click()
    await staff.getByLabel('Title').waitFor()
    await expect(offer.count()).resolves.toBe(0)
    await context.close()
  }, 300_000)

  test('an unknown address says so in a page of its own (an h1, accessible)', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${stack.base}/no-such-page`)
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor()
    await expectAccessible(page, 'not-found')
    await context.close()
  }, 300_000)

  test('two tabs never lose the newer draft: a stale tab adopts it, a conflict lets the candidate choose', async () => {
    const { context, tab: tab1 } = await startDemo()
    // Both clocks in sight: this question's and the whole test's.
    await tab1.getByRole('timer', { name: "This question's clock" }).waitFor()
    await tab1.getByRole('timer', { name: "The whole test's clock" }).waitFor()
    // Nothing chosen: asked before an empty answer goes.
    await tab1.getByRole('button', { name: 'Submit answer' }).click()
    const empty = tab1.getByRole('dialog', { name: 'Submit an empty answer?' })
    await expectAccessible(tab1, 'empty-answer-dialog')
    await empty.getByRole('button', { name: 'Keep answering' }).click()
    await empty.waitFor({ state: 'hidden' })
    await tab1.getByRole('radio', { name: '409' }).check()
    await tab1.getByRole('button', { name: 'Submit answer' }).click()
    const saved = savedStatus
    const answer = answerBox
    const first = 'Tab one: a unique index turns a retried submit into a duplicate-key error.'
    await answer(tab1).fill(first)
    await saved(tab1)

    // Tab 2 opens the test: it cannot resume while tab 1 holds it, so "Continue here" has focus.
    const tab2 = await context.newPage()
    await tab2.goto(tab1.url())
    await tab2.getByText('Welcome back').waitFor()
    await waitUntil('"Continue here" focused', async () =>
      (await tab2.evaluate(() => document.activeElement?.textContent)) === 'Continue here'
        ? true
        : undefined,
    )
    await shot(tab2, '16-candidate-second-tab')
    await tab2.getByRole('button', { name: 'Continue here' }).click()
    await expect(answer(tab2).inputValue()).resolves.toBe(first)
    const newer = `${first} Tab two adds: so the API answers the first result again, idempotently.`
    await answer(tab2).fill(newer)
    await saved(tab2)

    // Tab 1 finds out it lost the test (its next call) and takes it back: the newer text shows.
    await tab1.evaluate(() => window.dispatchEvent(new Event('online')))
    await tab1.getByText('This test was continued on another device or tab').waitFor()
    await tab1.getByRole('button', { name: 'Continue here' }).click()
    await waitUntil('tab 1 shows the newer draft', async () =>
      (await answer(tab1).inputValue()) === newer ? true : undefined,
    )
    const third = `${newer} Tab one again.`
    await answer(tab1).fill(third)
    await saved(tab1)

    // Tab 2 typed on, unaware: its text was edited from an older draft, so the server refuses
    // it and the candidate chooses; nothing is overwritten meanwhile.
    await answer(tab2).fill(`${newer} Tab two, unsent.`)
    await tab2.getByText('This test was continued on another device or tab').waitFor()
    await tab2.getByRole('button', { name: 'Continue here' }).click()
    const conflict = tab2
      .getByRole('alert')
      .filter({ hasText: 'This answer was changed somewhere else' })
    await conflict.waitFor()
    await tab2
      .getByRole('status')
      .filter({ hasText: 'Not saved: choose a version (question 2)' })
      .waitFor()
    await conflict.getByText('Compare the two versions').click()
    await conflict.getByText('Tab one again.').waitFor()
    await shot(tab2, '17-candidate-draft-conflict')
    await conflict.getByRole('button', { name: 'Keep the newer version' }).click()
    await expect(answer(tab2).inputValue()).resolves.toBe(third)
    await saved(tab2)

    // What the server kept: a reload of tab 2 resumes with it.
    await tab2.reload()
    await tab2.getByRole('button', { name: 'Resume' }).click()
    await expect(answer(tab2).inputValue()).resolves.toBe(third)
    await context.close()
  }, 300_000)
})

/** The API as the demo recruiter (signed in through the API, not the page). */
async function asDemoRecruiter() {
  stack.newInvitation() // the demo recruiter exists from here on
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${stack.base}/api${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  const { token } = await call('POST', '/auth/login', {
    email: 'recruiter@demo.assess.test',
    password: 'demo-password',
  })
  return {
    post: (path: string, body: unknown) => call('POST', path, body, token),
    get: (path: string) => call('GET', path, undefined, token),
    /** A new candidate's invitation (their own attempts); its link's token. */
    async invite(assessmentId: string) {
      const email = `candidate-${crypto.randomUUID().slice(0, 8)}@example.test`
      const invited = await call(
        'POST',
        `/assessments/${assessmentId}/invitations`,
        { email },
        token,
      )
      return invited.token as string
    },
  }
}

/** The demo test for a candidate of its own (the seeded candidate's attempts are shared). */
async function freshDemoInvitation() {
  const recruiter = await asDemoRecruiter()
  const { assessments } = await recruiter.get('/assessments')
  const demo = assessments.find((a: { title: string }) => a.title === 'Demo: backend screening')
  return recruiter.invite(demo.id)
}

/** Short answers the API-made tests share, timed or not. */
const uniqueIndexQuestion = (time_limit_seconds: number | null) => ({
  type: 'short_answer',
  prompt: 'Name one reason for a **unique index** on an answers table.',
  points: 2,
  time_limit_seconds,
  expected_keywords: ['duplicate'],
  reference_answer: 'A retried submit cannot store a second answer.',
})
const idempotentQuestion = (time_limit_seconds: number | null) => ({
  type: 'short_answer',
  prompt: 'Name an HTTP method that is **idempotent**.',
  points: 1,
  time_limit_seconds,
  expected_keywords: ['put'],
  reference_answer: 'PUT',
})

/** A test made and published through the API as the demo recruiter; a new invitation's token. */
async function publishedInvitation(fields: {
  title: string
  navigation?: string
  questions: unknown[]
}) {
  const recruiter = await asDemoRecruiter()
  const { assessment } = await recruiter.post('/assessments', {
    duration_minutes: 30,
    ...fields,
    title: `${fields.title} ${crypto.randomUUID().slice(0, 8)}`,
  })
  await recruiter.post(`/assessments/${assessment.id}/publish`, {})
  return recruiter.invite(assessment.id)
}

/** Free navigation: an untimed MCQ, a timed short answer, an untimed one. */
const freeNavigationInvitation = () =>
  publishedInvitation({
    title: 'Free order',
    navigation: 'free',
    questions: [
      {
        type: 'mcq',
        prompt: 'Which HTTP status code means "Conflict"?',
        points: 1,
        time_limit_seconds: null,
        options: [
          { id: 'a', text: '404' },
          { id: 'b', text: '409' },
        ],
        correct_option_ids: ['b'],
      },
      uniqueIndexQuestion(120),
      idempotentQuestion(null),
    ],
  })

describe('free navigation', () => {
  test("a timed question's content and clock start when the candidate opens it", async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const tab = await context.newPage()
    await tab.goto(`${stack.base}/invite/${await freeNavigationInvitation()}`)
    // The start page says which rule applies.
    await tab.getByText('its time starts then, once').waitFor()
    await tab.getByRole('button', { name: 'Start test' }).click()
    await tab.getByRole('radio', { name: '409' }).waitFor()

    // Question 2 has its own limit: shown closed, no prompt on the page, until opened.
    const questions = tab.getByRole('navigation', { name: 'Questions' })
    await questions.getByRole('button', { name: 'Question 2 (not opened)' }).click()
    const openButton = tab.getByRole('button', { name: 'Open question 2 (2 minutes)' })
    await openButton.waitFor()
    await expect(tab.getByText('unique index').count()).resolves.toBe(0)
    await shot(tab, '25-candidate-open-question')
    await openButton.click()
    await tab.getByText('unique index').waitFor()
    await tab.getByRole('timer', { name: "This question's clock" }).waitFor()
    await answerBox(tab).fill('A retried submit must not store a duplicate.')
    await savedStatus(tab)

    // Back to question 1 and again to 2: it stays open, its text and clock kept.
    await questions.getByRole('button', { name: 'Question 1' }).click()
    await tab.getByRole('radio', { name: '409' }).check()
    await questions.getByRole('button', { name: 'Question 2' }).click()
    await expect(answerBox(tab).inputValue()).resolves.toBe(
      'A retried submit must not store a duplicate.',
    )
    await context.close()
  }, 120_000)

  test('an untimed question shown while offline is opened on the server once back online', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const tab = await context.newPage()
    await tab.goto(`${stack.base}/invite/${await freeNavigationInvitation()}`)
    await tab.getByRole('button', { name: 'Start test' }).click()
    await tab.getByRole('radio', { name: '409' }).waitFor()
    const questions = tab.getByRole('navigation', { name: 'Questions' })

    const opening = (r: { url(): string; method(): string }) =>
      r.method() === 'POST' && /\/questions\/[^/]+\/open$/.test(new URL(r.url()).pathname)
    await context.setOffline(true)
    const failed = tab.waitForEvent('requestfailed', opening)
    await questions.getByRole('button', { name: 'Question 3', exact: true }).click()
    // Nothing to withhold: its text shows at once, though the server could not be told.
    await tab.getByText('idempotent').waitFor()
    await failed

    const reopened = tab.waitForResponse((r) => opening(r.request()))
    await context.setOffline(false)
    const response = await reopened
    expect(response.status()).toBe(200)
    const state = await response.json()
    expect(state.questions[2]).toMatchObject({ opened: true, answered: false })
    await context.close()
  }, 120_000)
})

/** Two short answers in order, the second timed (5 s, the least a question may have). */
const lastQuestionTimedInvitation = () =>
  publishedInvitation({
    title: 'Timed last question',
    questions: [uniqueIndexQuestion(null), idempotentQuestion(5)],
  })

describe('endings and the report', () => {
  test('the clock submits a timed last question: the done page and the report say so; a paste is marked on its answer', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const tab = await context.newPage()
    await tab.goto(`${stack.base}/invite/${await lastQuestionTimedInvitation()}`)
    await tab.getByRole('button', { name: 'Start test' }).click()
    await answerBox(tab).fill('So a retried submit is a duplicate, never a second answer.')
    // A paste into the first answer (as the browser reports one), sent before going on.
    const sent = tab.waitForResponse(
      (r) => r.url().endsWith('/events') && r.request().method() === 'POST',
    )
    await answerBox(tab).evaluate((box) => {
      const data = new DataTransfer()
      data.setData('text/plain', 'a duplicate')
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }))
    })
    expect((await sent).status()).toBe(202)
    await tab.getByRole('button', { name: 'Submit answer' }).click()
    // Question 2 runs out while the candidate is still typing: the clock submits the draft.
    await tab.getByText('Name an HTTP method').waitFor()
    await answerBox(tab).fill('PUT')
    await savedStatus(tab)
    await tab.waitForURL(/\/done$/, { timeout: 30_000 })
    await tab
      .getByText(
        /Your last answer, to question 2, was submitted by the clock at .*, when its time ran out/,
      )
      .waitFor()
    await shot(tab, '30-candidate-done-by-clock')
    const sessionId = /\/test\/([0-9a-f-]{36})\/done/.exec(tab.url())?.[1]

    const staff = await context.newPage()
    await signIn(staff)
    await staff.goto(`${stack.base}/results/${sessionId}`)
    await staff
      .getByText("Finished: question 2's time ran out, and the clock submitted it")
      .waitFor()
    await staff.getByText(/Pasted into: 1 paste/).waitFor()
    // The timeline names questions by number, in a reader's words; never a raw id.
    const timeline = staff.getByTestId('timeline')
    await timeline
      .getByRole('row')
      .filter({ hasText: 'Pasted text' })
      .filter({ hasText: 'question 1' })
      .waitFor()
    const text = (await timeline.textContent()) ?? ''
    expect(text).toContain('Answer submitted')
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/)
    await shot(staff, '31-report-by-clock')
    await context.close()
  }, 300_000)
})

describe('on a phone', () => {
  test('the coding workspace stacks: the problem above the editor, nothing wider than the screen', async () => {
    const context = await stack.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    })
    const tab = await context.newPage()
    await tab.goto(`${stack.base}/invite/${await freshDemoInvitation()}`)
    await tab.getByRole('button', { name: 'Start test' }).click()
    await tab.getByRole('radio', { name: '409' }).check()
    await tab.getByRole('button', { name: 'Submit answer' }).click()
    await answerBox(tab).fill('A retried submit must not store a second answer.')
    await tab.getByRole('button', { name: 'Submit answer' }).click()

    const editor = tab.getByLabel('Code editor')
    await editor.waitFor()
    const problem = await tab.locator('.t-prompt').boundingBox()
    const code = await editor.boundingBox()
    if (!problem || !code) throw new Error('the problem and the editor are on screen')
    expect(problem.y + problem.height).toBeLessThanOrEqual(code.y)
    expect(code.x + code.width).toBeLessThanOrEqual(390)
    // No sideways scrolling: the page fits the phone's width.
    await expect(
      tab.evaluate(() => document.documentElement.scrollWidth),
    ).resolves.toBeLessThanOrEqual(390)
    await tab.getByRole('button', { name: 'Run sample tests' }).waitFor()
    await shot(tab, '26-candidate-code-phone')
    await context.close()
  }, 120_000)
})

describe('no lost text, a duplicated tab', () => {
  test('a duplicated browser tab shares the lease, yet its older text never replaces the newer', async () => {
    const { context, tab: tab1 } = await startDemo()
    await tab1.getByRole('radio', { name: '409' }).check()
    await tab1.getByRole('button', { name: 'Submit answer' }).click()
    const answer = answerBox
    const saved = savedStatus
    await answer(tab1).fill('First version.')
    await saved(tab1)

    // "Duplicate tab": the browser copies the tab's sessionStorage, the lease with it.
    const storage = await tab1.evaluate(() => JSON.stringify(Object.entries(sessionStorage)))
    const tab2 = await context.newPage()
    await tab2.addInitScript((entries: string) => {
      for (const [k, v] of JSON.parse(entries) as [string, string][]) sessionStorage.setItem(k, v)
    }, storage)
    await tab2.goto(tab1.url())
    await tab2.getByRole('button', { name: 'Resume' }).click()
    await expect(answer(tab2).inputValue()).resolves.toBe('First version.')

    // Tab 1 saves newer text; tab 2, still on the first version, edits it: refused, and asked.
    await answer(tab1).fill('First version. Newer, from tab 1.')
    await saved(tab1)
    await answer(tab2).fill('First version. Older, from the duplicate.')
    const conflict = tab2
      .getByRole('alert')
      .filter({ hasText: 'This answer was changed somewhere else' })
    await conflict.waitFor()
    await conflict.getByRole('button', { name: 'Keep the newer version' }).click()
    await expect(answer(tab2).inputValue()).resolves.toBe('First version. Newer, from tab 1.')
    await context.close()
  }, 300_000)
})

describe('reference and security headers', () => {
  test('the API reference renders with no internet, under a CSP that allows only our scripts', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } })
    // No internet: anything not from this origin fails.
    const elsewhere: string[] = []
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith(stack.base)) return route.continue()
      elsewhere.push(route.request().url())
      return route.abort()
    })
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text())
    })
    page.on('pageerror', (e) => violations.push(e.message))
    await page.goto(`${stack.base}/api/docs`)
    await page.getByRole('heading', { name: 'assess API' }).first().waitFor({ timeout: 30_000 })
    await page.getByText('Liveness: the process answers').first().waitFor()
    await shot(page, '19-api-reference', { axe: false })
    // The SPA under the same policy: its sign-in page, with no violation either.
    await page.goto(`${stack.base}/login`)
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    // The first Tab reaches the skip link; it takes the keyboard to the page's content.
    await page.keyboard.press('Tab')
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '')
    await expect(focused()).resolves.toBe('Skip to content')
    await page.keyboard.press('Enter')
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('MAIN')
    expect(violations).toEqual([])
    expect(elsewhere).toEqual([])
    await context.close()
  }, 300_000)
})

/** "12:34" → 12.57 (minutes), for comparing timer readings. */
function minutes(text: string | null): number {
  const [m = '0', s = '0'] = (text ?? '').trim().split(':')
  return Number(m) + Number(s) / 60
}
