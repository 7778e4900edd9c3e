import { expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BUN_EXECUTABLE, LANGUAGE_SPECS, PROGRAM_LANGUAGES, runCommand } from './languages.ts'
import { measured } from './run-program.ts'

test('the toolchain list that .ci/run and the worker image install covers every language', () => {
  const listed = readFileSync(join(import.meta.dir, '../../../toolchains.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
  for (const language of PROGRAM_LANGUAGES)
    for (const pkg of LANGUAGE_SPECS[language].debianPackages) expect(listed).toContain(pkg)
})

test('every command is an absolute path (or the runtime Bun): nothing is looked up on PATH', () => {
  for (const language of PROGRAM_LANGUAGES) {
    const spec = LANGUAGE_SPECS[language]
    for (const command of [spec.compile, spec.run, spec.version])
      if (command && command[0] !== BUN_EXECUTABLE) expect(command[0]).toStartWith('/')
  }
})

test("memory flags go right after the runtime's executable", () => {
  expect(runCommand(LANGUAGE_SPECS.java, 256).slice(0, 2)).toEqual(['/usr/bin/java', '-Xmx256m'])
  expect(runCommand(LANGUAGE_SPECS.php, 64).slice(0, 3)).toEqual([
    '/usr/bin/php',
    '-d',
    'memory_limit=64M',
  ])
  expect(runCommand(LANGUAGE_SPECS.c, 64)).toEqual(['/box/main'])
})

test("the README's limits table says what the language table does", () => {
  const readme = readFileSync(join(import.meta.dir, '../../../../../README.md'), 'utf8')
  for (const language of PROGRAM_LANGUAGES) {
    const spec = LANGUAGE_SPECS[language]
    const row = readme.split('\n').find((line) => line.trim().startsWith(`| \`${language}\``))
    expect(row).toBeDefined()
    const cells = (row ?? '').split('|').map((cell) => cell.trim())
    expect(cells).toContain(`×${spec.timeFactor}`)
    expect(cells).toContain(`+${spec.runtimeReserveMb} MB`)
    expect(cells).toContain(String(spec.processes))
    expect(cells.at(-2)).toBe(`${spec.residentBaselineMb} MB`)
  }
})

test("GNU time's report becomes the program's peak memory and how it ended, and leaves stderr", () => {
  const end = {
    exitCode: 139,
    signal: null,
    stdout: '',
    stderr: 'Traceback…\nboom\nCommand terminated by signal 11\n@@assess-peak-kb 8056\n',
    timedOut: false,
    outputExceeded: false,
    durationMs: 12,
  }
  expect(measured(end)).toMatchObject({
    stderr: 'Traceback…\nboom\n',
    maxRssBytes: 8056 * 1024,
    signal: 'SIGSEGV',
    exitCode: null,
  })
  const exited = measured({
    ...end,
    exitCode: 3,
    stderr: 'err\nCommand exited with non-zero status 3\n@@assess-peak-kb 161704\n',
  })
  expect(exited).toMatchObject({ stderr: 'err\n', maxRssBytes: 161704 * 1024, exitCode: 3 })
  // Killed at the deadline: no report, so nothing is known of its memory.
  expect(measured({ ...end, stderr: 'partial', timedOut: true }).maxRssBytes).toBe(0)
})
