/**
 * Collects the items added during one tick and hands them to `flush` together on the next,
 * in the order they were added: hot paths that each need a round trip (a live event, a queued
 * job) share one under load. Every add of a batch settles with that batch's flush.
 */
export function tickBatcher<T>(flush: (items: T[]) => Promise<void>) {
  let open: { items: T[]; flushed: Promise<void> } | null = null
  return (...items: T[]): Promise<void> => {
    if (open) {
      open.items.push(...items)
      return open.flushed
    }
    const batch = { items: [...items], flushed: Promise.resolve() }
    batch.flushed = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      open = null // what is added from now on goes out with the next flush
      return flush(batch.items)
    })
    open = batch
    return batch.flushed
  }
}
