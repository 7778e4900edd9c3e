import { describe, expect, test } from 'bun:test'
import { Webhook, WebhookVerificationError } from 'standardwebhooks'
import { newWebhookSecret, SECRET_PREFIX, secretKey, signatureHeaders } from './sign.ts'

const nowSeconds = () => Math.floor(Date.now() / 1000)

describe('webhook secrets', () => {
  test('are whsec_ and the base64 of 32 random bytes, different every time', () => {
    const a = newWebhookSecret()
    const b = newWebhookSecret()
    expect(a.startsWith(SECRET_PREFIX)).toBe(true)
    expect(secretKey(a).length).toBe(32)
    expect(a).not.toBe(b)
  })
})

describe('signatureHeaders', () => {
  test("verifies with the standardwebhooks library (the receiver's side)", () => {
    const secret = newWebhookSecret()
    const body = JSON.stringify({ type: 'ping', timestamp: new Date().toISOString(), data: {} })
    const headers = signatureHeaders(secret, 'msg_abc', nowSeconds(), body)
    expect(headers['webhook-id']).toBe('msg_abc')
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body))
  })

  test('matches the library byte for byte, including bodies with non-ASCII characters', () => {
    const secret = newWebhookSecret()
    const body = JSON.stringify({ type: 'x', data: { name: 'Zoë Ñúñez 漢字 🎉' } })
    const ts = nowSeconds()
    const ours = signatureHeaders(secret, 'msg_1', ts, body)['webhook-signature']
    expect(ours).toBe(new Webhook(secret).sign('msg_1', new Date(ts * 1000), body))
  })

  test('a changed body, id, timestamp or secret fails verification', () => {
    const secret = newWebhookSecret()
    const body = '{"type":"ping"}'
    const headers = { ...signatureHeaders(secret, 'msg_1', nowSeconds(), body) }
    const wh = new Webhook(secret)
    expect(() => wh.verify('{"type":"pong"}', headers)).toThrow(WebhookVerificationError)
    expect(() => wh.verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow()
    expect(() =>
      wh.verify(body, { ...headers, 'webhook-timestamp': String(nowSeconds() - 1) }),
    ).toThrow()
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow()
  })

  test('an old timestamp is refused by the receiver (replay protection is the timestamp)', () => {
    const secret = newWebhookSecret()
    const headers = { ...signatureHeaders(secret, 'msg_1', nowSeconds() - 3600, '{}') }
    expect(() => new Webhook(secret).verify('{}', headers)).toThrow(/too old/)
  })
})
