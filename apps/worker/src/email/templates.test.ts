import { describe, expect, test } from 'bun:test'
import { renderEmail, UnrenderableEmailError } from './templates.ts'

describe('email templates', () => {
  test('member invitation: organization, role, who invited, link and expiry', () => {
    const email = renderEmail('member_invitation', {
      name: 'Mo',
      org_name: 'Acme',
      role: 'admin',
      invited_by: 'Ada <ada@acme.test>',
      expires_at: '2031-01-05T09:05:00.000Z',
      link: 'https://assess.test/join/abc',
    })
    expect(email.subject).toBe('Join Acme on assess')
    expect(email.text).toContain('Ada <ada@acme.test> invited you to join Acme as an admin.')
    expect(email.text).toContain('Invitation valid until: Sun 5 January 2031, 09:05 UTC')
    expect(email.text).toContain('Accept the invitation: https://assess.test/join/abc')
    expect(email.html).toContain('Ada &lt;ada@acme.test&gt; invited you')
    expect(email.html).toContain('<a href="https://assess.test/join/abc"')
  })

  test('results ready: candidate, assessment, percentage, recommendation and report link', () => {
    const email = renderEmail('results_ready', {
      recruiter_name: 'Rita',
      candidate_name: 'Ada',
      candidate_email: 'ada@example.test',
      assessment_title: 'Backend basics',
      percentage: 72.456,
      recommendation: 'strong_hire',
      report_url: 'https://assess.test/results/s1',
    })
    expect(email.subject).toBe('Results ready: Ada, Backend basics')
    expect(email.text).toContain('Hello Rita,')
    expect(email.text).toContain('Ada (ada@example.test) finished "Backend basics"')
    expect(email.text).toContain('Score: 72.5%')
    expect(email.text).toContain('Recommendation: Strong hire')
    expect(email.text).toContain('Open the report: https://assess.test/results/s1')
    const unnamed = renderEmail('results_ready', {
      recruiter_name: 'Rita',
      candidate_name: null,
      candidate_email: 'ada@example.test',
      assessment_title: 'Backend basics',
      percentage: null,
      recommendation: null,
      report_url: 'https://assess.test/results/s1',
    })
    expect(unnamed.subject).toBe('Results ready: ada@example.test, Backend basics')
    expect(unnamed.text).toContain('Score: not scored')
  })

  test('a link that is not http(s) is refused, never rendered', () => {
    expect(() =>
      renderEmail('member_invitation', {
        name: 'Mo',
        org_name: 'Acme',
        role: 'recruiter',
        invited_by: null,
        expires_at: '2031-01-05T09:05:00.000Z',
        link: 'javascript:alert(1)',
      }),
    ).toThrow(UnrenderableEmailError)
  })
})
