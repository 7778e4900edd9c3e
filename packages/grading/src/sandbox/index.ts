export { createSandbox, type SandboxOptions } from './create-sandbox.ts'
export { createLazySandbox } from './lazy.ts'
export { DEFAULT_LIMITS, MAX_RESULT_BYTES } from './limits.ts'
export {
  COMPILE_LIMITS,
  LANGUAGE_SPECS,
  PROGRAM_LANGUAGES,
  type ProgramLanguage,
} from './programs/languages.ts'
export { type LanguageStatus, probeLanguages } from './programs/probe.ts'
export type {
  CompileResult,
  ProgramRunRequest,
  ProgramRunResult,
  ProgramRunStatus,
  ProgramTestRun,
} from './programs/run-program.ts'
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
