import { expect, test } from 'bun:test'
import { defaultBoilerplate, signatureIn } from './code-questions.ts'

const twoSum = {
  params: [
    { name: 'nums', type: 'int[]' },
    { name: 'target', type: 'int' },
  ],
  returns: 'int[]',
}

test('the entry point as each language declares it', () => {
  expect(signatureIn('java', 'twoSum', twoSum)).toBe('static int[] twoSum(int[] nums, int target)')
  expect(signatureIn('csharp', 'twoSum', twoSum)).toBe(
    'public static int[] twoSum(int[] nums, int target)',
  )
  expect(signatureIn('cpp', 'twoSum', twoSum)).toBe(
    'vector<int> twoSum(vector<int> nums, int target)',
  )
  expect(signatureIn('go', 'twoSum', twoSum)).toBe('func twoSum(nums []int, target int) []int')
  expect(signatureIn('rust', 'twoSum', twoSum)).toBe(
    'fn twoSum(nums: Vec<i32>, target: i32) -> Vec<i32>',
  )
  expect(signatureIn('python', 'twoSum', twoSum)).toBe('twoSum(nums: int[], target: int) → int[]')
})

test('starter code declares the signature; untyped languages take its parameter names', () => {
  expect(defaultBoilerplate('go', 'function', 'twoSum', twoSum)).toBe(
    'package main\n\nfunc twoSum(nums []int, target int) []int {\n\t// return the answer\n}\n',
  )
  expect(defaultBoilerplate('java', 'function', 'twoSum', twoSum)).toContain(
    'class Solution {\n    static int[] twoSum(int[] nums, int target) {',
  )
  expect(defaultBoilerplate('python', 'function', 'twoSum', twoSum)).toBe(
    'def twoSum(nums, target):\n    # return the answer\n    pass\n',
  )
  expect(defaultBoilerplate('php', 'function', 'twoSum', twoSum)).toContain(
    'function twoSum($nums, $target) {',
  )
  expect(defaultBoilerplate('javascript', 'function', 'add', null)).toBe(
    'function add(data) {\n  // return the answer\n}\n',
  )
})
