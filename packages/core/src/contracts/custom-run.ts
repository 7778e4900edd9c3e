import { ValidationError } from '../errors.ts'
import { type CodeLanguage, type CodeSpec, fitsType } from './code-questions.ts'
import type { CustomInput } from './sessions.ts'

/**
 * A code question's spec for one run with the candidate's own input: that input as its only
 * visible test (its expected value is never compared: the run's output is the answer) and no
 * hidden tests. Input of the other style, or arguments that do not fit the question's signature
 * (the typed languages' drivers read exactly those types), is a 400 naming the field.
 */
export function customRunSpec(spec: CodeSpec, input: CustomInput): CodeSpec {
  const refuse = (message: string) => {
    throw new ValidationError('validation_failed', 'This input does not fit the question', {
      fields: { custom_input: [message] },
    })
  }
  if (spec.style === 'stdio') {
    if (!('stdin' in input)) refuse('this question reads standard input: send { stdin }')
    const stdin = 'stdin' in input ? input.stdin : ''
    return { ...spec, sample_test_cases: [{ stdin, expected_stdout: '' }], test_cases: [] }
  }
  if (!('args' in input)) return refuse('this question calls a function: send { args: [...] }')
  const { args } = input
  const params = spec.signature?.params
  if (params) {
    if (args.length !== params.length)
      refuse(`takes ${params.length} argument${params.length === 1 ? '' : 's'}`)
    args.forEach((value, i) => {
      const param = params[i]
      if (param && !fitsType(value, param.type))
        refuse(
          `argument ${i + 1} (${param.name}) is not ${/^[aeiou]/.test(param.type) ? 'an' : 'a'} ${param.type}`,
        )
    })
  }
  return { ...spec, sample_test_cases: [{ input: args, expected: null }], test_cases: [] }
}

/** The language a run uses: one the question allows, its first when none is asked for. */
export function runLanguage(spec: CodeSpec, requested: CodeLanguage | undefined): CodeLanguage {
  const language = requested ?? spec.languages[0] ?? 'javascript'
  if (!spec.languages.includes(language))
    throw new ValidationError(
      'invalid_language',
      'This question is not answered in that language',
      {
        fields: { language: [`one of ${spec.languages.join(', ')}`] },
      },
    )
  return language
}
