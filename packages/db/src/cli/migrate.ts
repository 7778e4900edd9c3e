import { envFields, parseEnv } from '@assess/core'
import { z } from 'zod'
import { ensureDatabase, migrateDatabase } from '../migrate.ts'

const parsed = parseEnv(z.object({ DATABASE_URL: envFields.DATABASE_URL }), process.env)
if (!parsed.ok) {
  console.error(parsed.message)
  process.exit(1)
}
const url = parsed.env.DATABASE_URL
const redacted = url.replace(/\/\/[^@/]*@/, '//***@')
try {
  if (await ensureDatabase(url)) console.log(`created database ${redacted}`)
  await migrateDatabase(url)
  console.log(`migrations applied to ${redacted}`)
} catch (err) {
  console.error(`migration failed for ${redacted}: ${(err as Error).message}`)
  process.exit(1)
}
