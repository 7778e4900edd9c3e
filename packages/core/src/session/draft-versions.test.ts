import { expect, test } from 'bun:test'
import { mayReplaceDraft, nextDraftVersion } from './draft-versions.ts'

const tab1 = 'lease-tab-1'
const tab2 = 'lease-tab-2'

test('a draft edited from the stored one, or a later one, replaces it', () => {
  expect(mayReplaceDraft(undefined, 0)).toBe(true)
  expect(mayReplaceDraft({ rev: 3, lease: tab2 }, 3)).toBe(true)
  expect(mayReplaceDraft({ rev: 3, lease: tab2 }, 4)).toBe(true)
})

test('an older draft never replaces a newer one, whoever wrote either', () => {
  // Tab 1 saved revision 1; tab 2 took over and saved 2; tab 1 took over again.
  expect(mayReplaceDraft({ rev: 2, lease: tab2 }, 1)).toBe(false)
  // A duplicated browser tab shares its lease: the base still decides.
  expect(mayReplaceDraft({ rev: 5, lease: tab1 }, 2)).toBe(false)
})

test('a save without a base is not checked; each write bumps the revision and names its save', () => {
  expect(mayReplaceDraft({ rev: 9, lease: tab2 }, undefined)).toBe(true)
  expect(nextDraftVersion(undefined, tab1, 'w1')).toEqual({ rev: 1, lease: tab1, write: 'w1' })
  expect(nextDraftVersion({ rev: 4, lease: tab2 }, tab1, 'w2')).toEqual({
    rev: 5,
    lease: tab1,
    write: 'w2',
  })
})
