import { createSandbox, type SandboxOptions } from './create-sandbox.ts'
import type { Sandbox } from './types.ts'

/**
 * A sandbox built on first use: the API only runs code when a candidate asks for sample tests,
 * so it does not pay the startup probe (or need bubblewrap) before that.
 */
export function createLazySandbox(options: SandboxOptions = {}): Sandbox {
  let ready: Promise<Sandbox> | undefined
  return {
    isolation: options.isolation === 'bwrap' ? 'bwrap' : 'process',
    run: async (req) => {
      ready ??= createSandbox(options)
      return (await ready).run(req)
    },
  }
}
