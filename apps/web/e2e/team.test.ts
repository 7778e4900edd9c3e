import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { Page } from 'playwright-core'
import { expectAccessible } from './axe.ts'
import { shot, startStack } from './stack.ts'

/**
 * The Team page in a real browser against the real API: an admin invites a recruiter, who joins
 * by the link in another browser and lands signed in (without the admin-only Team link); the
 * admin deactivates them, and the recruiter's open page signs them out on its next request.
 */
let stack: Awaited<ReturnType<typeof startStack>>
beforeAll(async () => {
  stack = await startStack('e2e_team')
}, 300_000)
afterAll(() => stack?.stop())

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' })

describe('the team in a browser', () => {
  test('invite → join by link → deactivate → the member is signed out', async () => {
    const adminContext = await stack.browser.newContext()
    const memberContext = await stack.browser.newContext()
    try {
      const admin = await adminContext.newPage()
      await admin.goto(`${stack.base}/login`)
      await admin.getByLabel('Email').fill('recruiter@demo.assess.test')
      await admin.getByLabel('Password').fill('demo-password')
      await admin.getByRole('button', { name: 'Sign in' }).click()
      await nav(admin).getByRole('link', { name: 'Team' }).click()
      await admin.getByRole('heading', { level: 1, name: 'Team' }).waitFor()

      await admin.getByLabel('Email').fill('rita@demo.assess.test')
      await admin.getByLabel('Name').fill('Rita Recruiter')
      await admin.getByLabel('Role', { exact: true }).selectOption('recruiter')
      await admin.getByRole('button', { name: 'Create invitation' }).click()
      const link = ((await admin.getByTestId('member-invitation-link').textContent()) ?? '').trim()
      expect(link).toContain('/join/')
      await admin
        .getByRole('button', { name: 'Revoke invitation for rita@demo.assess.test' })
        .waitFor()
      await shot(admin, 'team-01-invited')

      const member = await memberContext.newPage()
      await member.goto(`${stack.base}${new URL(link).pathname}`)
      await member.getByRole('heading', { level: 1, name: /^Join / }).waitFor()
      expect(await member.getByLabel('Your name').inputValue()).toBe('Rita Recruiter')
      await member.getByLabel('Password').fill('rita-password-1')
      await shot(member, 'team-02-join')
      await member.getByRole('button', { name: 'Join and sign in' }).click()
      await member.waitForURL(/\/assessments$/)
      await nav(member).getByRole('link', { name: 'Results' }).waitFor()
      expect(await nav(member).getByRole('link', { name: 'Team' }).count()).toBe(0)

      await admin.reload()
      await admin
        .getByRole('button', { name: 'Deactivate Rita Recruiter' })
        .click({ timeout: 30_000 })
      const deactivate = admin.getByRole('dialog', { name: 'Deactivate Rita Recruiter?' })
      await deactivate.waitFor()
      await expectAccessible(admin, 'deactivate-dialog')
      await deactivate.getByRole('button', { name: 'Deactivate' }).click()
      await admin.getByRole('button', { name: 'Reactivate Rita Recruiter' }).waitFor()
      await shot(admin, 'team-03-deactivated')

      // The member's next request is refused: the page signs them out.
      await nav(member).getByRole('link', { name: 'Results' }).click()
      await member.waitForURL(/\/login/)
      await member.getByLabel('Email').fill('rita@demo.assess.test')
      await member.getByLabel('Password').fill('rita-password-1')
      await member.getByRole('button', { name: 'Sign in' }).click()
      await member.getByText('This account has been deactivated').waitFor()
    } finally {
      await adminContext.close()
      await memberContext.close()
    }
  }, 180_000)
})
