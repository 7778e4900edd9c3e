import { z } from 'zod'

/** GET /api/results.csv: one assessment's ended sessions, one row each. */
export const ResultsCsvQuery = z.object({
  assessment_id: z.uuid(),
})
export type ResultsCsvQuery = z.infer<typeof ResultsCsvQuery>
