import {
  formatIp,
  type IpAddress,
  type IpRange,
  isInRange,
  parseIp,
  parseIpRange,
} from './ip-address.ts'

/**
 * Which addresses in front of the API are proxies whose X-Forwarded-For is believed (TRUST_PROXY).
 *
 * The chain is X-Forwarded-For's entries, left to right, then the socket's address. Walking it
 * from the right (the socket first), a trusted address is skipped; the first untrusted one is the
 * client, and when every address is trusted the leftmost is. As Express's `trust proxy`:
 * - `none`: nothing is trusted: the socket's address is the client, X-Forwarded-For is ignored.
 * - `hops` N: the N rightmost addresses of the chain are trusted (the socket and N-1 entries),
 *   so the client is the (N+1)th from the right: with N = 1, the last X-Forwarded-For entry.
 * - `ranges`: the addresses inside these CIDR blocks are trusted, wherever they stand.
 * An entry that is not an IP address ends the walk at the last good address before it.
 */
export type TrustProxy =
  | { mode: 'none' }
  | { mode: 'hops'; hops: number }
  | { mode: 'ranges'; ranges: IpRange[] }

export const TRUST_NO_PROXY: TrustProxy = { mode: 'none' }

const MAX_HOPS = 10

/** Express's names for the usual proxy networks. */
const UNIQUE_LOCAL = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']
const KEYWORDS = new Map([
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['linklocal', ['169.254.0.0/16', 'fe80::/10']],
  ['uniquelocal', UNIQUE_LOCAL],
  ['private', UNIQUE_LOCAL],
])

export type TrustProxyParse = { ok: true; rule: TrustProxy } | { ok: false; message: string }

/** Reads TRUST_PROXY: unset or `false` (none), a hop count 1..10, or comma-separated CIDRs. */
export function parseTrustProxy(text: string | undefined): TrustProxyParse {
  const value = text?.trim().toLowerCase() ?? ''
  if (value === '' || value === 'false' || value === '0') return { ok: true, rule: TRUST_NO_PROXY }
  if (value === 'true')
    return {
      ok: false,
      message: `"true" would believe any X-Forwarded-For a client sends: give the number of proxies (1..${MAX_HOPS}) or their addresses (CIDRs)`,
    }
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops > MAX_HOPS) return { ok: false, message: `at most ${MAX_HOPS} proxy hops` }
    return { ok: true, rule: { mode: 'hops', hops } }
  }
  const ranges: IpRange[] = []
  for (const entry of value.split(',').map((e) => e.trim())) {
    const keyword = KEYWORDS.get(entry)
    const parsed = keyword ? keyword.map(parseIpRange) : [parseIpRange(entry)]
    if (parsed.some((range) => range === undefined))
      return {
        ok: false,
        message: `"${entry}" is not an IP address, a CIDR block, or one of ${[...KEYWORDS.keys()].join(', ')}`,
      }
    ranges.push(...(parsed as IpRange[]))
  }
  return { ok: true, rule: { mode: 'ranges', ranges } }
}

/** An X-Forwarded-For entry: an address, maybe with a port (`1.2.3.4:5678`, `[2001:db8::1]:443`). */
export function parseForwardedEntry(text: string): IpAddress | undefined {
  const entry = text.trim()
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry)
  if (bracketed) return parseIp(bracketed[1] ?? '')
  const v4WithPort = /^([\d.]+):\d{1,5}$/.exec(entry)
  return parseIp(v4WithPort ? (v4WithPort[1] ?? '') : entry)
}

function isTrusted(rule: TrustProxy, address: IpAddress, fromTheRight: number): boolean {
  if (rule.mode === 'hops') return fromTheRight < rule.hops
  if (rule.mode === 'ranges') return rule.ranges.some((range) => isInRange(address, range))
  return false
}

/**
 * The client's address (canonical text) under `rule`, from the socket's address and the
 * X-Forwarded-For header (several headers joined by commas). Undefined when the socket's address
 * is not known: nothing forwarded is believed without knowing who forwarded it.
 */
export function resolveClientIp(
  rule: TrustProxy,
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
): string | undefined {
  const socket = socketAddress === undefined ? undefined : parseIp(socketAddress)
  if (!socket) return undefined
  const entries = rule.mode === 'none' || !forwardedFor ? [] : forwardedFor.split(',')
  let client = socket
  for (let fromTheRight = 0; isTrusted(rule, client, fromTheRight); fromTheRight++) {
    const entry = entries[entries.length - 1 - fromTheRight]
    if (entry === undefined) break // every address is trusted: the leftmost is the client
    const next = parseForwardedEntry(entry)
    if (!next) break // garbage: the last good address stands
    client = next
  }
  return formatIp(client)
}
