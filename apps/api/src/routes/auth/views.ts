import type { UserView } from '@assess/core'
import type { UserRow } from '@assess/db'

export const userView = (u: UserRow): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  org_id: u.orgId,
})
