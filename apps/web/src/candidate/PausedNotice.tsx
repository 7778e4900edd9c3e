import { useEffect, useRef } from 'react'

/**
 * Shown instead of the question while a recruiter has paused the test: why, and that no time is
 * lost. The page re-reads the session every few seconds and carries on by itself on resume.
 */
export function PausedNotice({ reason }: { reason: string | null }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="t-paused card" role="alertdialog" aria-labelledby="paused-title">
      <h2 id="paused-title" ref={heading} tabIndex={-1}>
        Your test is paused
      </h2>
      {reason ? (
        <p>
          The recruiter paused it: <q>{reason}</q>
        </p>
      ) : null}
      <p>
        Your timer has stopped, so you lose no time. Your answers so far are saved. Stay on this
        page: the test continues here as soon as the recruiter resumes it.
      </p>
    </section>
  )
}
