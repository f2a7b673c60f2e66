/**
 * Loopback, private, link-local and other non-public hosts, which a production server must not post
 * to (server-side request forgery): refused at registration unless WEBHOOK_ALLOW_PRIVATE_HOSTS.
 * Literal addresses and localhost names only; a public name that resolves to a private address is
 * not caught here (that needs a check at connection time, see README "Webhooks").
 */
import { BlockList, isIP } from 'node:net'

const PRIVATE = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  // benchmarking networks: not on the internet, often a lab's own machines
  ['198.18.0.0', 15],
  // multicast, and the reserved block up to and with the broadcast address 255.255.255.255
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4')
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6')
}

export function isPrivateHost(hostname: string): boolean {
  // "localhost." is the same name as "localhost" (the root's dot), and reaches the same machine.
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  const family = isIP(host)
  if (family === 4) return PRIVATE.check(host, 'ipv4')
  if (family === 6) {
    const embedded = embeddedIpv4(ipv6Groups(host))
    if (embedded !== null && PRIVATE.check(embedded, 'ipv4')) return true
    return PRIVATE.check(host, 'ipv6')
  }
  return false
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 as two groups). */
function ipv6Groups(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address)
  const group = (high?: string, low?: string) => ((Number(high) << 8) | Number(low)).toString(16)
  const hex = dotted
    ? `${address.slice(0, dotted.index)}${group(dotted[1], dotted[2])}:${group(dotted[3], dotted[4])}`
    : address
  const [head = '', tail] = hex.split('::')
  const groups = (text: string) =>
    text === '' ? [] : text.split(':').map((group) => Number.parseInt(group, 16))
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
}

/**
 * The IPv4 address an IPv6 one carries to the same machine: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::); null for others.
 */
function embeddedIpv4(groups: number[]): string | null {
  const quad = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups
  const zeroUpTo = (end: number) => groups.slice(0, end).every((group) => group === 0)
  if (zeroUpTo(5) && (g5 === 0xffff || g5 === 0)) return quad(g6, g7)
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return quad(g6, g7)
  if (g0 === 0x2002 && g1 !== undefined && g2 !== undefined) return quad(g1, g2)
  return null
}
