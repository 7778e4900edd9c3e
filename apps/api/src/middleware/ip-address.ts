/**
 * IP addresses as numbers, to compare them with trusted ranges. An IPv4-mapped IPv6 address
 * (`::ffff:1.2.3.4`, what a dual-stack socket reports for an IPv4 peer) is that IPv4 address.
 */
export interface IpAddress {
  family: 4 | 6
  value: bigint
}

/** A CIDR block (a bare address is a /32 or /128). */
export interface IpRange {
  family: 4 | 6
  network: bigint
  prefix: number
}

const WIDTH = { 4: 32, 6: 128 } as const
const MAPPED_PREFIX = 0xffffn << 32n // ::ffff:0:0/96

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const part of parts) {
    // No leading zeros: "010" is octal to some parsers and decimal to others.
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined
    value = (value << 8n) | BigInt(part)
  }
  return value
}

function parseGroups(text: string): bigint[] | undefined {
  if (text === '') return []
  const groups: bigint[] = []
  const parts = text.split(':')
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part)
      if (v4 === undefined) return undefined
      groups.push(v4 >> 16n, v4 & 0xffffn)
    } else if (/^[0-9a-f]{1,4}$/i.test(part)) groups.push(BigInt(`0x${part}`))
    else return undefined
  }
  return groups
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = parseGroups(halves[0] ?? '')
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : []
  if (!head || !tail) return undefined
  // An embedded IPv4 address may only end the address.
  if (halves.length === 2 && head.length > 0 && halves[0]?.includes('.')) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  let value = 0n
  for (const group of [...head, ...Array<bigint>(missing).fill(0n), ...tail])
    value = (value << 16n) | group
  return value
}

/** Parses a bare IPv4 or IPv6 address (no port, brackets or zone); undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.length > 45) return undefined // the longest textual IPv6 address
  if (!text.includes(':')) {
    const value = parseIpv4(text)
    return value === undefined ? undefined : { family: 4, value }
  }
  const value = parseIpv6(text)
  if (value === undefined) return undefined
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn }
  return { family: 6, value }
}

/** The canonical text: dotted IPv4, or RFC 5952 IPv6 (lower case, longest zero run as `::`). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4)
    return [24n, 16n, 8n, 0n].map((shift) => String((ip.value >> shift) & 0xffn)).join('.')
  const groups = [...Array(8).keys()].map((i) => (ip.value >> BigInt(112 - 16 * i)) & 0xffffn)
  let best = { start: -1, length: 1 } // a single zero group is not shortened
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && groups[j] === 0n) j++
    if (j - i > best.length) best = { start: i, length: j - i }
    i = j === i ? i + 1 : j
  }
  const hex = (part: bigint[]) => part.map((g) => g.toString(16)).join(':')
  if (best.start < 0) return hex(groups)
  return `${hex(groups.slice(0, best.start))}::${hex(groups.slice(best.start + best.length))}`
}

/** Parses `address` or `address/prefix`; a range inside ::ffff:0:0/96 is the IPv4 range. */
export function parseIpRange(text: string): IpRange | undefined {
  const [addressText = '', prefixText, extra] = text.split('/')
  if (extra !== undefined) return undefined
  // The mapped form of an address is kept in IPv6 terms here, to read its prefix as written.
  const family: 4 | 6 = addressText.includes(':') ? 6 : 4
  const value = family === 4 ? parseIpv4(addressText) : parseIpv6(addressText)
  if (value === undefined) return undefined
  const width = WIDTH[family]
  let prefix: number = width
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) return undefined
    prefix = Number(prefixText)
  }
  const network = value & ~((1n << BigInt(width - prefix)) - 1n)
  if (family === 6 && prefix >= 96 && network >> 32n === MAPPED_PREFIX >> 32n)
    return { family: 4, network: network & 0xffffffffn, prefix: prefix - 96 }
  return { family, network, prefix }
}

export function isInRange(ip: IpAddress, range: IpRange): boolean {
  if (ip.family !== range.family) return false
  const shift = BigInt(WIDTH[range.family] - range.prefix)
  return ip.value >> shift === range.network >> shift
}
