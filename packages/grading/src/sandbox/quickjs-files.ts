import { readFileSync, realpathSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

export interface QuickJsFiles {
  /** Real paths of the entry modules the runner imports. */
  core: string
  variant: string
  /** node_modules directories to bind read-only: each package with its dependency symlinks. */
  mounts: string[]
}

const resolveReal = (name: string, from: string) => realpathSync(Bun.resolveSync(name, from))

function packageRoot(file: string, name: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === name) return dir
    } catch {}
  }
  throw new Error(`no package.json for ${name} above ${file}`)
}

/** The node_modules directory holding a package (Bun's store keeps its deps' symlinks there). */
function enclosingNodeModules(root: string): string {
  for (let dir = dirname(root); dir !== dirname(dir); dir = dirname(dir))
    if (basename(dir) === 'node_modules') return dir
  throw new Error(`${root} is not inside a node_modules directory`)
}

/**
 * The sync release build of QuickJS and everything it loads, at their real paths: the runner
 * imports them by absolute path, so the sandbox needs these directories and nothing else.
 */
export function resolveQuickJsFiles(): QuickJsFiles {
  const meta = resolveReal('quickjs-emscripten', import.meta.dir)
  const core = resolveReal('quickjs-emscripten-core', dirname(meta))
  const variant = resolveReal('@jitl/quickjs-wasmfile-release-sync', dirname(meta))
  const mounts = new Set<string>()
  const seen = new Set<string>()
  const visit = (name: string, entry: string) => {
    const root = packageRoot(entry, name)
    if (seen.has(root)) return
    seen.add(root)
    mounts.add(enclosingNodeModules(root))
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, resolveReal(dep, root))
  }
  visit('quickjs-emscripten-core', core)
  visit('@jitl/quickjs-wasmfile-release-sync', variant)
  return { core, variant, mounts: [...mounts] }
}
