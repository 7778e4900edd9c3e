import type { CodeLanguage, Signature } from '@assess/core'
import { MAX_JSON_DEPTH, nestsDeeperThan } from '@assess/core'
import { DEFAULT_LIMITS, MAX_RESULT_BYTES } from '../sandbox/index.ts'

/**
 * Function-style questions in the languages that run as programs (Ruby, PHP): the candidate's
 * code plus a driver that reads the test's arguments as JSON on stdin, calls the entry point and
 * prints the result as JSON after a marker. One process per test, as every program test; the
 * expected value never enters it. Printing a fake marker gains nothing: the driver's comes last,
 * and a line is believed only for the value it carries.
 */
export const PROGRAM_FUNCTION_LANGUAGES: readonly CodeLanguage[] = ['ruby', 'php']

const RESULT_MARK = '@@assess-result '

/**
 * The output limit of a function-style program: what the candidate may print plus the result
 * line, so a large returned value (up to MAX_RESULT_BYTES, as in JavaScript and Python) is not
 * mistaken for too much printing. What was printed is held to the usual limit afterwards.
 */
export const FUNCTION_PROGRAM_OUTPUT_BYTES =
  DEFAULT_LIMITS.maxOutputBytes + MAX_RESULT_BYTES + RESULT_MARK.length + 2

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
$__assess_result = __assess_keyed(${entryPoint}(...$__assess_args));
fwrite(STDOUT, "\\n${RESULT_MARK}" . json_encode($__assess_result, JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR) . "\\n");
function __assess_keyed($value) {
    if (!is_array($value)) return $value;
    if (array_is_list($value)) return array_map('__assess_keyed', $value);
    $pairs = [];
    foreach ($value as $key => $item) {
        if (!is_int($key)) {
            $pairs = null;
            break;
        }
        $pairs[] = [$key, __assess_keyed($item)];
    }
    if ($pairs !== null) return ['${PHP_INT_KEYS}' => $pairs];
    return array_map('__assess_keyed', $value);
}
`
  }
  throw new Error(`no function driver for ${language}`)
}

/**
 * The program's stdin for one test: its arguments as JSON. JSON does not tell 3 from 3.0, but
 * Ruby and PHP do (3 / 2 is 1 for an integer): a parameter the signature declares `double` is
 * written with its fraction, so it arrives as a float.
 */
export function argumentsInput(args: unknown[], signature?: Signature | null): string {
  if (!signature) return JSON.stringify(args)
  const write = (value: unknown, type: string): string => {
    if (Array.isArray(value) && type.endsWith('[]'))
      return `[${value.map((v) => write(v, type.slice(0, -2))).join(',')}]`
    if (type === 'double' && typeof value === 'number' && Number.isInteger(value)) {
      const text = JSON.stringify(value)
      return /[e.]/i.test(text) ? text : `${text}.0`
    }
    return JSON.stringify(value)
  }
  return `[${args.map((arg, i) => write(arg, signature.params[i]?.type ?? '')).join(',')}]`
}

export type FunctionResult =
  | { ok: true; value: unknown; stdout: string }
  | {
      ok: false
      verdict: 'runtime_error' | 'output_limit_exceeded'
      error: string
      stdout: string
    }

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
  const failed = (
    verdict: 'runtime_error' | 'output_limit_exceeded',
    error: string,
    text: string,
  ) => ({ ok: false, verdict, error, stdout: text }) as const
  const at = stdout.lastIndexOf(`\n${RESULT_MARK}`)
  const printed = at < 0 ? stdout : stdout.slice(0, at)
  const limit = DEFAULT_LIMITS.maxOutputBytes
  if (Buffer.byteLength(printed) > limit)
    return failed(
      'output_limit_exceeded',
      `Wrote more than ${limit} bytes of output`,
      Buffer.from(printed).subarray(0, limit).toString(),
    )
  if (at < 0) return failed('runtime_error', 'the function did not return (no result)', stdout)
  const line = stdout.slice(at + 1 + RESULT_MARK.length).split('\n')[0] ?? ''
  if (Buffer.byteLength(line) > MAX_RESULT_BYTES)
    return failed('runtime_error', 'the returned value is too large', printed)
  const decoded = decode(line)
  return decoded.ok
    ? { ok: true, value: decoded.value, stdout: printed }
    : failed('runtime_error', decoded.error, printed)
}

/**
 * The PHP driver sends an array with integer keys that is not a list (array_filter and unset
 * keep the keys) as its key/value pairs in PHP's own order, since JSON objects lose that order.
 */
const PHP_INT_KEYS = '@@assess-php-int-keys'

/**
 * A PHP result as the test compares it. An array with integer keys, where the test expects a
 * list and its keys ascend (the gaps array_filter leaves), is the list a PHP developer meant;
 * otherwise it is what json_encode makes of it: an object (a map stays a map).
 */
export function phpValueOf(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(actual))
    return actual.map((item, i) =>
      phpValueOf(item, Array.isArray(expected) ? expected[i] : undefined),
    )
  if (actual === null || typeof actual !== 'object') return actual
  const record = actual as Record<string, unknown>
  const pairs = record[PHP_INT_KEYS]
  if (Object.keys(record).length === 1 && Array.isArray(pairs)) {
    const entries = pairs as [number, unknown][]
    const ascending = entries.every(([key], i) => i === 0 || key > (entries[i - 1]?.[0] ?? key))
    if (Array.isArray(expected) && ascending)
      return entries.map(([, value], i) => phpValueOf(value, expected[i]))
    const map = (expected ?? {}) as Record<string, unknown>
    return Object.fromEntries(
      entries.map(([key, value]) => [String(key), phpValueOf(value, map[String(key)])]),
    )
  }
  const map = (expected !== null && typeof expected === 'object' ? expected : {}) as Record<
    string,
    unknown
  >
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, phpValueOf(v, map[k])]))
}
