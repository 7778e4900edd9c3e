export { createTestDatabase, dropRunDatabases, testRunId } from './database.ts'
