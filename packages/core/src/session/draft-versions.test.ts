import { expect, test } from 'bun:test'
import { mayReplaceDraft, nextDraftVersion } from './draft-versions.ts'

const tab1 = 'lease-tab-1'
const tab2 = 'lease-tab-2'

test('a draft edited from the stored one, or a later one, replaces it', () => {
  expect(mayReplaceDraft(undefined, 0, tab1)).toBe(true)
  expect(mayReplaceDraft({ rev: 3, lease: tab2 }, 3, tab1)).toBe(true)
  expect(mayReplaceDraft({ rev: 3, lease: tab2 }, 4, tab1)).toBe(true)
})

test("a tab's own saves follow each other, even when queued before the last was answered", () => {
  expect(mayReplaceDraft({ rev: 5, lease: tab1 }, 2, tab1)).toBe(true)
})

test('an older draft from another tab never replaces a newer one', () => {
  // Tab 1 saved revision 1; tab 2 took over and saved 2; tab 1 took over again (a new lease).
  expect(mayReplaceDraft({ rev: 2, lease: tab2 }, 1, 'lease-tab-1-again')).toBe(false)
  expect(mayReplaceDraft({ rev: 2, lease: null }, 1, null)).toBe(false)
})

test('a save without a base is not checked; each write bumps the revision', () => {
  expect(mayReplaceDraft({ rev: 9, lease: tab2 }, undefined, tab1)).toBe(true)
  expect(nextDraftVersion(undefined, tab1)).toEqual({ rev: 1, lease: tab1 })
  expect(nextDraftVersion({ rev: 4, lease: tab2 }, tab1)).toEqual({ rev: 5, lease: tab1 })
})
