import { z } from 'zod'
import { Email } from './common.ts'

export const Password = z.string().min(8, 'at least 8 characters').max(200)

export const SignupInput = z.object({
  organization_name: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  email: Email,
  password: Password,
})
export type SignupInput = z.infer<typeof SignupInput>

export const LoginInput = z.object({
  email: Email,
  password: z.string().min(1).max(200),
})
export type LoginInput = z.infer<typeof LoginInput>

export const StaffRole = z.enum(['admin', 'recruiter'])
export type StaffRole = z.infer<typeof StaffRole>
export const UserRole = z.enum(['admin', 'recruiter', 'candidate'])
export type UserRole = z.infer<typeof UserRole>

export const UserView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: UserRole,
  org_id: z.uuid(),
})
export type UserView = z.infer<typeof UserView>

/** POST /api/auth/signup, /api/auth/login and /api/member-invitations/:token/accept: a staff token. */
export const StaffTokenResponse = z.object({ token: z.string(), user: UserView })
export type StaffTokenResponse = z.infer<typeof StaffTokenResponse>

/** GET /api/auth/me: the user behind the token. */
export const CurrentUserResponse = z.object({ user: UserView })
export type CurrentUserResponse = z.infer<typeof CurrentUserResponse>
