/**
 * The server clock's rules, pure: no I/O, time passed in. The API's lazy catch-up and the
 * worker's sweeper both call planCatchUp, so a deadline means the same thing everywhere.
 */

export interface ClockQuestion {
  id: string
  timeLimitSeconds: number | null
}

export interface ClockSession {
  navigation: 'sequential' | 'free'
  startedAt: Date
  /** started_at + duration × (1 + extra time); null when there is no overall limit. */
  expiresAt: Date | null
  graceSeconds: number
  extraTimePercent: number
  currentQuestionIndex: number
  currentQuestionServedAt: Date | null
  answeredQuestionIds: ReadonlySet<string>
  /** Time a recruiter added to each question's window (ms, by id), added back to the time charged. */
  windowExtensionsMs?: Readonly<Record<string, number>>
  /**
   * Free navigation: when each question was first opened (server-stamped), by id. A question's
   * window starts then, so reading ahead costs no time and an unopened question cannot expire.
   */
  questionServedAt?: Readonly<Record<string, Date>>
}

const ms = (d: Date) => d.getTime()

/** expires_at for a session starting now; extra time (accommodations) stretches it. */
export function sessionExpiresAt(
  startedAt: Date,
  durationMinutes: number | null,
  extraTimePercent: number,
) {
  if (durationMinutes === null) return null
  return new Date(ms(startedAt) + durationMinutes * 60_000 * (1 + extraTimePercent / 100))
}

/** A question's own limit, stretched by the same extra time. */
export function questionLimitMs(q: ClockQuestion, extraTimePercent: number): number | null {
  return q.timeLimitSeconds === null
    ? null
    : q.timeLimitSeconds * 1000 * (1 + extraTimePercent / 100)
}

/** min(served_at + limit, expires_at): when the candidate's time for a question runs out. */
export function windowEnd(s: ClockSession, q: ClockQuestion, servedAt: Date): Date | null {
  const limit = questionLimitMs(q, s.extraTimePercent)
  const byLimit = limit === null ? null : ms(servedAt) + limit
  const bySession = s.expiresAt === null ? null : ms(s.expiresAt)
  if (byLimit === null && bySession === null) return null
  return new Date(
    Math.min(byLimit ?? Number.POSITIVE_INFINITY, bySession ?? Number.POSITIVE_INFINITY),
  )
}

/** The last moment a submit is accepted: the window's end plus the network grace. */
export function acceptUntil(s: ClockSession, end: Date | null): Date | null {
  return end === null ? null : new Date(ms(end) + s.graceSeconds * 1000)
}

/**
 * When a question was served: sequential navigation serves one at a time (the current one);
 * free navigation serves each when the candidate first opens it. Null: not served yet.
 */
export function servedAt(s: ClockSession, q: ClockQuestion, index: number): Date | null {
  if (s.navigation === 'free') return s.questionServedAt?.[q.id] ?? null
  return index === s.currentQuestionIndex ? s.currentQuestionServedAt : null
}

/**
 * Free navigation: a timed question not opened yet is withheld. Its content (prompt, options,
 * sample tests) goes out, and it may be run or answered, only from its first opening, when
 * its own time starts.
 */
export function withheld(s: ClockSession, q: ClockQuestion, index: number): boolean {
  return s.navigation === 'free' && q.timeLimitSeconds !== null && servedAt(s, q, index) === null
}

export interface Finalization {
  questionId: string
  index: number
  /** Null: never opened (free navigation), so no time was spent on it. */
  servedAt: Date | null
  windowEnd: Date
}

export interface CatchUpPlan {
  /** Questions whose window closed: finalized from their draft (or empty), time_expired. */
  finalize: Finalization[]
  currentQuestionIndex: number
  currentQuestionServedAt: Date | null
  /** `expired` past expires_at + grace; `completed` once every question has an answer. */
  outcome: 'active' | 'completed' | 'expired'
  /** When the catch-up next has something to do; null when nothing can expire. */
  nextDeadlineAt: Date | null
}

/**
 * Everything the clock says must have happened by `now`. Deterministic: running it late (the
 * sweeper was slow, the candidate was away) gives the result running it on time would have,
 * because a question served after a closed window is served at that window's deadline.
 */
export function planCatchUp(
  s: ClockSession,
  questions: readonly ClockQuestion[],
  now: Date,
): CatchUpPlan {
  const answered = new Set(s.answeredQuestionIds)
  const finalize: Finalization[] = []
  let index = s.currentQuestionIndex
  let served = s.currentQuestionServedAt
  const sessionOver = s.expiresAt !== null && ms(now) > ms(s.expiresAt) + s.graceSeconds * 1000

  if (s.navigation === 'sequential') {
    while (index < questions.length) {
      const q = questions[index] as ClockQuestion
      if (answered.has(q.id)) {
        index++
        continue
      }
      const at = served ?? now
      const end = windowEnd(s, q, at)
      const deadline = acceptUntil(s, end)
      if (end === null || deadline === null || ms(now) <= ms(deadline)) break
      finalize.push({ questionId: q.id, index, servedAt: at, windowEnd: end })
      answered.add(q.id)
      served = deadline
      index++
    }
  } else {
    questions.forEach((q, i) => {
      if (answered.has(q.id)) return
      const at = servedAt(s, q, i)
      if (at === null) {
        // Never opened: only the session's end closes it (every question gets its answer).
        if (sessionOver && s.expiresAt) {
          finalize.push({ questionId: q.id, index: i, servedAt: null, windowEnd: s.expiresAt })
          answered.add(q.id)
        }
        return
      }
      const end = windowEnd(s, q, at)
      const deadline = acceptUntil(s, end)
      if (end === null || deadline === null || ms(now) <= ms(deadline)) return
      finalize.push({ questionId: q.id, index: i, servedAt: at, windowEnd: end })
      answered.add(q.id)
    })
    index = firstUnanswered(questions, answered)
  }

  const allAnswered = questions.every((q) => answered.has(q.id))
  const outcome = sessionOver ? 'expired' : allAnswered ? 'completed' : 'active'
  return {
    finalize,
    currentQuestionIndex: Math.min(index, questions.length),
    currentQuestionServedAt: outcome === 'active' ? served : null,
    outcome,
    nextDeadlineAt:
      outcome === 'active'
        ? nextDeadline(
            { ...s, currentQuestionIndex: index, currentQuestionServedAt: served },
            questions,
            answered,
          )
        : null,
  }
}

export function firstUnanswered(
  questions: readonly ClockQuestion[],
  answered: ReadonlySet<string>,
) {
  const i = questions.findIndex((q) => !answered.has(q.id))
  return i === -1 ? questions.length : i
}

/** The earliest deadline among the questions still open (grace included). */
export function nextDeadline(
  s: ClockSession,
  questions: readonly ClockQuestion[],
  answered: ReadonlySet<string> = s.answeredQuestionIds,
): Date | null {
  const candidates: number[] = []
  const sessionEnd = acceptUntil(s, s.expiresAt)
  if (sessionEnd) candidates.push(ms(sessionEnd))
  questions.forEach((q, i) => {
    if (answered.has(q.id)) return
    const at = servedAt(s, q, i)
    if (!at) return
    const deadline = acceptUntil(s, windowEnd(s, q, at))
    if (deadline) candidates.push(ms(deadline))
  })
  return candidates.length ? new Date(Math.min(...candidates)) : null
}

/** What a response's timer fields say: the server's remaining time, never the client's. */
export function remaining(s: ClockSession, q: ClockQuestion | null, index: number, now: Date) {
  const at = q ? servedAt(s, q, index) : null
  const end = q && at ? windowEnd(s, q, at) : null
  return {
    questionDeadline: end,
    questionRemainingMs: end === null ? null : Math.max(0, ms(end) - ms(now)),
    sessionRemainingMs: s.expiresAt === null ? null : Math.max(0, ms(s.expiresAt) - ms(now)),
  }
}

/**
 * Free navigation: the candidate opens question `index` for the first time, and its window
 * starts now. Null when there is nothing to stamp: sequential navigation, an answered question,
 * or one opened before (the first opening counts, however often it is opened again).
 */
export function planOpen(
  s: ClockSession,
  questions: readonly ClockQuestion[],
  index: number,
  now: Date,
): { servedAt: Date; nextDeadlineAt: Date | null } | null {
  const q = questions[index]
  if (s.navigation !== 'free' || !q || s.answeredQuestionIds.has(q.id)) return null
  if (s.questionServedAt?.[q.id]) return null
  const opened = { ...s, questionServedAt: { ...s.questionServedAt, [q.id]: now } }
  return { servedAt: now, nextDeadlineAt: nextDeadline(opened, questions) }
}
