import type { EmailDataOf, EmailKind } from '@assess/core'

/** What a template is made of; the plain-text and HTML parts are both rendered from it. */
type Block =
  | { paragraph: string }
  | { facts: [label: string, value: string][] }
  | { link: { label: string; href: string } }

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

/** Data no template can render (a link that is not http(s)): sending it again cannot help. */
export class UnrenderableEmailError extends Error {
  override name = 'UnrenderableEmailError'
}

const templates: { [K in EmailKind]: (data: EmailDataOf<K>) => [string, Block[]] } = {
  candidate_invitation: (d) => [
    `Your invitation: ${d.assessment_title} (${d.org_name})`,
    [
      { paragraph: d.candidate_name ? `Hello ${d.candidate_name},` : 'Hello,' },
      { paragraph: `${d.org_name} invites you to take the assessment "${d.assessment_title}".` },
      {
        facts: [
          ['Duration', durationOf(d.duration_minutes, d.extra_time_percent)],
          ...(d.extra_time_percent > 0
            ? [['Extra time', `+${d.extra_time_percent}%`] as [string, string]]
            : []),
          ['Link valid until', dateOf(d.expires_at)],
        ],
      },
      { link: { label: 'Start the assessment', href: d.link } },
      {
        paragraph:
          'This link is yours alone: do not forward it. The clock starts only when you press Start.',
      },
    ],
  ],
  member_invitation: (d) => [
    `Join ${d.org_name} on assess`,
    [
      { paragraph: `Hello ${d.name},` },
      {
        paragraph: `${d.invited_by ?? 'An administrator'} invited you to join ${d.org_name} as ${
          d.role === 'admin' ? 'an admin' : 'a recruiter'
        }.`,
      },
      { facts: [['Invitation valid until', dateOf(d.expires_at)]] },
      { link: { label: 'Accept the invitation', href: d.link } },
      { paragraph: 'If you did not expect this, ignore this email.' },
    ],
  ],
  results_ready: (d) => {
    const candidate = d.candidate_name
      ? `${d.candidate_name} (${d.candidate_email})`
      : d.candidate_email
    return [
      `Results ready: ${d.candidate_name ?? d.candidate_email}, ${d.assessment_title}`,
      [
        { paragraph: `Hello ${d.recruiter_name},` },
        { paragraph: `${candidate} finished "${d.assessment_title}" and has been graded.` },
        {
          facts: [
            ['Score', d.percentage === null ? 'not scored' : `${round1(d.percentage)}%`],
            ['Recommendation', recommendationOf(d.recommendation)],
          ],
        },
        { link: { label: 'Open the report', href: d.report_url } },
      ],
    ]
  },
}

/** The email of this kind from its (validated) data; every value is escaped in the HTML. */
export function renderEmail<K extends EmailKind>(kind: K, data: EmailDataOf<K>): RenderedEmail {
  const [subject, blocks] = templates[kind](data)
  return {
    // A line break in a subject would end the header: names come from user input.
    subject: subject.replace(/[\r\n\t]+/g, ' ').trim(),
    text: `${blocks.map(textOf).join('\n\n')}\n`,
    html: `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2937">
${blocks.map(htmlOf).join('\n')}
</body></html>
`,
  }
}

function textOf(block: Block): string {
  if ('paragraph' in block) return block.paragraph
  if ('facts' in block) return block.facts.map(([label, value]) => `${label}: ${value}`).join('\n')
  return `${block.link.label}: ${safeHref(block.link.href)}`
}

function htmlOf(block: Block): string {
  if ('paragraph' in block) return `<p>${escapeHtml(block.paragraph)}</p>`
  if ('facts' in block)
    return `<table role="presentation">${block.facts
      .map(
        ([label, value]) =>
          `<tr><td style="padding-right: 1em; color: #6b7280">${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>`,
      )
      .join('')}</table>`
  const href = escapeHtml(safeHref(block.link.href))
  return `<p><a href="${href}" style="font-weight: 600">${escapeHtml(block.link.label)}</a></p>
<p style="font-size: 0.85em; color: #6b7280">Or paste this address into your browser: ${href}</p>`
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** Only web links: a `javascript:` URL passes a URL check but must never become a link. */
function safeHref(href: string): string {
  const url = URL.parse(href)
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new UnrenderableEmailError('the link is not an http(s) URL')
  return url.toString()
}

function durationOf(minutes: number | null, extraPercent: number): string {
  if (minutes === null) return 'no time limit'
  if (extraPercent === 0) return `${minutes} minutes`
  const total = Math.round(minutes * (1 + extraPercent / 100) * 100) / 100
  return `${total} minutes (${minutes} plus your extra time)`
}

/** Dates in UTC, said so (the reader's time zone is unknown), spelled out the same everywhere. */
function dateOf(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${time} UTC`
}
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const pad = (n: number) => String(n).padStart(2, '0')

const round1 = (n: number) => Math.round(n * 10) / 10

const recommendations: Record<string, string> = {
  strong_hire: 'Strong hire',
  hire: 'Hire',
  maybe: 'Maybe',
  no_hire: 'No hire',
}
const recommendationOf = (r: string | null) => (r === null ? 'none' : (recommendations[r] ?? r))
