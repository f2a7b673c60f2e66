/**
 * When a device may take streamed documents as its next pull step (shared/streamedChanges.ts), and
 * the change feed's messages being one per scope, built once and shared (server/replication/wakeAudience.ts).
 */
import { describe, expect, it } from 'vitest'
import type { OrganisationActor } from '../../shared/policy.js'
import type { ChangedScope } from '../../server/replication/changedScopes.js'
import type { StreamedWindow } from '../../server/replication/streamedWindow.js'
import { WakeAudience } from '../../server/replication/wakeAudience.js'
import type { Checkpoint } from '../../shared/replication.js'
import { type StreamedChanges, continuation, snapshotCovers } from '../../shared/streamedChanges.js'

const at = (since: string): Checkpoint => ({ since, until: null, after: null })
const message = (quietSince: string, end: string): StreamedChanges => ({
  collection: 'slots',
  quietSince,
  checkpoint: at(end),
  documents: [],
})

describe('snapshotCovers', () => {
  it('orders snapshots by what they see, in-progress transactions included', () => {
    expect(snapshotCovers('20:25:', '10:12:')).toBe(true)
    expect(snapshotCovers('10:12:', '20:25:')).toBe(false)
    expect(snapshotCovers('10:12:', '10:12:')).toBe(true)
    // 11 was still running in the later snapshot but had committed in the earlier one: impossible
    // for real snapshots, and not "covered" either way.
    expect(snapshotCovers('10:15:11', '10:12:')).toBe(false)
    // 11 running in both, 13 committed meanwhile.
    expect(snapshotCovers('11:15:11', '11:14:11,13')).toBe(true)
    expect(snapshotCovers('11:14:11,13', '11:15:11')).toBe(false)
  })
})

describe('continuation', () => {
  it('applies a message that continues the device checkpoint, quiet scope in between', () => {
    expect(continuation(at('10:10:'), message('10:10:', '12:12:'))).toBe('apply')
    // The device is inside the window: it gets some documents again, in their newer state.
    expect(continuation(at('11:11:'), message('10:10:', '12:12:'))).toBe('apply')
    // Nothing changed in the scope since 8: a device at 9 has all of it.
    expect(continuation(at('9:9:'), message('8:8:', '12:12:'))).toBe('apply')
  })

  it('pulls when the device may have missed a change of the scope, or does not know where it is', () => {
    expect(continuation(at('9:9:'), message('10:10:', '12:12:'))).toBe('resync')
    expect(continuation(undefined, message('10:10:', '12:12:'))).toBe('resync')
    expect(continuation(null, message('10:10:', '12:12:'))).toBe('resync')
    // In the middle of a multi-page window.
    const paging: Checkpoint = {
      since: '10:10:',
      until: '11:11:',
      after: { xid: '10', id: crypto.randomUUID() },
    }
    expect(continuation(paging, message('10:10:', '12:12:'))).toBe('resync')
  })

  it('skips a message the device has already read past', () => {
    expect(continuation(at('12:12:'), message('10:10:', '12:12:'))).toBe('skip')
    expect(continuation(at('14:14:'), message('10:10:', '12:12:'))).toBe('skip')
  })
})

describe('shared messages', () => {
  const ORG = 'org-a'
  const OTHER_ORG = 'org-b'
  const member = (
    userId: string,
    role: 'provider' | 'customer',
    organisationId = ORG,
  ): OrganisationActor => ({
    userId,
    role,
    organisationId,
    organisationRole: role,
  })
  const P = member('provider-p', 'provider')
  const Q = member('provider-q', 'provider')
  const X = member('customer-x', 'customer')
  const Y = member('customer-y', 'customer')
  /** A customer of another organisation: never sees organisation A's documents. */
  const Z = member('customer-z', 'customer', OTHER_ORG)
  const slotOfP = { id: 's1', providerId: P.userId, _deleted: false }
  const slotOfQ = { id: 's2', providerId: Q.userId, _deleted: false }
  const bookingOfX = { id: 'b1', providerId: P.userId, customerId: X.userId, _deleted: false }
  const organisationOf = new Map([
    ['s1', ORG],
    ['s2', ORG],
    ['b1', ORG],
  ])
  const window: StreamedWindow = {
    until: '12:12:',
    documents: { slots: [slotOfP, slotOfQ], bookings: [bookingOfX] },
    organisationOf,
  }
  const changes = [
    { collection: 'slots' as const, organisationId: ORG, providerId: P.userId, customerId: null },
    { collection: 'slots' as const, organisationId: ORG, providerId: Q.userId, customerId: null },
    { collection: 'bookings' as const, organisationId: ORG, providerId: P.userId, customerId: X.userId },
  ]

  type Got = { collection: string; message?: string; frame?: Uint8Array }[]
  function listen(audience: WakeAudience, viewer: OrganisationActor): Got {
    const got: Got = []
    audience.add(viewer, (collection, _spacing, message) =>
      got.push({ collection, message: message?.json, frame: message?.frame }),
    )
    return got
  }
  const docs = (message?: string) =>
    (JSON.parse(message ?? 'null') as StreamedChanges).documents.map((d) => d.id)

  it("gives each scope's streams one message, the same string, holding only that scope's documents", () => {
    const audience = new WakeAudience()
    audience.advance('10:10:')
    const [x, y, p1, p2, q, z] = [X, Y, P, P, Q, Z].map((viewer) => listen(audience, viewer)) as [
      Got,
      Got,
      Got,
      Got,
      Got,
      Got,
    ]
    audience.wake(changes, undefined, window)
    const slotsOf = (got: { collection: string; message?: string }[]) =>
      got.find((g) => g.collection === 'slots')?.message
    // Every customer browses every slot: the very same string for all of them.
    expect(slotsOf(x)).toBe(slotsOf(y))
    // ... framed once: the very same bytes are written to each stream.
    const frameOf = (got: Got) => got.find((g) => g.collection === 'slots')?.frame
    expect(frameOf(x)).toBeInstanceOf(Uint8Array)
    expect(frameOf(x)).toBe(frameOf(y))
    expect(new TextDecoder().decode(frameOf(x))).toBe(`event: documents\ndata: ${slotsOf(x)}\n\n`)
    expect(docs(slotsOf(x)).sort()).toEqual(['s1', 's2'])
    expect(slotsOf(p1)).toBe(slotsOf(p2))
    expect(docs(slotsOf(p1))).toEqual(['s1'])
    expect(docs(slotsOf(q))).toEqual(['s2'])
    expect(docs(x?.find((g) => g.collection === 'bookings')?.message)).toEqual(['b1'])
    expect(y?.some((g) => g.collection === 'bookings')).toBe(false)
    // Another organisation's customer gets nothing of it: no message, no wake-up.
    expect(z).toEqual([])
    const parsed = JSON.parse(slotsOf(x) as string) as StreamedChanges
    expect(parsed.quietSince).toBe('10:10:')
    expect(parsed.checkpoint).toEqual(at('12:12:'))
  })

  it("hands a scope only its own organisation's documents, whatever else the window read", () => {
    const audience = new WakeAudience()
    audience.advance('10:10:')
    const x = listen(audience, X)
    const z = listen(audience, Z)
    const slotOfB = { id: 'sb', providerId: 'provider-b', _deleted: false }
    audience.wake(
      [
        changes[0] as ChangedScope,
        { collection: 'slots', organisationId: OTHER_ORG, providerId: 'provider-b', customerId: null },
      ],
      undefined,
      {
        until: '12:12:',
        documents: { slots: [slotOfP, slotOfB] },
        organisationOf: new Map([...organisationOf, ['sb', OTHER_ORG]]),
      },
    )
    expect(docs(x.find((g) => g.collection === 'slots')?.message)).toEqual(['s1'])
    expect(docs(z.find((g) => g.collection === 'slots')?.message)).toEqual(['sb'])
  })

  it('says since when a scope was quiet: the end of the last window that changed it', () => {
    const audience = new WakeAudience()
    audience.advance('10:10:')
    const x = listen(audience, X)
    const q = listen(audience, Q)
    audience.wake(changes, undefined, window)
    audience.advance('12:12:', changes)
    audience.advance('14:14:', [])
    const next: StreamedWindow = { until: '16:16:', documents: { slots: [slotOfQ] }, organisationOf }
    audience.wake([changes[1] as (typeof changes)[number]], undefined, next)
    const last = (got: { message?: string }[]) => JSON.parse(got.at(-1)?.message as string) as StreamedChanges
    expect(last(x).quietSince).toBe('12:12:')
    expect(last(q).quietSince).toBe('12:12:')
  })

  it('wakes instead when the documents were not read, or before the feed knows where a scope stands', () => {
    const audience = new WakeAudience()
    const x = listen(audience, X)
    audience.wake(changes, undefined, window)
    expect(x.every((g) => g.message === undefined)).toBe(true)
    audience.advance('12:12:', changes)
    audience.wake(changes, undefined, { until: '14:14:', documents: {}, organisationOf })
    expect(x.every((g) => g.message === undefined)).toBe(true)
  })
})
