/**
 * Collects the items added during one tick and hands them to `flush` together on the next,
 * in the order they were added: hot paths that each need a round trip (a live event, a queued
 * job, a heartbeat's UPDATE) share one under load. Every add of a batch settles with that
 * batch's flush, and gets what it returned: each caller picks its own part. A batch that holds
 * `maxItems` closes: later adds go out in another, flushed in the same tick.
 */
export function tickBatcher<T, R = void>(
  flush: (items: T[]) => Promise<R>,
  options: { maxItems?: number } = {},
) {
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY
  let open: { items: T[]; flushed: Promise<R> } | null = null
  return (...items: T[]): Promise<R> => {
    if (open && open.items.length < maxItems) {
      open.items.push(...items)
      return open.flushed
    }
    const batch: { items: T[]; flushed: Promise<R> } = {
      items: [...items],
      flushed: new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (open === batch) open = null // what is added from now on goes out with the next flush
        return flush(batch.items)
      }),
    }
    open = batch
    return batch.flushed
  }
}
