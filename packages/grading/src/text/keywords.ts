import { stems } from './normalize.ts'

export interface KeywordMatch {
  found: string[]
  missing: string[]
  /** found / total, in [0, 1]. */
  fraction: number
}

/**
 * Each expected keyword counts once when its normalized words appear in the answer, contiguously
 * and in order ("hash map" matches "Hash-maps", not "map of hashes").
 */
export function matchKeywords(answer: string, keywords: readonly string[]): KeywordMatch {
  const tokens = stems(answer)
  const found: string[] = []
  const missing: string[] = []
  for (const keyword of keywords) {
    const needle = stems(keyword)
    if (needle.length > 0 && containsSequence(tokens, needle)) found.push(keyword)
    else missing.push(keyword)
  }
  return { found, missing, fraction: keywords.length === 0 ? 0 : found.length / keywords.length }
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}
