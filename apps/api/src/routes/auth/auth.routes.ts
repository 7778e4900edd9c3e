import { LoginInput, SignupInput, UserView } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors, json, jsonBody } from '../openapi.ts'

const TokenResponse = z.object({ token: z.string(), user: UserView })

export const signup = createRoute({
  method: 'post',
  path: '/auth/signup',
  tags: ['auth'],
  summary: 'Create an organization and its admin (when ALLOW_SIGNUP is on)',
  request: { body: jsonBody(SignupInput) },
  responses: {
    201: json(TokenResponse, 'The new admin and a staff token'),
    ...errors(400, 403, 409, 429),
  },
})

export const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Exchange email and password for a staff token',
  request: {
    body: jsonBody(LoginInput, {
      email: 'recruiter@example.com',
      password: 'correct horse battery',
    }),
  },
  responses: {
    200: json(TokenResponse, 'A staff token'),
    ...errors(400, 401, 429),
  },
})

export const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The signed-in staff user',
  security: bearer,
  responses: {
    200: json(z.object({ user: UserView }), 'The user behind the token'),
    ...errors(401, 403, 404),
  },
})
