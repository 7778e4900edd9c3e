import { describe, expect, test } from 'bun:test'
import { parseEnv } from '@assess/core'
import { ApiEnv } from '../env.ts'
import { formatIp, isInRange, parseIp, parseIpRange } from './ip-address.ts'
import {
  parseForwardedEntry,
  parseTrustProxy,
  resolveClientIp,
  TRUST_NO_PROXY,
  type TrustProxy,
} from './trust-proxy.ts'

function rule(text: string): TrustProxy {
  const parsed = parseTrustProxy(text)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.rule
}
const canonical = (text: string) => {
  const ip = parseIp(text)
  return ip && formatIp(ip)
}

describe('IP addresses', () => {
  test('IPv4 and IPv6 in canonical form; IPv4-mapped IPv6 is the IPv4 address', () => {
    expect(canonical('203.0.113.7')).toBe('203.0.113.7')
    expect(canonical('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1')
    expect(canonical('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1')
    expect(canonical('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1')
    expect(canonical('::')).toBe('::')
    expect(canonical('::1')).toBe('::1')
    expect(canonical('fe80::')).toBe('fe80::')
    expect(canonical('::ffff:1.2.3.4')).toBe('1.2.3.4')
    expect(canonical('::FFFF:7f00:1')).toBe('127.0.0.1')
    expect(canonical('64:ff9b::192.0.2.33')).toBe('64:ff9b::c000:221')
  })

  test('anything else is not an address', () => {
    for (const text of [
      '',
      'unknown',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3.4 ',
      '-1.2.3.4',
      '1::2::3',
      ':::',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8::',
      '1:2:3:4:5:6:7',
      '12345::1',
      'fe80::1%eth0',
      '1.2.3.4::',
      '::1.2.3.4:5',
      'g::1',
      `${'1:'.repeat(30)}1`,
    ])
      expect(parseIp(text)).toBeUndefined()
  })

  test('CIDR blocks, bare addresses and mapped blocks', () => {
    const inside = (address: string, range: string) => {
      const ip = parseIp(address)
      const block = parseIpRange(range)
      if (!ip || !block) throw new Error(`bad test input ${address} ${range}`)
      return isInRange(ip, block)
    }
    expect(inside('10.1.2.3', '10.0.0.0/8')).toBe(true)
    expect(inside('11.0.0.1', '10.0.0.0/8')).toBe(false)
    expect(inside('172.31.255.255', '172.16.0.0/12')).toBe(true)
    expect(inside('172.32.0.0', '172.16.0.0/12')).toBe(false)
    expect(inside('192.0.2.9', '192.0.2.9')).toBe(true)
    expect(inside('192.0.2.10', '192.0.2.9')).toBe(false)
    expect(inside('8.8.8.8', '0.0.0.0/0')).toBe(true)
    expect(inside('2001:db8::5', '2001:db8::/32')).toBe(true)
    expect(inside('2001:db9::5', '2001:db8::/32')).toBe(false)
    expect(inside('::ffff:10.0.0.7', '10.0.0.0/8')).toBe(true)
    expect(inside('10.0.0.7', '::ffff:10.0.0.0/104')).toBe(true)
    // Families never match each other, even at /0.
    expect(inside('::1', '0.0.0.0/0')).toBe(false)
    expect(inside('127.0.0.1', '::/0')).toBe(false)
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/-1', 'x/8'])
      expect(parseIpRange(bad)).toBeUndefined()
  })

  test('X-Forwarded-For entries may carry a port', () => {
    const entry = (text: string) => {
      const ip = parseForwardedEntry(text)
      return ip && formatIp(ip)
    }
    expect(entry(' 198.51.100.4 ')).toBe('198.51.100.4')
    expect(entry('198.51.100.4:61000')).toBe('198.51.100.4')
    expect(entry('[2001:db8::7]:443')).toBe('2001:db8::7')
    expect(entry('[2001:db8::7]')).toBe('2001:db8::7')
    expect(entry('2001:db8::7')).toBe('2001:db8::7')
    for (const bad of ['unknown', '_hidden', '[2001:db8::7', '198.51.100.4:port', '[1.2.3.4]:1:2'])
      expect(entry(bad)).toBeUndefined()
  })
})

describe('TRUST_PROXY', () => {
  test('unset, false or 0 trusts nothing; a number is hops; the rest is CIDRs and keywords', () => {
    for (const text of [undefined, '', ' ', 'false', 'FALSE', '0'])
      expect(parseTrustProxy(text)).toEqual({ ok: true, rule: TRUST_NO_PROXY })
    expect(rule('1')).toEqual({ mode: 'hops', hops: 1 })
    expect(rule('10')).toEqual({ mode: 'hops', hops: 10 })
    const ranges = rule('10.0.0.0/8, 2001:db8::/32,192.0.2.1,loopback')
    expect(ranges.mode).toBe('ranges')
    if (ranges.mode === 'ranges') expect(ranges.ranges).toHaveLength(5)
    expect(rule('private')).toEqual(rule('uniquelocal'))
  })

  test('bad values are refused, with the reason', () => {
    const refused = (text: string) => {
      const parsed = parseTrustProxy(text)
      return parsed.ok ? 'accepted' : parsed.message
    }
    expect(refused('true')).toContain('any X-Forwarded-For')
    expect(refused('11')).toContain('at most 10')
    expect(refused('10.0.0.0/8,nonsense')).toContain('"nonsense"')
    expect(refused('10.0.0.0/40')).toContain('"10.0.0.0/40"')
    expect(refused('10.0.0.0/8,')).toContain('""')
    expect(refused('constructor')).toContain('"constructor"')
    expect(refused('-1')).not.toBe('accepted')
  })

  test('the API environment parses it once and names it when it is bad', () => {
    const good = parseEnv(ApiEnv, { TRUST_PROXY: '1' })
    expect(good.ok && good.env.TRUST_PROXY).toEqual({ mode: 'hops', hops: 1 })
    const unset = parseEnv(ApiEnv, {})
    expect(unset.ok && unset.env.TRUST_PROXY).toEqual(TRUST_NO_PROXY)
    const bad = parseEnv(ApiEnv, { TRUST_PROXY: 'yes please' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.message).toContain('TRUST_PROXY: "yes please" is not an IP address')
  })
})

describe('the client address', () => {
  const client = (trust: string, socket: string | undefined, forwardedFor?: string) =>
    resolveClientIp(rule(trust), socket, forwardedFor)

  test('trusting nothing: the socket, whatever X-Forwarded-For says', () => {
    expect(client('', '203.0.113.9')).toBe('203.0.113.9')
    expect(client('', '203.0.113.9', '198.51.100.1')).toBe('203.0.113.9')
    expect(client('', '::ffff:203.0.113.9', '198.51.100.1, 10.0.0.1')).toBe('203.0.113.9')
    expect(client('', '2001:DB8::1', 'garbage')).toBe('2001:db8::1')
  })

  test('no known socket: nothing forwarded is believed', () => {
    expect(client('1', undefined, '198.51.100.1')).toBeUndefined()
    expect(client('loopback', 'unknown', '198.51.100.1')).toBeUndefined()
    expect(client('', undefined)).toBeUndefined()
  })

  test('hops: the socket and N-1 entries from the right are proxies; the next one is the client', () => {
    const chain = '198.51.100.1, 198.51.100.2, 10.0.0.3'
    expect(client('1', '10.0.0.4', chain)).toBe('10.0.0.3')
    expect(client('2', '10.0.0.4', chain)).toBe('198.51.100.2')
    expect(client('3', '10.0.0.4', chain)).toBe('198.51.100.1')
    // More hops than the chain has: the leftmost address.
    expect(client('4', '10.0.0.4', chain)).toBe('198.51.100.1')
    expect(client('10', '10.0.0.4', '198.51.100.1')).toBe('198.51.100.1')
    // No header behind one proxy: the proxy's own address (all requests share its limit).
    expect(client('1', '10.0.0.4')).toBe('10.0.0.4')
    expect(client('1', '10.0.0.4', '')).toBe('10.0.0.4')
  })

  test('a client spoofing X-Forwarded-For behind one proxy only adds entries on the left', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw.
    expect(client('1', '10.0.0.4', '1.1.1.1, 198.51.100.77')).toBe('198.51.100.77')
    expect(client('loopback, 10.0.0.0/8', '10.0.0.4', '1.1.1.1, 198.51.100.77')).toBe(
      '198.51.100.77',
    )
  })

  test('CIDRs: trusted addresses are skipped from the right; the first untrusted is the client', () => {
    const trust = '10.0.0.0/8, 2001:db8:ffff::/48, loopback'
    expect(client(trust, '127.0.0.1', '198.51.100.1, 10.1.1.1')).toBe('198.51.100.1')
    expect(client(trust, '::1', '2001:db8:1::5, 2001:db8:ffff::9')).toBe('2001:db8:1::5')
    expect(client(trust, '::ffff:10.0.0.4', '::ffff:198.51.100.1')).toBe('198.51.100.1')
    expect(client(trust, '10.0.0.4', '[2001:db8:1::5]:5000, 10.2.2.2:443')).toBe('2001:db8:1::5')
    // A socket outside the trusted blocks is the client: its header is not believed.
    expect(client(trust, '198.51.100.200', '198.51.100.1')).toBe('198.51.100.200')
    // Everything trusted: the leftmost.
    expect(client(trust, '10.0.0.4', '10.9.9.9, 10.0.0.1')).toBe('10.9.9.9')
  })

  test('garbage in X-Forwarded-For ends the walk at the last good address, never throws', () => {
    expect(client('2', '10.0.0.4', '198.51.100.1, garbage')).toBe('10.0.0.4')
    expect(client('3', '10.0.0.4', 'garbage, 198.51.100.2, 10.0.0.3')).toBe('198.51.100.2')
    expect(client('5', '10.0.0.4', '198.51.100.1, unknown, 10.0.0.3')).toBe('10.0.0.3')
    expect(client('10.0.0.0/8', '10.0.0.4', '198.51.100.1,,10.0.0.3')).toBe('10.0.0.3')
    expect(client('10.0.0.0/8', '10.0.0.4', ',')).toBe('10.0.0.4')
    expect(client('10.0.0.0/8', '10.0.0.4', `${'x'.repeat(10_000)}, 10.0.0.3`)).toBe('10.0.0.3')
    expect(client('1', '10.0.0.4', '\u0000\u00ff💥')).toBe('10.0.0.4')
  })
})
