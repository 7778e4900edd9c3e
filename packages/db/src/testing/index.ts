export { createTestDatabase, dropRunDatabases, testRunId } from './database.ts'
export { holdTransaction } from './hold.ts'
export { processEnv, waitForOk } from './processes.ts'
export { GRADING_MS, PROCESS_START_MS, waitUntil } from './wait.ts'
