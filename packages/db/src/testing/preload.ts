import { afterAll } from 'bun:test'
import { dropRunDatabases } from './database.ts'

// Runs once after every test file: nothing a run creates outlives it.
afterAll(async () => {
  await dropRunDatabases()
})
