import type { Load } from './tools.ts'

/**
 * Starts: each candidate may start once, which wrk cannot express, so this closed loop sends
 * one start per token with `concurrency` requests in flight, and times each one.
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
