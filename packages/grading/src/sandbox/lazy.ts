import { createSandbox, type SandboxOptions } from './create-sandbox.ts'
import type { Sandbox } from './types.ts'

/**
 * A sandbox built on first use: the API only runs code when a candidate asks for sample tests,
 * so it does not pay the startup probe (or need bubblewrap) before that. A sandbox that cannot
 * be built refuses the run with the reason (a 503 for the candidate), never an exception.
 */
export function createLazySandbox(options: SandboxOptions = {}): Sandbox {
  let ready: Promise<Sandbox> | undefined
  const built = async (): Promise<Sandbox | { ok: false; reason: string }> => {
    ready ??= createSandbox(options)
    try {
      return await ready
    } catch (error) {
      ready = undefined // the next request tries again: the cause may be gone by then
      return { ok: false, reason: (error as Error).message }
    }
  }
  return {
    isolation: options.isolation === 'bwrap' ? 'bwrap' : 'process',
    run: async (req) => {
      const sandbox = await built()
      return 'run' in sandbox ? sandbox.run(req) : sandbox
    },
    runProgram: async (req) => {
      const sandbox = await built()
      return 'run' in sandbox ? sandbox.runProgram(req) : sandbox
    },
  }
}
