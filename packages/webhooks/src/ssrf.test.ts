import { describe, expect, test } from 'bun:test'
import { type AddressClass, checkWebhookUrl, classifyAddress, type Lookup } from './ssrf.ts'

const cases: [string, AddressClass][] = [
  // IPv4
  ['8.8.8.8', 'public'],
  ['93.184.215.14', 'public'],
  ['1.1.1.1', 'public'],
  ['172.15.255.255', 'public'],
  ['172.32.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.128.0.0', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['169.254.0.1', 'link_local'],
  ['169.254.169.254', 'metadata'],
  ['168.63.129.16', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['192.0.0.192', 'reserved'],
  ['192.0.2.10', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['198.51.100.1', 'reserved'],
  ['203.0.113.5', 'reserved'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  // IPv6
  ['2606:4700:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['[2a00:1450:4001:81b::200e]', 'public'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['[::1]', 'loopback'],
  ['::', 'unspecified'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['fd00:ec2::254', 'metadata'],
  ['fe80::1', 'link_local'],
  ['fe80::1%eth0', 'link_local'],
  ['febf::1', 'link_local'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['::ffff:8.8.8.8', 'public'],
  ['::127.0.0.1', 'loopback'],
  ['::8.8.8.8', 'reserved'],
  ['::ffff:0:8.8.8.8', 'reserved'],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'metadata'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['64:ff9b:1::1', 'private'],
  ['2002:7f00:1::', 'loopback'],
  ['2002:c0a8:101::1', 'private'],
  ['2002:808:808::1', 'public'],
  ['2001::1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['2001:10::1', 'reserved'],
  ['100::1', 'reserved'],
  ['4000::1', 'reserved'],
  // not addresses
  ['example.com', 'invalid'],
  ['256.1.1.1', 'invalid'],
  ['1.2.3', 'invalid'],
  ['01.2.3.4', 'invalid'],
  ['1::2::3', 'invalid'],
  ['1:2:3:4:5:6:7:8:9', 'invalid'],
  ['12345::1', 'invalid'],
  ['::ffff:1.2.3.256', 'invalid'],
  ['', 'invalid'],
]

describe('classifyAddress', () => {
  test.each(cases)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected)
  })
})

const strict = { allowPrivateNetworks: false, requireHttps: false }
const resolvesTo =
  (...addresses: string[]): Lookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))

describe('checkWebhookUrl', () => {
  test.each([
    'http://127.0.0.1/hook',
    'http://[::1]:8080/hook',
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://localhost:3000/hook',
    'http://api.localhost/hook',
    'http://0x7f.1/hook', // URL parsing makes this 127.0.0.1
    'http://2130706433/hook', // … and this
    'http://0/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[fe80::1]/hook',
  ])('refuses %s', async (url) => {
    const result = await checkWebhookUrl(url, strict)
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('must not point at') })
  })

  test('accepts a public address and returns what it checked', async () => {
    const result = await checkWebhookUrl('https://93.184.215.14/hook', strict)
    expect(result).toMatchObject({ ok: true, addresses: ['93.184.215.14'] })
  })

  test('resolves host names, and refuses when ANY address is not public', async () => {
    const ok = await checkWebhookUrl('https://hooks.example.com/x', {
      ...strict,
      lookup: resolvesTo('93.184.215.14', '2606:4700:4700::1111'),
    })
    expect(ok).toMatchObject({ ok: true, addresses: ['93.184.215.14', '2606:4700:4700::1111'] })
    const mixed = await checkWebhookUrl('https://hooks.example.com/x', {
      ...strict,
      lookup: resolvesTo('93.184.215.14', '10.0.0.7'),
    })
    expect(mixed).toEqual({ ok: false, reason: expect.stringContaining('10.0.0.7') })
  })

  test('a host name that does not resolve (or resolves to nothing) is refused', async () => {
    const failing: Lookup = async () => {
      throw new Error('ENOTFOUND')
    }
    expect(
      (await checkWebhookUrl('https://nope.invalid/', { ...strict, lookup: failing })).ok,
    ).toBe(false)
    expect(
      (await checkWebhookUrl('https://empty.test/', { ...strict, lookup: resolvesTo() })).ok,
    ).toBe(false)
  })

  test('a slow resolver is given up on', async () => {
    const hanging: Lookup = () => new Promise(() => {})
    const result = await checkWebhookUrl('https://slow.test/', {
      ...strict,
      lookup: hanging,
      dnsTimeoutMs: 50,
    })
    expect(result.ok).toBe(false)
  })

  test.each([
    ['ftp://93.184.215.14/x', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['https://user:pass@93.184.215.14/x', 'credentials'],
    ['not a url', 'valid URL'],
  ])('refuses %s (%s)', async (url, reason) => {
    const result = await checkWebhookUrl(url, { ...strict, allowPrivateNetworks: true })
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason) })
  })

  test('https is required when asked, unless private networks are allowed', async () => {
    const url = 'http://93.184.215.14/hook'
    expect(await checkWebhookUrl(url, { ...strict, requireHttps: true })).toEqual({
      ok: false,
      reason: 'must use https',
    })
    expect(
      (await checkWebhookUrl(url, { allowPrivateNetworks: true, requireHttps: true })).ok,
    ).toBe(true)
  })

  test('allowing private networks accepts loopback and private addresses', async () => {
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.0.0.1/x'])
      expect(
        (await checkWebhookUrl(url, { allowPrivateNetworks: true, requireHttps: false })).ok,
      ).toBe(true)
  })
})
