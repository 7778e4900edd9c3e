import { contentStems } from './normalize.ts'

/**
 * The semantic part's local fallback (no model configured), labelled `heuristic`: how much of the
 * reference answer's vocabulary the answer covers. Content words (stop words removed, stemmed) of
 * both texts are compared as sets and combined as an F2 score, which weighs recall (covering the
 * reference) four times as much as precision (not padding). 0 for an empty answer.
 */
export function referenceSimilarity(answer: string, reference: string): number {
  const a = new Set(contentStems(answer))
  const r = new Set(contentStems(reference))
  if (a.size === 0 || r.size === 0) return 0
  let shared = 0
  for (const w of a) if (r.has(w)) shared++
  if (shared === 0) return 0
  const recall = shared / r.size
  const precision = shared / a.size
  const beta2 = 4
  return ((1 + beta2) * precision * recall) / (beta2 * precision + recall)
}
