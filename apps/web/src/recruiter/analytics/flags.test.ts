import { describe, expect, test } from 'bun:test'
import { questionFlags, shareOf } from './flags.ts'

describe('questionFlags', () => {
  test('flags at the thresholds, exclusive: p < 0.2, p > 0.95, discrimination < 0', () => {
    expect(questionFlags({ p_value: 0.19, discrimination: 0.3 })).toEqual(['nobody_correct'])
    expect(questionFlags({ p_value: 0.2, discrimination: 0.3 })).toEqual([])
    expect(questionFlags({ p_value: 0.95, discrimination: 0.3 })).toEqual([])
    expect(questionFlags({ p_value: 0.96, discrimination: 0.3 })).toEqual(['everybody_correct'])
    expect(questionFlags({ p_value: 0.5, discrimination: 0 })).toEqual([])
    expect(questionFlags({ p_value: 0.5, discrimination: -0.01 })).toEqual([
      'negative_discrimination',
    ])
  })

  test('several at once, and none from missing figures', () => {
    expect(questionFlags({ p_value: 0, discrimination: -0.4 })).toEqual([
      'nobody_correct',
      'negative_discrimination',
    ])
    expect(questionFlags({ p_value: null, discrimination: null })).toEqual([])
  })
})

test('shareOf: a percentage of the whole, 0 of nothing', () => {
  expect(shareOf(3, 8)).toBe(37.5)
  expect(shareOf(0, 0)).toBe(0)
})
