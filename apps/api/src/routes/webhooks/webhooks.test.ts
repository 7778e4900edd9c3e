import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { WebhookDeliveryView } from '@assess/core'
import { recordWebhookAttempt } from '@assess/db'
import { waitUntil } from '@assess/db/testing'
import { createInvitedCandidate, createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'

// The harness's default: the SSRF guard on, https not required (as in development).
let t: TestApp
// The same database with private networks allowed (on-premises, tests with a local receiver).
let onPrem: TestApp
// The same database in production mode: https only.
let production: TestApp
let admin: Awaited<ReturnType<typeof createStaff>>
let rival: Awaited<ReturnType<typeof createStaff>>
beforeAll(async () => {
  t = await createTestApp()
  onPrem = await createTestApp(
    { webhooks: { allowPrivateNetworks: true, requireHttps: false } },
    { sharing: t },
  )
  production = await createTestApp(
    { webhooks: { allowPrivateNetworks: false, requireHttps: true } },
    { sharing: t },
  )
  admin = await createStaff(t)
  rival = await createStaff(t)
})
afterAll(async () => {
  await production?.close()
  await onPrem?.close()
  await t?.close()
})

// A public address (no DNS needed): the guard lets it through; nothing is ever sent in this file.
const PUBLIC_URL = 'https://93.184.215.14/hooks/assess'
let seq = 0

const create = (body: unknown, token = admin.token, app = t) =>
  app.request('POST', '/api/webhooks', { token, body })

async function createWebhook(events = ['session.completed'], token = admin.token) {
  const res = await create({ url: PUBLIC_URL, events, description: `hook ${++seq}` }, token)
  expect(res.status).toBe(201)
  return res.body as { webhook: { id: string }; secret: string }
}

async function recruiterOf(staff: typeof admin) {
  const email = `recruiter-${++seq}-${Date.now().toString(36)}@example.test`
  const [user] = await t.sql`
    INSERT INTO users (org_id, email, name, role)
    VALUES (${staff.organization.id}, ${email}, 'Rita Recruiter', 'recruiter') RETURNING id`
  return t.tokens.signStaff({ id: user?.id, orgId: staff.organization.id, role: 'recruiter' })
}

const deliveriesOf = async (webhookId: string, query = '') => {
  const res = await t.request('GET', `/api/webhooks/${webhookId}/deliveries${query}`, {
    token: admin.token,
  })
  expect(res.status).toBe(200)
  return res.body as { deliveries: WebhookDeliveryView[]; next_cursor: string | null }
}

const succeed = (deliveryId: string, attempt = 1) =>
  recordWebhookAttempt(t.db, {
    deliveryId,
    attempt,
    result: { ok: true, statusCode: 204, durationMs: 12, error: null, responseExcerpt: null },
    retryDelaysSeconds: [5],
  })

describe('webhook endpoints: create, list, change, delete', () => {
  test('create returns the endpoint and its whsec_ secret, which nothing returns again', async () => {
    const res = await create({
      url: PUBLIC_URL,
      events: ['session.completed', 'session.started', 'session.completed'],
      description: 'ATS sync',
    })
    expect(res.status).toBe(201)
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(res.body.webhook).toEqual({
      id: expect.any(String),
      url: PUBLIC_URL,
      events: ['session.completed', 'session.started'],
      description: 'ATS sync',
      active: true,
      disabled_reason: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    })
    const { secret } = res.body
    const id = res.body.webhook.id
    const list = await t.request('GET', '/api/webhooks', { token: admin.token })
    expect(list.status).toBe(200)
    expect(list.body.webhooks.map((w: { id: string }) => w.id)).toContain(id)
    const patched = await t.request('PATCH', `/api/webhooks/${id}`, {
      token: admin.token,
      body: { description: 'renamed' },
    })
    const ping = await t.request('POST', `/api/webhooks/${id}/test`, { token: admin.token })
    const deliveries = await t.request('GET', `/api/webhooks/${id}/deliveries`, {
      token: admin.token,
    })
    for (const later of [list, patched, ping, deliveries]) {
      expect(later.status).toBeLessThan(300)
      expect(later.text).not.toContain(secret)
      expect(later.text).not.toContain(secret.slice(6))
    }
    const [stored] = await t.sql`SELECT secret FROM webhooks WHERE id = ${id}`
    expect(stored?.secret).toBe(secret)
  })

  test('PATCH changes url, events and description; off keeps a reason, on clears it', async () => {
    const { webhook } = await createWebhook()
    const path = `/api/webhooks/${webhook.id}`
    const changed = await t.request('PATCH', path, {
      token: admin.token,
      body: {
        url: 'https://93.184.215.15/other',
        events: ['invitation.accepted', 'session.summarized'],
        description: null,
      },
    })
    expect(changed.status).toBe(200)
    expect(changed.body.webhook).toMatchObject({
      url: 'https://93.184.215.15/other',
      events: ['invitation.accepted', 'session.summarized'],
      description: null,
      active: true,
    })
    const off = await t.request('PATCH', path, { token: admin.token, body: { active: false } })
    expect(off.body.webhook).toMatchObject({
      active: false,
      disabled_reason: 'turned off by an administrator',
    })
    // As the worker leaves it after a 410: turning it off again keeps that reason.
    await t.sql`UPDATE webhooks SET disabled_reason = 'the endpoint answered 410 Gone' WHERE id = ${webhook.id}`
    const again = await t.request('PATCH', path, { token: admin.token, body: { active: false } })
    expect(again.body.webhook.disabled_reason).toBe('the endpoint answered 410 Gone')
    const on = await t.request('PATCH', path, { token: admin.token, body: { active: true } })
    expect(on.body.webhook).toMatchObject({ active: true, disabled_reason: null })
  })

  test('DELETE removes the endpoint with its deliveries; it is then a 404', async () => {
    const { webhook } = await createWebhook()
    const ping = await t.request('POST', `/api/webhooks/${webhook.id}/test`, {
      token: admin.token,
    })
    expect(ping.status).toBe(202)
    const path = `/api/webhooks/${webhook.id}`
    const deleted = await t.request('DELETE', path, { token: admin.token })
    expect(deleted.status).toBe(204)
    expect(deleted.text).toBe('')
    const list = await t.request('GET', '/api/webhooks', { token: admin.token })
    expect(list.body.webhooks.map((w: { id: string }) => w.id)).not.toContain(webhook.id)
    const rows = await t.sql`SELECT id FROM webhook_deliveries WHERE webhook_id = ${webhook.id}`
    expect(rows.length).toBe(0)
    for (const [method, suffix, body] of [
      ['DELETE', '', undefined],
      ['PATCH', '', { active: true }],
      ['GET', '/deliveries', undefined],
      ['POST', '/test', undefined],
    ] as const) {
      const res = await t.request(method, `${path}${suffix}`, { token: admin.token, body })
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('webhook_not_found')
    }
  })
})

describe('access', () => {
  test('a recruiter gets 403 on every webhook route; no token 401; a candidate 403', async () => {
    const { webhook } = await createWebhook()
    const recruiter = await recruiterOf(admin)
    const calls = [
      { method: 'POST', path: '/api/webhooks', body: { url: PUBLIC_URL, events: ['ping'] } },
      { method: 'GET', path: '/api/webhooks' },
      { method: 'PATCH', path: `/api/webhooks/${webhook.id}`, body: { active: false } },
      { method: 'DELETE', path: `/api/webhooks/${webhook.id}` },
      { method: 'GET', path: `/api/webhooks/${webhook.id}/deliveries` },
      {
        method: 'POST',
        path: `/api/webhooks/${webhook.id}/deliveries/${crypto.randomUUID()}/redeliver`,
      },
      { method: 'POST', path: `/api/webhooks/${webhook.id}/test` },
    ]
    for (const call of calls) {
      const res = await t.request(call.method, call.path, { token: recruiter, body: call.body })
      expect(res.status, `${call.method} ${call.path}`).toBe(403)
      expect(res.body.error.code).toBe('admin_only')
      await expectStaffOnly(t, call)
    }
    const [row] = await t.sql`SELECT active FROM webhooks WHERE id = ${webhook.id}`
    expect(row?.active).toBe(true)
  })

  test("another organization's admin gets 404 for every endpoint of ours, and sees none", async () => {
    const { webhook } = await createWebhook()
    const ping = await t.request('POST', `/api/webhooks/${webhook.id}/test`, {
      token: admin.token,
    })
    const delivery = ping.body.delivery
    for (const [method, suffix, body] of [
      ['PATCH', '', { active: false }],
      ['DELETE', '', undefined],
      ['GET', '/deliveries', undefined],
      ['POST', `/deliveries/${delivery.id}/redeliver`, undefined],
      ['POST', '/test', undefined],
    ] as const) {
      const res = await t.request(method, `/api/webhooks/${webhook.id}${suffix}`, {
        token: rival.token,
        body,
      })
      expect(res.status, `${method} ${suffix}`).toBe(404)
    }
    const list = await t.request('GET', '/api/webhooks', { token: rival.token })
    expect(list.body.webhooks.map((w: { id: string }) => w.id)).not.toContain(webhook.id)
    const [row] = await t.sql`SELECT active FROM webhooks WHERE id = ${webhook.id}`
    expect(row?.active).toBe(true)
  })
})

describe('validation', () => {
  test.each([
    ['no body fields', {}, ['url', 'events']],
    ['no events', { url: PUBLIC_URL, events: [] }, ['events']],
    ['an unknown event', { url: PUBLIC_URL, events: ['session.exploded'] }, ['events.0']],
    ['ping (not subscribable)', { url: PUBLIC_URL, events: ['ping'] }, ['events.0']],
    [
      'more than 10 events',
      { url: PUBLIC_URL, events: new Array(11).fill('session.started') },
      ['events'],
    ],
    [
      'a URL over 2,000 characters',
      { url: `https://93.184.215.14/${'a'.repeat(2000)}`, events: ['session.started'] },
      ['url'],
    ],
    [
      'a description over 500 characters',
      { url: PUBLIC_URL, events: ['session.started'], description: 'd'.repeat(501) },
      ['description'],
    ],
    ['events not a list', { url: PUBLIC_URL, events: 'session.started' }, ['events']],
  ])('%s → 400 naming the fields', async (_, body, fields) => {
    const res = await create(body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(Object.keys(res.body.error.details.fields).toSorted()).toEqual(fields.toSorted())
  })

  test('PATCH with nothing to change, or bad ids, is a 400', async () => {
    const { webhook } = await createWebhook()
    const empty = await t.request('PATCH', `/api/webhooks/${webhook.id}`, {
      token: admin.token,
      body: {},
    })
    expect(empty.status).toBe(400)
    const badId = await t.request('GET', '/api/webhooks/not-a-uuid/deliveries', {
      token: admin.token,
    })
    expect(badId.status).toBe(400)
    const badCursor = await t.request('GET', `/api/webhooks/${webhook.id}/deliveries?cursor=x`, {
      token: admin.token,
    })
    expect(badCursor.status).toBe(400)
    expect(badCursor.body.error.code).toBe('invalid_cursor')
  })

  test.each([
    ['ftp://93.184.215.14/x', 'http or https'],
    ['https://user:secret@93.184.215.14/x', 'credentials'],
    ['not a url', 'not a valid URL'],
  ])('%s → 400 webhook_url_not_allowed (%s)', async (url, reason) => {
    const res = await create({ url, events: ['session.started'] })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('webhook_url_not_allowed')
    expect(res.body.error.details.fields.url[0]).toContain(reason)
  })
})

describe('the SSRF guard at creation', () => {
  test.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://[::1]/hook', 'loopback'],
    ['http://10.0.0.1/hook', 'private network'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['http://localhost:3000/hook', 'loopback'],
    ['http://0x7f.1/hook', 'loopback'],
    ['http://[::ffff:192.168.0.1]/hook', 'private network'],
  ])('refuses %s (%s)', async (url, what) => {
    const res = await create({ url, events: ['session.started'] })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('webhook_url_not_allowed')
    expect(res.body.error.details.fields.url).toEqual([expect.stringContaining(what)])
  })

  test('PATCH to a private URL is refused the same way, and changes nothing', async () => {
    const { webhook } = await createWebhook()
    const res = await t.request('PATCH', `/api/webhooks/${webhook.id}`, {
      token: admin.token,
      body: { url: 'http://192.168.1.10/hook', active: false },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('webhook_url_not_allowed')
    const [row] = await t.sql`SELECT url, active FROM webhooks WHERE id = ${webhook.id}`
    expect(row).toEqual({ url: PUBLIC_URL, active: true })
  })

  test('production mode refuses plain http, even to a public address; https passes', async () => {
    const http = await create(
      { url: 'http://93.184.215.14/hook', events: ['session.started'] },
      admin.token,
      production,
    )
    expect(http.status).toBe(400)
    expect(http.body.error.details.fields.url[0]).toContain('https')
    const https = await create(
      { url: PUBLIC_URL, events: ['session.started'] },
      admin.token,
      production,
    )
    expect(https.status).toBe(201)
    const local = await create(
      { url: 'https://127.0.0.1/hook', events: ['session.started'] },
      admin.token,
      production,
    )
    expect(local.status).toBe(400)
  })

  test('with private networks allowed, loopback, private and http URLs are accepted', async () => {
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost/hook', 'http://10.1.2.3/x']) {
      const res = await create({ url, events: ['session.started'] }, admin.token, onPrem)
      expect(res.status, url).toBe(201)
      expect(res.body.webhook.url).toBe(url)
    }
  })
})

describe('deliveries', () => {
  test('events of subscribed types are logged per endpoint, newest first, with keyset pages', async () => {
    const { webhook } = await createWebhook(['invitation.accepted', 'session.started'])
    const other = await createWebhook(['session.completed'])
    const c = await startCandidate(t, admin.actor)
    const { deliveries, next_cursor } = await deliveriesOf(webhook.id)
    expect(next_cursor).toBeNull()
    expect(deliveries.map((d) => d.event_type)).toEqual(['session.started', 'invitation.accepted'])
    const started = deliveries[0]
    expect(started).toMatchObject({
      webhook_id: webhook.id,
      message_id: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
      status: 'pending',
      attempt_count: 0,
      redelivery_of: null,
      attempts: [],
      payload: {
        type: 'session.started',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        data: {
          session_id: c.sessionId,
          invitation_id: c.invitation.id,
          assessment: { id: c.detail.assessment.id, title: c.detail.assessment.title },
          candidate: { email: c.invitation.email },
        },
      },
    })
    expect((await deliveriesOf(other.webhook.id)).deliveries).toEqual([])

    // Three pings more: pages of two, no delivery twice or missed.
    for (let i = 0; i < 3; i++)
      await t.request('POST', `/api/webhooks/${webhook.id}/test`, { token: admin.token })
    const first = await deliveriesOf(webhook.id, '?limit=2')
    expect(first.deliveries.map((d) => d.event_type)).toEqual(['ping', 'ping'])
    const second = await deliveriesOf(
      webhook.id,
      `?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? '')}`,
    )
    const third = await deliveriesOf(
      webhook.id,
      `?limit=2&cursor=${encodeURIComponent(second.next_cursor ?? '')}`,
    )
    expect(third.next_cursor).toBeNull()
    const ids = [...first.deliveries, ...second.deliveries, ...third.deliveries].map((d) => d.id)
    expect(new Set(ids).size).toBe(5)
    expect([...second.deliveries, ...third.deliveries].map((d) => d.event_type)).toEqual([
      'ping',
      'session.started',
      'invitation.accepted',
    ])
  })

  test('each attempt is listed: time, status code, duration, error', async () => {
    const { webhook } = await createWebhook()
    const ping = await t.request('POST', `/api/webhooks/${webhook.id}/test`, { token: admin.token })
    const deliveryId = ping.body.delivery.id
    const failed = await recordWebhookAttempt(t.db, {
      deliveryId,
      attempt: 1,
      result: {
        ok: false,
        statusCode: null,
        durationMs: 10_000,
        error: 'timed out after 10000 ms',
        responseExcerpt: null,
      },
      retryDelaysSeconds: [5, 300],
    })
    expect(failed.outcome).toBe('retrying')
    await recordWebhookAttempt(t.db, {
      deliveryId,
      attempt: 2,
      result: { ok: true, statusCode: 200, durationMs: 35, error: null, responseExcerpt: 'ok' },
      retryDelaysSeconds: [5, 300],
    })
    const [delivery] = (await deliveriesOf(webhook.id)).deliveries
    expect(delivery).toMatchObject({
      status: 'succeeded',
      attempt_count: 2,
      next_attempt_at: null,
      completed_at: expect.any(String),
    })
    expect(delivery?.attempts).toEqual([
      {
        attempt: 1,
        at: expect.any(String),
        status_code: null,
        duration_ms: 10_000,
        error: 'timed out after 10000 ms',
        response_excerpt: null,
      },
      {
        attempt: 2,
        at: expect.any(String),
        status_code: 200,
        duration_ms: 35,
        error: null,
        response_excerpt: 'ok',
      },
    ])
  })
})

describe('redeliver and test', () => {
  test('a redelivery is a new delivery with the same webhook-id and payload', async () => {
    const { webhook } = await createWebhook()
    const ping = await t.request('POST', `/api/webhooks/${webhook.id}/test`, { token: admin.token })
    const original = ping.body.delivery
    const path = `/api/webhooks/${webhook.id}/deliveries/${original.id}/redeliver`
    // Still being attempted: refused, so it is not sent twice at once.
    const early = await t.request('POST', path, { token: admin.token })
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('delivery_pending')
    await succeed(original.id)
    const res = await t.request('POST', path, { token: admin.token })
    expect(res.status).toBe(202)
    expect(res.body.delivery).toMatchObject({
      message_id: original.message_id,
      event_type: 'ping',
      payload: original.payload,
      status: 'pending',
      attempt_count: 0,
      redelivery_of: original.id,
      attempts: [],
    })
    expect(res.body.delivery.id).not.toBe(original.id)
    const listed = (await deliveriesOf(webhook.id)).deliveries
    expect(listed.map((d) => d.message_id)).toEqual([original.message_id, original.message_id])
    // A delivery of another endpoint (of ours) is not found under this one.
    const other = await createWebhook()
    const wrong = await t.request(
      'POST',
      `/api/webhooks/${other.webhook.id}/deliveries/${original.id}/redeliver`,
      { token: admin.token },
    )
    expect(wrong.status).toBe(404)
    expect(wrong.body.error.code).toBe('delivery_not_found')
  })

  test('test sends a ping to the endpoint whatever it subscribes to, and wakes the relay', async () => {
    const { webhook } = await createWebhook(['session.summarized'])
    const heard: string[] = []
    const listener = await t.sql.listen('webhook_deliveries', (type) => heard.push(type))
    try {
      const res = await t.request('POST', `/api/webhooks/${webhook.id}/test`, {
        token: admin.token,
      })
      expect(res.status).toBe(202)
      expect(res.body.delivery).toMatchObject({
        event_type: 'ping',
        status: 'pending',
        message_id: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
        payload: {
          type: 'ping',
          timestamp: t.clock.now().toISOString(),
          data: { webhook_id: webhook.id },
        },
      })
      await waitUntil('the notification', () => heard.includes('ping'), 10_000)
    } finally {
      await listener.unlisten()
    }
  })

  test('an endpoint that is turned off takes no test or redelivery (409)', async () => {
    const { webhook } = await createWebhook()
    const ping = await t.request('POST', `/api/webhooks/${webhook.id}/test`, { token: admin.token })
    await succeed(ping.body.delivery.id)
    await t.request('PATCH', `/api/webhooks/${webhook.id}`, {
      token: admin.token,
      body: { active: false },
    })
    const test = await t.request('POST', `/api/webhooks/${webhook.id}/test`, { token: admin.token })
    expect(test.status).toBe(409)
    expect(test.body.error.code).toBe('webhook_inactive')
    const again = await t.request(
      'POST',
      `/api/webhooks/${webhook.id}/deliveries/${ping.body.delivery.id}/redeliver`,
      { token: admin.token },
    )
    expect(again.status).toBe(409)
  })

  test('an endpoint that is turned off gets no new events', async () => {
    const { webhook } = await createWebhook(['invitation.accepted'])
    await t.request('PATCH', `/api/webhooks/${webhook.id}`, {
      token: admin.token,
      body: { active: false },
    })
    const { linkToken } = await createInvitedCandidate(t, admin.actor)
    expect((await t.request('POST', `/api/invitations/${linkToken}/accept`)).status).toBe(200)
    expect((await deliveriesOf(webhook.id)).deliveries).toEqual([])
  })
})

describe('the API reference', () => {
  test('documents every webhook route; the endpoint schema has no secret', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body
    expect(doc.paths['/api/webhooks']).toHaveProperty('get')
    expect(doc.paths['/api/webhooks']).toHaveProperty('post')
    expect(doc.paths['/api/webhooks/{id}']).toHaveProperty('patch')
    expect(doc.paths['/api/webhooks/{id}']).toHaveProperty('delete')
    expect(doc.paths['/api/webhooks/{id}/deliveries']).toHaveProperty('get')
    expect(doc.paths['/api/webhooks/{id}/deliveries/{delivery_id}/redeliver']).toHaveProperty(
      'post',
    )
    expect(doc.paths['/api/webhooks/{id}/test']).toHaveProperty('post')
    expect(doc.components.schemas.Webhook.properties).not.toHaveProperty('secret')
  })
})
