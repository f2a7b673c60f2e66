/**
 * Loopback, private and link-local hosts, which a production server must not post to (server-side
 * request forgery): refused at registration unless WEBHOOK_ALLOW_PRIVATE_HOSTS. Literal addresses
 * and localhost names only; a public name that resolves to a private address is not caught here
 * (that needs a check at connection time, see README "Webhooks").
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
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4')
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6')
}

export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  const family = isIP(host)
  if (family === 4) return PRIVATE.check(host, 'ipv4')
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)
    if (mapped?.[1]) return PRIVATE.check(mapped[1], 'ipv4')
    return PRIVATE.check(host, 'ipv6')
  }
  return false
}
