import type { Load } from './tools.ts'

/**
 * Starts: each candidate may start once, which wrk cannot express, so this closed loop sends
 * one start per token with `concurrency` requests in flight, and times each one. The
 * connections are open before the clock runs, as a candidate's are: the browser has loaded the
 * test page and its invitation from the API before the start button is pressed. (Opened in the
 * measured burst, 64 new connections at once added ~150 ms to each of the first 64 starts on a
 * slow VM, which was the whole p99.)
 */
export async function startLoad(params: {
  base: string
  assessmentId: string
  tokens: string[]
  concurrency: number
}): Promise<{ load: Load; tookMs: number }> {
  const latencies: number[] = []
  let errors = 0
  let next = 0
  await Promise.all(
    Array.from({ length: params.concurrency }, async () => {
      const res = await fetch(`${params.base}/healthz`)
      await res.arrayBuffer()
    }),
  )
  const began = performance.now()
  const worker = async () => {
    for (let i = next++; i < params.tokens.length; i = next++) {
      const sent = performance.now()
      const res = await fetch(`${params.base}/api/assessments/${params.assessmentId}/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${params.tokens[i]}` },
      })
      await res.arrayBuffer()
      latencies.push(performance.now() - sent)
      if (res.status !== 201) errors++
    }
  }
  await Promise.all(Array.from({ length: params.concurrency }, worker))
  const tookMs = performance.now() - began
  latencies.sort((a, b) => a - b)
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? null
  return {
    load: {
      perSecond: (latencies.length / tookMs) * 1000,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      errors,
    },
    tookMs,
  }
}
