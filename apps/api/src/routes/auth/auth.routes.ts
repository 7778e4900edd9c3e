import { CurrentUserResponse, LoginInput, SignupInput, StaffTokenResponse } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { bearer, errors, json, jsonBody } from '../openapi.ts'

export const signup = createRoute({
  method: 'post',
  path: '/auth/signup',
  tags: ['auth'],
  summary: 'Create an organization and its admin (when ALLOW_SIGNUP is on)',
  description:
    'Public, when the server allows sign-up (otherwise 403 `signup_disabled`). The organization ' +
    'and its first admin are created in one transaction, and the response carries a staff token ' +
    'for that admin. An email that already has a staff account is a 409 `email_taken`; ' +
    'sign-ups are rate-limited per client address (429).',
  request: {
    body: jsonBody(SignupInput, {
      organization_name: 'Acme Engineering',
      name: 'Grace Hopper',
      email: 'grace@acme.example',
      password: 'correct horse battery',
    }),
  },
  responses: {
    201: json(StaffTokenResponse, 'The new admin and a staff token'),
    ...errors(400, 403, 409, 429),
  },
})

export const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Exchange email and password for a staff token',
  description:
    'Public. An unknown email and a wrong password both answer 401 `invalid_credentials`, alike ' +
    'in message and time; a deactivated account is a 403 `account_deactivated`, said only once ' +
    'the password matched. Rate-limited per client address, and failed tries back off per email ' +
    'and address (429 with Retry-After), so no one can lock the owner out.',
  request: {
    body: jsonBody(LoginInput, {
      email: 'recruiter@example.com',
      password: 'correct horse battery',
    }),
  },
  responses: {
    200: json(StaffTokenResponse, 'A staff token'),
    ...errors(400, 401, 429),
  },
})

export const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The signed-in staff user',
  description:
    'Staff only (a candidate token is a 403). The user is read again from the database, so the ' +
    "role is the current one, not the token's; a deactivated account is a 401.",
  security: bearer,
  responses: {
    200: json(CurrentUserResponse, 'The user behind the token'),
    ...errors(401, 403, 404),
  },
})
