import { type AssessmentCreateInput, CodeQuestionInput } from '@assess/core'

/** The demo test: one question of each type, short enough to finish in a few minutes. */
export const demoAssessment: AssessmentCreateInput = {
  title: 'Demo: backend screening',
  description: 'A three-question sample: one multiple choice, one short answer, one coding task.',
  duration_minutes: 30,
  navigation: 'sequential',
  max_attempts: 3,
  grace_seconds: 2,
  heartbeat_timeout_seconds: 300,
  show_results_to_candidate: false,
  questions: [
    {
      type: 'mcq',
      prompt: 'Which HTTP status code means "Conflict"?',
      points: 2,
      time_limit_seconds: 120,
      section: 'HTTP',
      difficulty: 'easy',
      tags: ['http'],
      options: [
        { id: 'a', text: '400' },
        { id: 'b', text: '404' },
        { id: 'c', text: '409' },
        { id: 'd', text: '422' },
      ],
      correct_option_ids: ['c'],
    },
    {
      type: 'short_answer',
      prompt: 'Why would you put a unique index on (session_id, question_id) in an answers table?',
      points: 4,
      time_limit_seconds: 600,
      section: 'Databases',
      difficulty: 'medium',
      tags: ['postgres'],
      expected_keywords: ['duplicate', 'retry', 'idempotent', 'race'],
      reference_answer:
        'So that a retried or concurrent submit can never create a second answer: the database ' +
        'rejects the duplicate, which makes the submit idempotent and settles races.',
      rubric: 'Full marks for naming duplicates from retries or races and idempotency.',
    },
    CodeQuestionInput.parse({
      type: 'code',
      prompt:
        'Write `twoSum(nums, target)` returning the indices [i, j] (i < j) of the two numbers that add up to target.',
      points: 6,
      time_limit_seconds: 1200,
      section: 'Coding',
      difficulty: 'medium',
      tags: ['arrays', 'hash-map'],
      language: 'javascript',
      boilerplate: 'function twoSum(nums, target) {\n  // return [i, j]\n}\n',
      entry_point: 'twoSum',
      sample_test_cases: [{ input: [[2, 7, 11, 15], 9], expected: [0, 1] }],
      test_cases: [
        { input: [[3, 2, 4], 6], expected: [1, 2] },
        { input: [[3, 3], 6], expected: [0, 1] },
        { input: [[-1, -2, -3, -4, -5], -8], expected: [2, 4] },
      ],
      sample_solution:
        'function twoSum(nums, target) {\n  const seen = new Map()\n  for (let i = 0; i < nums.length; i++) {\n' +
        '    const j = seen.get(target - nums[i])\n    if (j !== undefined) return [j, i]\n    seen.set(nums[i], i)\n  }\n}\n',
      evaluation_criteria:
        'Linear time with a hash map; clear names; handles negatives and duplicates.',
    }),
  ],
}
