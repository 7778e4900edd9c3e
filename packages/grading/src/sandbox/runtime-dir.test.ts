import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { prepareRuntime, readableByOthers, type SandboxRuntime } from './runtime-dir.ts'
import { RUN_UID_MIN } from './sweep.ts'

// Copies of the runtime (one of them with Bun's 100 MB binary) on a busy machine.
setDefaultTimeout(60_000)

const made: string[] = []
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true })
})

/** A scratch folder that other users may enter, like /tmp itself. */
async function openFolder() {
  const dir = await mkdtemp(join(tmpdir(), 'assess-runtime-test-'))
  chmodSync(dir, 0o755)
  made.push(dir)
  return dir
}

function everyEntry(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? [path, ...everyEntry(path)] : [path]
  })
}

function expectSealed(runtime: SandboxRuntime) {
  const owner = process.getuid?.() ?? -1
  for (const path of [runtime.dir, ...everyEntry(runtime.dir)]) {
    const stat = statSync(path)
    const seen = { path, uid: stat.uid, writable: stat.mode & 0o022 }
    expect(seen).toEqual({ path, uid: owner, writable: 0 })
    expect(readableByOthers(path)).toBe(true)
  }
  for (const file of [
    runtime.jsRunner,
    runtime.pyHarness,
    runtime.quickjs.core,
    runtime.quickjs.variant,
  ])
    expect(file.startsWith(`${runtime.dir}/`) && existsSync(file)).toBe(true)
}

describe('the runtime folder', () => {
  test('holds what a child runs, readable by every uid and writable by none but its owner', async () => {
    const root = await openFolder()
    const [a, b] = await Promise.all([
      prepareRuntime({ root, forOtherUids: true }),
      prepareRuntime({ root, forOtherUids: true }),
    ])
    expect(a).toEqual(b) // one folder per build, however many sandboxes start at once
    expect(readdirSync(root)).toEqual([a.dir.slice(root.length + 1)])
    expectSealed(a)
    // Made again (a restarted worker), it is the same folder, reused as it is.
    expect(await prepareRuntime({ root, forOtherUids: true })).toEqual(a)
  })

  test('under a folder closed to other users it fails at once, saying what to change', async () => {
    const closed = await mkdtemp(join(tmpdir(), 'assess-runtime-test-')) // mode 700, like mktemp -d
    made.push(closed)
    await expect(prepareRuntime({ root: closed, forOtherUids: true })).rejects.toThrow(
      /closed to other users.*TMPDIR/,
    )
    // Without uids of their own (a worker not running as root), runs may use it.
    expect((await prepareRuntime({ root: closed, forOtherUids: false })).dir).toStartWith(closed)
  })

  test('a folder under its name that others can write to is never used', async () => {
    const root = await openFolder()
    const first = await prepareRuntime({ root, forOtherUids: true })
    await rm(first.dir, { recursive: true })
    // Planted (or tampered with): anyone may write to it, and it is not empty.
    await mkdir(first.dir)
    writeFileSync(join(first.dir, 'js-runner.ts'), 'planted')
    chmodSync(first.dir, 0o777)
    const second = await prepareRuntime({ root, forOtherUids: true })
    expect(second.dir).not.toBe(first.dir)
    expectSealed(second)
  })

  test('a Bun installed in a private folder is copied where the runs can execute it', async () => {
    const root = await openFolder()
    const privateDir = await mkdtemp(join(tmpdir(), 'assess-runtime-test-'))
    made.push(privateDir)
    const privateBun = join(privateDir, 'bun')
    copyFileSync(realpathSync(process.execPath), privateBun)
    expect(readableByOthers(privateBun, true)).toBe(false)
    const runtime = await prepareRuntime({ root, forOtherUids: true, bun: privateBun })
    expect(runtime.bun).toBe(join(runtime.dir, 'bin/bun'))
    expect(readableByOthers(runtime.bun, true)).toBe(true)
    if (process.getuid?.() === 0) {
      // Executed by a uid like a run's, with no groups.
      const uid = RUN_UID_MIN + 7
      const run = Bun.spawnSync(
        ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', runtime.bun, '--version'],
        { env: {} },
      )
      expect(run.exitCode).toBe(0)
    }
    // Bun where the runs can reach it is used in place, not copied.
    const inPlace = await prepareRuntime({ root, forOtherUids: true })
    expect(inPlace.bun).toBe(realpathSync(process.execPath))
  })
})
