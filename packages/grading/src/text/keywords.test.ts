import { describe, expect, test } from 'bun:test'
import { matchKeywords } from './keywords.ts'
import { stem, words } from './normalize.ts'
import { referenceSimilarity } from './similarity.ts'

describe('keyword normalization', () => {
  test('case, accents and punctuation are ignored', () => {
    expect(words('Café-Latte, O(n) & B-Tree!')).toEqual(['cafe', 'latte', 'o', 'n', 'b', 'tree'])
  })

  test.each([
    ['indexes', 'index'],
    ['indexing', 'index'],
    ['indexed', 'index'],
    ['caches', 'cach'],
    ['cached', 'cach'],
    ['cache', 'cach'],
    ['queries', 'query'],
    ['process', 'process'],
    ['processes', 'process'],
    ['css', 'css'],
    ['is', 'is'],
  ])('%s → %s', (word, expected) => expect(stem(word)).toBe(expected))

  test('each expected keyword counts once, multi-word keywords in order', () => {
    const m = matchKeywords('We CACHE results in hash-maps; caching avoids repeated queries.', [
      'cache',
      'hash map',
      'query',
      'invalidation',
      'map hash',
    ])
    expect(m.found).toEqual(['cache', 'hash map', 'query'])
    expect(m.missing).toEqual(['invalidation', 'map hash'])
    expect(m.fraction).toBe(3 / 5)
  })

  test('an empty answer matches nothing', () => {
    expect(matchKeywords('', ['index']).fraction).toBe(0)
  })
})

describe('reference similarity (the no-model heuristic)', () => {
  const reference = 'An index lets the database find rows without scanning the whole table.'
  // A small golden set: a change to the heuristic that reorders these is a visible change.
  test.each([
    ['An index lets the database find rows without scanning the whole table.', 1, 1],
    ['Indexes let a database find the rows quickly without a full table scan.', 0.6, 0.95],
    ['It makes lookups faster.', 0, 0.2],
    ['Bananas are yellow.', 0, 0],
    ['', 0, 0],
  ])('%p is within [%p, %p]', (answer, min, max) => {
    const score = referenceSimilarity(answer, reference)
    expect(score).toBeGreaterThanOrEqual(min)
    expect(score).toBeLessThanOrEqual(max)
  })
})
