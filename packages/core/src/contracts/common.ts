import { z } from 'zod'

export const Id = z.uuid()

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254))

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
})
export type PageQuery = z.infer<typeof PageQuery>
