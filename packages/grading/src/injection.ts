/**
 * Candidate text is data. These patterns catch the common ways an answer tries to talk to the
 * grader instead of the question; a match flags the answer for human review (with the reason)
 * and the matched span is removed before any model sees the text, so the attempt gains nothing.
 * It is a tripwire, not the defence: prompts also delimit the text and say it is untrusted, and
 * every model score is clamped in code.
 */
const PATTERNS: { reason: string; pattern: RegExp }[] = [
  {
    reason: 'asks the grader to ignore its instructions',
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all|any|the|your|system)\b[^.\n]{0,30}\b(instructions?|prompts?|rules?|guidelines?|rubric|directions?)\b[^.\n]*/giu,
  },
  {
    reason: 'asks for a score',
    pattern:
      /\b(give|award|assign|grant|score|grade|rate|mark)\b[^.\n]{0,40}\b(full|maximum|max|perfect|highest|top|100\s*%?|10\s*\/\s*10|all)\b[^.\n]{0,20}\b(marks?|points?|scores?|credit|grades?|rating)\b[^.\n]*/giu,
  },
  {
    reason: 'addresses the grader directly',
    pattern:
      /\b(dear|attention|note to (the )?)\s*(ai|grader|evaluator|assistant|model|llm|reviewer)\b[^.\n]*|\byou are (now )?(an? |the )?([\w-]+ )?(ai|grader|evaluator|assistant|language model)\b[^.\n]*/giu,
  },
  {
    reason: 'contains a fake system, assistant or tool message',
    pattern:
      /(<\|?\/?(im_start|im_end|system|assistant|tool|user)\|?>|\[\/?(INST|SYS)\]|<<\/?SYS>>|^\s*#{1,6}\s*(system|assistant|instructions?)\b.*$|^\s*(system|assistant|tool)\s*:.*$|"role"\s*:\s*"(system|assistant|tool|developer)")/gimu,
  },
  {
    reason: 'tries to close the answer delimiter',
    pattern: /<\/?\s*candidate_(answer|code)\s*>/giu,
  },
]

export interface InjectionCheck {
  suspected: boolean
  reasons: string[]
  /** The text with every suspicious span replaced by a neutral marker. */
  sanitized: string
}

export function checkInjection(text: string): InjectionCheck {
  const reasons: string[] = []
  let sanitized = text
  for (const { reason, pattern } of PATTERNS) {
    pattern.lastIndex = 0
    if (!pattern.test(sanitized)) continue
    reasons.push(reason)
    pattern.lastIndex = 0
    sanitized = sanitized.replace(pattern, '[removed]')
  }
  return { suspected: reasons.length > 0, reasons, sanitized }
}
