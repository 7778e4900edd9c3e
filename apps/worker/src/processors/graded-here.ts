/**
 * Answer ids whose MCQ batch this process committed lately (bounded, oldest forgotten first).
 * A batch grades a session's open MCQ answers at once, so the session's other jobs find their
 * answer graded: when the batch was this process's, they need not ask the database. Only a
 * first grading's job (revision 0) may settle this way: for it a committed grade always means
 * "done", even if a regrade has reset the answer since (the regrade's own job grades it).
 */
export class GradedHere {
  private readonly ids = new Set<string>()

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
}
