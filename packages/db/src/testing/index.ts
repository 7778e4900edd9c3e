export { createTestDatabase, dropRunDatabases, testRunId } from './database.ts'
export { processEnv, waitForOk } from './processes.ts'
