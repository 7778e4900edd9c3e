/**
 * Text normalization for the keyword and similarity graders: case, accents and punctuation are
 * ignored, and simple word forms are folded together ("indexes", "indexing", "indexed" → "index").
 */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}+#]+/u)
    .filter(Boolean)
}

// A light suffix stripper (not Porter): enough to match plurals and common verb forms while
// keeping short technical words ("is", "css", "sql") intact.
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word
  const rules: [RegExp, string][] = [
    [/ies$/, 'y'],
    [/(ss|us|is)$/, '$1'],
    [/(x|ch|sh|ss|z)es$/, '$1'],
    [/ing$/, ''],
    [/edly$/, ''],
    [/ed$/, ''],
    [/ly$/, ''],
    [/s$/, ''],
  ]
  for (const [pattern, replacement] of rules) {
    if (!pattern.test(word)) continue
    const stemmed = word.replace(pattern, replacement)
    if (stemmed.length < 3) return word
    // "cached" → "cach" → "cache"-family: drop a trailing e consistently instead.
    return stemmed.replace(/e$/, '')
  }
  return word.replace(/e$/, '')
}

export function stems(text: string): string[] {
  return words(text).map(stem)
}

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can do does for from has have how i if in into is it its ' +
    'may more most must no not of on one or our should so such than that the their them then ' +
    'there these they this those to too use used uses using very was we were what when where ' +
    'which while who will with would you your'
  ).split(' '),
)

/** The words that carry meaning, stemmed: what the similarity heuristic compares. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem)
}
