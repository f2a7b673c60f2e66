/** The pure parts of webhooks: URL rules, private hosts, the retry policy, Standard Webhooks signing. */
import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import {
  CreateWebhookEndpoint,
  WEBHOOK_EVENT_HELP,
  WEBHOOK_EVENT_TYPES,
  webhookUrlProblem,
} from '../../shared/webhooks.js'
import { isPrivateHost } from '../../server/webhooks/privateHosts.js'
import { nextAttemptAt, retryDelayMs, retryGroups } from '../../server/webhooks/retryPolicy.js'
import { newWebhookSecret, signature, signedHeaders } from '../../server/webhooks/signing.js'

describe('webhook URLs', () => {
  it('accepts http and https URLs', () => {
    expect(webhookUrlProblem('https://example.com/hooks?x=1')).toBeNull()
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook')).toBeNull()
  })

  it.each([
    ['ftp://example.com/hook', 'http or https'],
    ['javascript:alert(1)', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['not a url', 'well-formed'],
    ['/relative/path', 'well-formed'],
    ['https://user:pass@example.com/hook', 'credentials'],
    ['https://user@example.com/hook', 'credentials'],
    ['https://example.com/hook#frag', 'fragment'],
    [`https://example.com/${'a'.repeat(2001)}`, 'at most'],
  ])('refuses %s', (url, problem) => {
    expect(webhookUrlProblem(url)).toContain(problem)
  })

  it('says what each event means; a decline is booking.cancelled, booking.rejected an offline booking refused', () => {
    for (const type of WEBHOOK_EVENT_TYPES) expect(WEBHOOK_EVENT_HELP[type], type).not.toBe('')
    expect(WEBHOOK_EVENT_HELP['booking.cancelled']).toContain('declined a request (declined: true)')
    expect(WEBHOOK_EVENT_HELP['booking.rejected']).toContain('made offline was refused')
    expect(WEBHOOK_EVENT_HELP['booking.rejected']).toContain('not a decline')
  })

  it('refuses unknown event names and an empty list', () => {
    const url = 'https://example.com/hook'
    expect(CreateWebhookEndpoint.safeParse({ url, events: ['booking.created'] }).success).toBe(true)
    expect(CreateWebhookEndpoint.safeParse({ url, events: ['booking.exploded'] }).success).toBe(false)
    expect(CreateWebhookEndpoint.safeParse({ url, events: [] }).success).toBe(false)
  })
})

describe('private hosts (refused unless WEBHOOK_ALLOW_PRIVATE_HOSTS)', () => {
  it.each([
    'localhost',
    'api.localhost',
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '[::1]',
    '[fe80::1]',
    '[fd00::1]',
    '[::ffff:127.0.0.1]',
    '0.0.0.0',
  ])('%s is private', (host) => expect(isPrivateHost(host)).toBe(true))
  it.each(['example.com', '8.8.8.8', '172.32.0.1', '[2001:4860:4860::8888]'])('%s is public', (host) =>
    expect(isPrivateHost(host)).toBe(false),
  )

  // Each as the URL parser writes the host (what registration checks), e.g. [::127.0.0.1] as [::7f00:1].
  it.each([
    ['http://localhost./hook', "localhost with the root's trailing dot"],
    ['http://api.localhost./hook', 'a localhost subdomain with a trailing dot'],
    ['http://[::ffff:127.0.0.1]/hook', 'IPv4-mapped loopback'],
    ['http://[::127.0.0.1]/hook', 'IPv4-compatible loopback'],
    ['http://[::10.0.0.1]/hook', 'IPv4-compatible private'],
    ['http://[64:ff9b::127.0.0.1]/hook', 'NAT64 loopback'],
    ['http://[64:ff9b::c0a8:101]/hook', 'NAT64 of 192.168.1.1'],
    ['http://[2002:7f00:1::]/hook', '6to4 of loopback'],
    ['http://[2002:a9fe:a9fe::1]/hook', '6to4 of the metadata address 169.254.169.254'],
    ['http://198.18.0.1/hook', 'benchmarking network'],
    ['http://198.19.255.254/hook', 'benchmarking network, its end'],
    ['http://224.0.0.1/hook', 'multicast'],
    ['http://239.255.255.250/hook', 'multicast, its end'],
    ['http://255.255.255.255/hook', 'broadcast'],
    ['http://[ff02::1]/hook', 'IPv6 multicast'],
  ])('%s is private (%s)', (url) => expect(isPrivateHost(new URL(url).hostname)).toBe(true))

  it.each([
    'http://example.com./hook',
    'http://[::ffff:8.8.8.8]/hook',
    'http://[64:ff9b::808:808]/hook',
    'http://[2002:808:808::]/hook',
    'http://198.20.0.1/hook',
    'http://223.255.255.255/hook',
  ])('%s is public', (url) => expect(isPrivateHost(new URL(url).hostname)).toBe(false))
})

describe('retry policy', () => {
  const policy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 5, maxAgeMs: 3_600_000 }

  it('doubles the wait each attempt, with jitter between d and 2d, capped', () => {
    expect(retryDelayMs(policy, 1, 0)).toBe(1000)
    expect(retryDelayMs(policy, 1, 0.999)).toBe(1999)
    expect(retryDelayMs(policy, 2, 0)).toBe(2000)
    expect(retryDelayMs(policy, 4, 0.5)).toBe(12_000)
    expect(retryDelayMs(policy, 20, 0.999)).toBeLessThanOrEqual(60_000)
  })

  it('gives up after maxAttempts attempts or past maxAgeMs', () => {
    const start = new Date('2026-01-01T00:00:00Z')
    expect(nextAttemptAt(policy, 4, start, start, 0)).toEqual(new Date(start.getTime() + 8000))
    expect(nextAttemptAt(policy, 5, start, start, 0)).toBeNull()
    const late = new Date(start.getTime() + 3_599_500)
    expect(nextAttemptAt(policy, 1, start, late, 0)).toBeNull()
  })

  it('retries a batch’s failures with the same attempt count together, at the earliest of their times', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    // Five failed first attempts, one failed second attempt, one failed fifth (the last).
    const failed = [1, 1, 1, 2, 1, 5, 1].map((attemptsSoFar, id) => ({ id, attemptsSoFar, startedAt: now }))
    const jitters = [0.9, 0.5, 0.7, 0.2, 0.6, 0, 0.8]
    const groups = retryGroups(
      policy,
      failed,
      (f) => f,
      now,
      3,
      () => jitters.shift() as number,
    )
    const ids = (g: { items: { id: number }[] }) => g.items.map((i) => i.id)
    expect(groups.map((g) => [ids(g), g.retryAt?.getTime() ?? null])).toEqual([
      [[5], null],
      // d = 1 s: the earliest of 1.9, 1.5, 1.7, 1.6 and 1.8 s, in jobs of three at most.
      [[0, 1, 2], now.getTime() + 1500],
      [[4, 6], now.getTime() + 1500],
      // d = 2 s, jitter 0.2.
      [[3], now.getTime() + 2400],
    ])
  })
})

describe('Standard Webhooks signatures', () => {
  it('verifies with the standardwebhooks library, with either secret during a rotation', () => {
    const [current, previous, stranger] = [newWebhookSecret(), newWebhookSecret(), newWebhookSecret()]
    expect(current).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/)
    const body = JSON.stringify({ type: 'booking.created', data: { sequence: 1 } })
    const headers = signedHeaders('msg_1', new Date(), body, [current, previous])
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2)
    expect(new Webhook(current).verify(body, { ...headers })).toEqual(JSON.parse(body))
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual(JSON.parse(body))
    expect(() => new Webhook(stranger).verify(body, { ...headers })).toThrow()
    expect(() => new Webhook(current).verify(`${body} `, { ...headers })).toThrow()
  })

  it('signs byte for byte as the standardwebhooks library does (node:crypto instead of its JavaScript SHA-256)', () => {
    const bodies = [
      '',
      '{}',
      JSON.stringify({ name: 'Zoë 東京 🚀', notes: 'a\nb "quoted" \\ \u0001' }),
      'x'.repeat(5000),
    ]
    for (let i = 0; i < 200; i++) {
      // Generated secrets, and keys of other lengths (with and without the whsec_ prefix).
      const secret =
        i % 3 === 0
          ? newWebhookSecret()
          : `${i % 2 === 0 ? 'whsec_' : ''}${randomBytes(1 + (i % 64)).toString('base64')}`
      const at = new Date(1_700_000_000_000 + i * 999_937)
      const id = `msg_${i * 7919}`
      const body = bodies[i % bodies.length] as string
      const ours = signature(secret, id, String(Math.floor(at.getTime() / 1000)), body)
      expect(ours).toBe(new Webhook(secret).sign(id, at, body))
    }
  })
})
