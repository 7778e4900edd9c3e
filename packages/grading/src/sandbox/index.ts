export { createSandbox, type SandboxOptions } from './create-sandbox.ts'
export { createLazySandbox } from './lazy.ts'
export { DEFAULT_LIMITS } from './limits.ts'
export type {
  CodeLanguage,
  CodeRunRequest,
  CodeRunResult,
  Isolation,
  RunStatus,
  Sandbox,
  SandboxLimits,
  TestRun,
} from './types.ts'
