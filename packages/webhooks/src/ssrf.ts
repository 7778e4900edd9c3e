import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP } from 'node:net'

/**
 * What an address is, for the SSRF guard: only `public` may receive a webhook (unless private
 * networks are allowed). Everything outside the public unicast space is refused, so an address
 * this table does not know is `reserved`, never public.
 */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'invalid'

const describe: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: 'a loopback address',
  unspecified: 'an unspecified address',
  private: 'a private network address',
  shared: 'a carrier-grade NAT address',
  link_local: 'a link-local address',
  metadata: 'a cloud metadata address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
  invalid: 'an invalid address',
}

/** Dotted decimal only (what URL parsing and DNS produce): four parts of 0-255. */
function parseIPv4(text: string): number | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  let value = 0
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null
    const n = Number(part)
    if (n > 255) return null
    value = value * 256 + n
  }
  return value
}

/** Eight 16-bit groups; `::`, a dotted IPv4 tail and a zone id (`%eth0`) are understood. */
function parseIPv6(text: string): number[] | null {
  let s = text.replace(/%.*$/, '')
  const lastColon = s.lastIndexOf(':')
  if (s.includes('.', lastColon)) {
    // A dotted IPv4 tail is the last two groups: `::ffff:1.2.3.4` is `::ffff:102:304`.
    const v4 = parseIPv4(s.slice(lastColon + 1))
    if (v4 === null) return null
    const hex = (n: number) => n.toString(16)
    s = `${s.slice(0, lastColon + 1)}${hex(Math.floor(v4 / 65536))}:${hex(v4 % 65536)}`
  }
  const halves = s.split('::')
  if (halves.length > 2) return null
  const groups = (part: string | undefined) => (part ? part.split(':') : [])
  const head = groups(halves[0])
  const rest = groups(halves[1])
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null
  const known = head.length + rest.length
  if (halves.length === 1 ? known !== 8 : known > 7) return null
  return [...head, ...new Array<string>(8 - known).fill('0'), ...rest].map((g) =>
    Number.parseInt(g, 16),
  )
}

// [first address, prefix length, class], most specific first.
const IPV4_RANGES: [string, number, AddressClass][] = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack instance metadata
  ['168.63.129.16', 32, 'metadata'], // Azure's wire server (a public address, reachable only inside)
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['255.255.255.255', 32, 'broadcast'],
  ['0.0.0.0', 8, 'unspecified'], // "this network"
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'], // carrier-grade NAT
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments (Oracle Cloud's metadata is here)
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'], // documentation
  ['203.0.113.0', 24, 'reserved'], // documentation
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
].map(([base, bits, kind]) => [base as string, bits as number, kind as AddressClass])

function inRange(value: number, base: number, bits: number): boolean {
  const size = 2 ** (32 - bits)
  return Math.floor(value / size) === Math.floor(base / size)
}

function classifyIPv4Value(value: number): AddressClass {
  for (const [base, bits, kind] of IPV4_RANGES) {
    if (inRange(value, parseIPv4(base) ?? -1, bits)) return kind
  }
  return 'public'
}

function classifyIPv6Groups(g: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g
  const embedded = () => classifyIPv4Value(g6 * 65536 + g7)
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0)
  if (zeroUpTo(6)) {
    if (g6 === 0 && g7 === 0) return 'unspecified'
    if (g6 === 0 && g7 === 1) return 'loopback'
    // IPv4-compatible (deprecated): never public, but say what it points at.
    const inner = embedded()
    return inner === 'public' ? 'reserved' : inner
  }
  if (zeroUpTo(5) && g5 === 0xffff) return embedded() // IPv4-mapped ::ffff:a.b.c.d
  if (zeroUpTo(4) && g4 === 0xffff && g5 === 0) {
    const inner = embedded() // IPv4-translated (RFC 2765)
    return inner === 'public' ? 'reserved' : inner
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return embedded() // NAT64: the IPv4 address it reaches decides
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private' // local-use NAT64
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved' // discard-only
  if (g0 === 0x2002) return classifyIPv4Value(g1 * 65536 + g2) // 6to4: the IPv4 in bits 16-47
  // 2001::/23, IETF protocol assignments: Teredo tunnels (which reach anything), ORCHID, …
  if (g0 === 0x2001 && (g1 & 0xfe00) === 0) return 'reserved'
  if (g0 === 0x2001 && g1 === 0xdb8) return 'reserved' // documentation
  if (g0 === 0xfd00 && g1 === 0xec2 && g.slice(2, 7).every((x) => x === 0) && g7 === 0x254)
    return 'metadata' // AWS's IPv6 instance metadata
  if ((g0 & 0xfe00) === 0xfc00) return 'private' // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return 'link_local'
  if ((g0 & 0xffc0) === 0xfec0) return 'private' // site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return 'multicast'
  if ((g0 & 0xe000) === 0x2000) return 'public' // global unicast 2000::/3
  return 'reserved'
}

/** Classifies an IPv4 or IPv6 address (brackets and a zone id allowed). */
export function classifyAddress(address: string): AddressClass {
  const text = address.replace(/^\[(.*)\]$/, '$1')
  const v4 = parseIPv4(text)
  if (v4 !== null) return classifyIPv4Value(v4)
  const v6 = text.includes(':') ? parseIPv6(text) : null
  return v6 ? classifyIPv6Groups(v6) : 'invalid'
}

export const isPublicAddress = (address: string) => classifyAddress(address) === 'public'

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>

const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true })

export interface UrlCheckOptions {
  /** On-premises and tests: any address, and http, are fine. */
  allowPrivateNetworks: boolean
  /** Production: plain http is refused (unless private networks are allowed). */
  requireHttps: boolean
  /** The resolver (tests pass their own); the system's by default. */
  lookup?: Lookup
  dnsTimeoutMs?: number
}

export type UrlCheck = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string }

/**
 * Whether a webhook may be sent to `raw`: http(s) only, no credentials, https when required,
 * and every address the host resolves to public. Checked when an endpoint is saved and again
 * before each delivery (after DNS, so a name that later points inside is still refused).
 * `addresses` are those checked (none when private networks are allowed: nothing is checked).
 */
export async function checkWebhookUrl(raw: string, options: UrlCheckOptions): Promise<UrlCheck> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'is not a valid URL' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: 'must use http or https' }
  if (url.username || url.password) return { ok: false, reason: 'must not contain credentials' }
  if (options.allowPrivateNetworks) return { ok: true, url, addresses: [] }
  if (options.requireHttps && url.protocol !== 'https:')
    return { ok: false, reason: 'must use https' }

  // URL parsing has already turned 0x7f.1, 2130706433 and friends into dotted decimal.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost'))
    return { ok: false, reason: 'must not point at a loopback address' }
  let addresses: string[]
  if (isIP(host)) addresses = [host]
  else {
    try {
      const found = await withTimeout(
        (options.lookup ?? systemLookup)(host),
        options.dnsTimeoutMs ?? 5000,
      )
      addresses = found.map((a) => a.address)
    } catch {
      return { ok: false, reason: `has a host name that does not resolve (${host})` }
    }
    if (addresses.length === 0)
      return { ok: false, reason: `has a host name that does not resolve (${host})` }
  }
  for (const address of addresses) {
    const kind = classifyAddress(address)
    if (kind !== 'public')
      return { ok: false, reason: `must not point at ${describe[kind]} (${address})` }
  }
  return { ok: true, url, addresses }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('DNS lookup timed out')), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
