import { readFileSync, realpathSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/** A module the runner imports: its package and its path inside that package. */
export interface PackageModule {
  name: string
  path: string
}

export interface QuickJsPackages {
  /** Package name → its directory (real path): the two the runner imports and their deps. */
  roots: Map<string, string>
  core: PackageModule
  variant: PackageModule
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

/**
 * The sync release build of QuickJS and every package it loads. The runtime directory copies
 * them side by side (`node_modules/<name>`), so the child never reads the install itself.
 */
export function resolveQuickJsPackages(): QuickJsPackages {
  const meta = resolveReal('quickjs-emscripten', import.meta.dir)
  const roots = new Map<string, string>()
  const visit = (name: string, entry: string) => {
    const root = packageRoot(entry, name)
    const known = roots.get(name)
    if (known === root) return
    if (known)
      throw new Error(`two versions of ${name} (${known}, ${root}) cannot share one folder`)
    roots.set(name, root)
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, resolveReal(dep, root))
  }
  const moduleOf = (name: string): PackageModule => {
    const entry = resolveReal(name, dirname(meta))
    visit(name, entry)
    return { name, path: relative(packageRoot(entry, name), entry) }
  }
  return {
    core: moduleOf('quickjs-emscripten-core'),
    variant: moduleOf('@jitl/quickjs-wasmfile-release-sync'),
    roots,
  }
}
