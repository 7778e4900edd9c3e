import { createHash } from 'node:crypto'
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from 'node:fs'
import { mkdtemp, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { resolveQuickJsPackages } from './quickjs-files.ts'

/** tmpdir()/assess-sandbox-runtime-<content hash>: one per build, shared by its sandboxes. */
export const RUNTIME_DIR_PREFIX = 'assess-sandbox-runtime-'

export interface SandboxRuntime {
  /** Owned by the worker's uid, read-only to everyone else: the only project files a child sees. */
  dir: string
  jsRunner: string
  pyHarness: string
  /** The modules js-runner imports, inside `dir`. */
  quickjs: { core: string; variant: string }
  /** The Bun binary JavaScript children run on: the worker's own, or a copy inside `dir`. */
  bun: string
}

export interface RuntimeOptions {
  /** Where the runtime folder is made (default: the OS temp folder). */
  root?: string
  /** Runs get uids of their own (root with setpriv): all they load must be readable by others. */
  forOtherUids: boolean
  /** The Bun binary JavaScript children run on (default: the one running this process). */
  bun?: string
}

interface RuntimeFile {
  from: string
  /** Path inside the runtime folder. */
  to: string
  executable: boolean
}

/** The child-side scripts (runtime/*), kept beside this file in the source tree. */
const SCRIPTS = join(import.meta.dir, 'runtime')

/** Regular files only: the QuickJS packages hold no symlinks the runner needs. */
function filesUnder(from: string, to: string): RuntimeFile[] {
  const files: RuntimeFile[] = []
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const path = join(from, entry.name)
    if (entry.isDirectory()) files.push(...filesUnder(path, join(to, entry.name)))
    else if (entry.isFile())
      files.push({
        from: path,
        to: join(to, entry.name),
        executable: (statSync(path).mode & 0o111) !== 0,
      })
  }
  return files
}

/**
 * Can a uid that is neither the owner nor in the group read `path`, and pass through every
 * folder above it? (A run's uid is such a uid: it has no groups.)
 */
export function readableByOthers(path: string, execute = false): boolean {
  const real = realpathSync(path)
  for (let dir = dirname(real); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false
    if (dir === dirname(dir)) break
  }
  const stat = statSync(real)
  const need = stat.isDirectory() || execute ? 0o005 : 0o004
  return (stat.mode & need) === need
}

/** A folder only we can have written: ours, not group- or world-writable, not a symlink. */
function isOurs(dir: string): boolean {
  try {
    const stat = lstatSync(dir)
    return stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0
  } catch {
    return false
  }
}

function copyInto(dir: string, files: RuntimeFile[]) {
  const made = new Set<string>()
  for (const file of files) {
    const target = join(dir, file.to)
    for (let d = dirname(target); d !== dir && !made.has(d); d = dirname(d)) made.add(d)
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(file.from, target)
    chmodSync(target, file.executable ? 0o755 : 0o644)
  }
  // Explicit modes: the worker's umask (077 in some images) must not lock the run uids out.
  for (const d of made) chmodSync(d, 0o755)
  chmodSync(dir, 0o755)
}

function layout(
  dir: string,
  bun: string,
  modules: { core: string; variant: string },
): SandboxRuntime {
  return {
    dir,
    jsRunner: join(dir, 'js-runner.ts'),
    pyHarness: join(dir, 'py-harness.py'),
    quickjs: { core: join(dir, modules.core), variant: join(dir, modules.variant) },
    bun: bun.startsWith('bin/') ? join(dir, bun) : bun,
  }
}

async function build(options: RuntimeOptions): Promise<SandboxRuntime> {
  const { root = tmpdir(), forOtherUids } = options
  if (forOtherUids && !readableByOthers(root))
    throw new Error(
      `${root} (or a folder above it) is closed to other users, and each run has a uid of its own; point TMPDIR at a folder such as /tmp`,
    )
  const quickjs = resolveQuickJsPackages()
  const files = filesUnder(SCRIPTS, '')
  for (const [name, packageDir] of quickjs.roots)
    files.push(...filesUnder(packageDir, join('node_modules', name)))
  const modules = {
    core: join('node_modules', quickjs.core.name, quickjs.core.path),
    variant: join('node_modules', quickjs.variant.name, quickjs.variant.path),
  }
  // The worker's own Bun when a run's uid can execute it; a private install gets copied.
  let bun = realpathSync(options.bun ?? process.execPath)
  if (forOtherUids && !readableByOthers(bun, true)) {
    files.push({ from: bun, to: 'bin/bun', executable: true })
    bun = 'bin/bun'
  }

  const hash = createHash('sha256')
  for (const file of files.sort((a, b) => a.to.localeCompare(b.to)))
    hash.update(`${file.to}\0${file.executable}\0`).update(readFileSync(file.from))
  const final = join(root, `${RUNTIME_DIR_PREFIX}${hash.digest('hex').slice(0, 20)}`)
  if (isOurs(final)) return layout(final, bun, modules)

  // Built aside and renamed into place, so a folder under the final name is always complete.
  const fresh = await mkdtemp(`${final}.`)
  let copied = false
  try {
    copyInto(fresh, files)
    copied = true
    await rename(fresh, final)
    return layout(final, bun, modules)
  } catch (error) {
    if (isOurs(final)) {
      // Another process of this build got there first.
      await rm(fresh, { recursive: true, force: true })
      return layout(final, bun, modules)
    }
    // Someone else's file under our name (a shared /tmp): keep using our private copy.
    if (copied) return layout(fresh, bun, modules)
    await rm(fresh, { recursive: true, force: true })
    throw error
  }
}

/**
 * Copies what a child executes (the runtime scripts, QuickJS, and Bun itself when it sits in a
 * private folder) into one folder that every run uid can read and none can write. A run never
 * reads the install, so the sandbox works whatever the permissions above the project are.
 */
export async function prepareRuntime(options: RuntimeOptions): Promise<SandboxRuntime> {
  try {
    return await build(options)
  } catch (error) {
    throw new Error(`cannot prepare the code sandbox's runtime folder: ${(error as Error).message}`)
  }
}
