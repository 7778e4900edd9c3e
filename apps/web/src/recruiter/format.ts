import { CODE_LANGUAGE_LABELS } from '@assess/core'

/** How the recruiter pages say dates, durations, scores and statuses. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' })

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—'
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : '—'
}

export function formatTime(iso: string | number | null | undefined): string {
  return iso === null || iso === undefined ? '—' : timeOnly.format(new Date(iso))
}

/** 95 000 → "1 min 35 s"; 30 → "30 ms". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const total = Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h) return `${h} h ${m} min`
  if (m) return s ? `${m} min ${s} s` : `${m} min`
  return `${s} s`
}

/** "12 s ago", "5 min ago", from an ISO time and the current time. */
export function formatAgo(iso: string | null, now: number): string {
  if (!iso) return 'never'
  const ms = Math.max(0, now - new Date(iso).getTime())
  return `${formatDuration(Math.max(ms, 1000))} ago`
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—'
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, '')
}

export function formatPercent(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : `${formatNumber(n)}%`
}

export type Tone = 'ok' | 'warn' | 'danger' | ''

export const RECOMMENDATIONS = ['strong_hire', 'hire', 'maybe', 'no_hire'] as const
export type Recommendation = (typeof RECOMMENDATIONS)[number]

const recommendationWords: Record<Recommendation, [string, Tone]> = {
  strong_hire: ['Strong hire', 'ok'],
  hire: ['Hire', 'ok'],
  maybe: ['Maybe', 'warn'],
  no_hire: ['No hire', 'danger'],
}

export function recommendationLabel(r: string | null | undefined): string {
  return r && r in recommendationWords ? recommendationWords[r as Recommendation][0] : '—'
}

export function recommendationTone(r: string | null | undefined): Tone {
  return r && r in recommendationWords ? recommendationWords[r as Recommendation][1] : ''
}

const statusWords: Record<string, [string, Tone]> = {
  draft: ['Draft', 'warn'],
  published: ['Published', 'ok'],
  archived: ['Archived', ''],
  pending: ['Pending', ''],
  accepted: ['Accepted', 'ok'],
  revoked: ['Revoked', 'danger'],
  expired: ['Expired', 'warn'],
  active: ['Active', 'ok'],
  in_progress: ['In progress', 'ok'],
  deactivated: ['Deactivated', 'danger'],
  paused: ['Paused', 'warn'],
  completed: ['Completed', 'ok'],
  abandoned: ['Abandoned', 'danger'],
  cancelled: ['Cancelled', ''],
  grading: ['Grading', ''],
  graded: ['Graded', 'ok'],
  failed: ['Failed', 'danger'],
  needs_review: ['Needs review', 'warn'],
  done: ['Done', 'ok'],
}

export function statusLabel(status: string | null | undefined): string {
  if (!status) return '—'
  return statusWords[status]?.[0] ?? status.replaceAll('_', ' ')
}

export function statusTone(status: string | null | undefined): Tone {
  return (status && statusWords[status]?.[1]) || ''
}

const completionWords: Record<string, string> = {
  manual: 'Submitted by the candidate',
  auto: 'Finished (all questions answered)',
  timer_expired: 'Time ran out',
  tab_close: 'Tab closed, did not return',
  heartbeat_timeout: 'Connection lost (no heartbeat)',
  cancelled: 'Cancelled',
}

export function completionLabel(method: string | null | undefined, status?: string): string {
  if (!method) return '—'
  // An abandon with `manual` is the candidate quitting, not submitting.
  if (method === 'manual' && status === 'abandoned') return 'Quit by the candidate'
  return completionWords[method] ?? method.replaceAll('_', ' ')
}

export const QUESTION_TYPE_LABELS = {
  mcq: 'Multiple choice',
  short_answer: 'Short answer',
  code: 'Code',
} as const

export function questionTypeLabel(type: string): string {
  return (QUESTION_TYPE_LABELS as Record<string, string>)[type] ?? type
}

export const LANGUAGE_LABELS: Record<string, string> = CODE_LANGUAGE_LABELS

/** JSON on one line with a space after each comma (so a cell can wrap between values). */
export function json(value: unknown): string {
  if (value === undefined) return '—'
  try {
    return spaced(value)
  } catch {
    return String(value)
  }
}

function spaced(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(spaced).join(', ')}]`
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${spaced(v)}`)
      .join(', ')}}`
  return JSON.stringify(value) ?? String(value)
}
