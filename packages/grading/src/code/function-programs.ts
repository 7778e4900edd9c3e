import type { CodeLanguage } from '@assess/core'
import { MAX_JSON_DEPTH, nestsDeeperThan } from '@assess/core'

/**
 * Function-style questions in the languages that run as programs (Ruby, PHP): the candidate's
 * code plus a driver that reads the test's arguments as JSON on stdin, calls the entry point and
 * prints the result as JSON after a marker. One process per test, as every program test; the
 * expected value never enters it. Printing a fake marker gains nothing: the driver's comes last,
 * and a line is believed only for the value it carries.
 */
export const PROGRAM_FUNCTION_LANGUAGES: readonly CodeLanguage[] = ['ruby', 'php']

const RESULT_MARK = '@@assess-result '
/** A returned value larger than this is a runtime error: expected outputs are small. */
const MAX_RESULT_CHARS = 1024 * 1024

export function functionProgram(language: CodeLanguage, code: string, entryPoint: string): string {
  if (language === 'ruby')
    return `require 'json'
${code}
__assess_args = JSON.parse(STDIN.read)
__assess_result = send(:${entryPoint}, *__assess_args)
STDOUT.write("\\n${RESULT_MARK}" + JSON.generate(__assess_result) + "\\n")
`
  if (language === 'php') {
    // Code without an opening tag would be printed, not run; code that closes PHP mode at its
    // end needs it reopened for the driver.
    const opened = code.includes('<?php') ? code : `<?php\n${code}`
    const reopen = /\?>\s*$/.test(opened) ? '<?php\n' : ''
    return `${opened}
${reopen}$__assess_args = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$__assess_result = ${entryPoint}(...$__assess_args);
fwrite(STDOUT, "\\n${RESULT_MARK}" . json_encode($__assess_result, JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR) . "\\n");
`
  }
  throw new Error(`no function driver for ${language}`)
}

/** The program's stdin for one test: its arguments as JSON. */
export const argumentsInput = (args: unknown[]) => JSON.stringify(args)

export type FunctionResult =
  | { ok: true; value: unknown; stdout: string }
  | { ok: false; error: string; stdout: string }

type Decoded = { ok: true; value: unknown } | { ok: false; error: string }

const decodeJson = (line: string): Decoded => {
  try {
    const value: unknown = JSON.parse(line)
    if (nestsDeeperThan(value, MAX_JSON_DEPTH))
      return { ok: false, error: 'the returned value nests too deep' }
    return { ok: true, value }
  } catch {
    return { ok: false, error: 'the returned value is not JSON' }
  }
}

/**
 * The returned value (after the last marker) and what the candidate printed before it; `decode`
 * reads the marker's line (JSON by default, a typed driver's tokens otherwise).
 */
export function functionResultOf(
  stdout: string,
  decode: (line: string) => Decoded = decodeJson,
): FunctionResult {
  const at = stdout.lastIndexOf(`\n${RESULT_MARK}`)
  if (at < 0) return { ok: false, error: 'the function did not return (no result)', stdout }
  const printed = stdout.slice(0, at)
  const line = stdout.slice(at + 1 + RESULT_MARK.length).split('\n')[0] ?? ''
  if (line.length > MAX_RESULT_CHARS)
    return { ok: false, error: 'the returned value is too large', stdout: printed }
  const decoded = decode(line)
  return decoded.ok
    ? { ok: true, value: decoded.value, stdout: printed }
    : { ok: false, error: decoded.error, stdout: printed }
}
