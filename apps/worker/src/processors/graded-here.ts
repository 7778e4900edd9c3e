/**
 * What this process's MCQ batches graded lately, and the batches still being written. A batch
 * grades a session's open MCQ answers at once, so the session's other jobs find their answer
 * graded: when the batch is this process's, they need not ask the database, nor wait for the
 * session lock behind it (each waiting job would hold a connection and re-read the session).
 * Only a first grading's job (revision 0) may settle this way: for it a committed grade always
 * means "done", even if a regrade has reset the answer since (the regrade's own job grades it).
 */
export class GradedHere {
  private readonly ids = new Set<string>()
  private readonly running = new Map<string, Promise<unknown>>()

  /** `limit`: answer ids remembered (oldest forgotten first). */
  constructor(private readonly limit = 50_000) {}

  add(answerIds: Iterable<string>) {
    for (const id of answerIds) {
      this.ids.add(id)
      // A Set iterates in insertion order: its first entry is the oldest.
      if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string)
    }
  }

  has(answerId: string) {
    return this.ids.has(answerId)
  }

  /**
   * Runs `batch` for the session, remembering the answers it committed (`committed` names them)
   * before anyone awaiting it resumes.
   */
  async batch<T>(
    sessionId: string,
    batch: () => Promise<T>,
    committed: (result: T) => string[],
  ): Promise<T> {
    const run = batch().then((result) => {
      this.add(committed(result))
      return result
    })
    this.running.set(sessionId, run)
    try {
      return await run
    } finally {
      if (this.running.get(sessionId) === run) this.running.delete(sessionId)
    }
  }

  /** Waits for this process's batch of the session, if one is being written (never throws). */
  async settled(sessionId: string): Promise<void> {
    await this.running.get(sessionId)?.catch(() => {})
  }
}
