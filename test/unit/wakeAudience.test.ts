/** Who a change wakes: only the streams whose viewer can see the changed scope (issue 15). */
import { describe, expect, it } from 'vitest'
import type { CollectionName } from '../../shared/replication.js'
import type { OrganisationActor } from '../../shared/policy.js'
import { WakeAudience } from '../../server/replication/wakeAudience.js'

function listen(audience: WakeAudience, viewer: OrganisationActor) {
  const woken: CollectionName[] = []
  const remove = audience.add(viewer, (collection) => woken.push(collection))
  return { woken, remove }
}

const ORG = 'org-1'
const OTHER_ORG = 'org-2'
const member = (userId: string, role: 'provider' | 'customer', organisationId = ORG): OrganisationActor => ({
  userId,
  role,
  organisationId,
  organisationRole: role,
})
const P = member('provider-p', 'provider')
const Q = member('provider-q', 'provider')
const X = member('customer-x', 'customer')
const Y = member('customer-y', 'customer')

describe('WakeAudience', () => {
  it("a change in P's slots wakes P and the customers (who browse every slot), never another provider", () => {
    const audience = new WakeAudience()
    const [p, q, x] = [listen(audience, P), listen(audience, Q), listen(audience, X)]
    const woken = audience.wake([
      { collection: 'slots', organisationId: ORG, providerId: P.userId, customerId: null },
    ])
    expect(p.woken).toEqual(['slots'])
    expect(x.woken).toEqual(['slots'])
    expect(q.woken).toEqual([])
    expect(woken).toBe(2)
  })

  it("a booking by X on P's slot wakes X's and P's streams for bookings, not Y's bookings", () => {
    const audience = new WakeAudience()
    const [p, q, x, x2, y] = [P, Q, X, X, Y].map((viewer) => listen(audience, viewer))
    audience.wake([
      { collection: 'bookings', organisationId: ORG, providerId: P.userId, customerId: X.userId },
      { collection: 'slots', organisationId: ORG, providerId: P.userId, customerId: null },
    ])
    expect(p?.woken.sort()).toEqual(['bookings', 'slots'])
    expect(x?.woken.sort()).toEqual(['bookings', 'slots'])
    expect(x2?.woken.sort()).toEqual(['bookings', 'slots'])
    expect(y?.woken).toEqual(['slots'])
    expect(q?.woken).toEqual([])
  })

  it('wakes a stream once per collection however many of its rows changed, and forgets removed streams', () => {
    const audience = new WakeAudience()
    const p = listen(audience, P)
    const gone = listen(audience, P)
    gone.remove()
    audience.wake([
      { collection: 'bookings', organisationId: ORG, providerId: P.userId, customerId: X.userId },
      { collection: 'bookings', organisationId: ORG, providerId: P.userId, customerId: Y.userId },
    ])
    expect(p.woken).toEqual(['bookings'])
    expect(gone.woken).toEqual([])
    expect(audience.size).toBe(1)
  })

  it('spaces wake-ups by how many streams one poll wakes: a lone device at once, a crowd at most every maxMs', () => {
    const pacing = { perStreamMs: 10, maxMs: 250 }
    const spacings = (streams: number) => {
      const audience = new WakeAudience()
      const seen: number[] = []
      for (let i = 0; i < streams; i++) audience.add(P, (_collection, spacingMs) => seen.push(spacingMs))
      audience.wake(
        [{ collection: 'slots', organisationId: ORG, providerId: P.userId, customerId: null }],
        pacing,
      )
      return [...new Set(seen)]
    }
    expect(spacings(1)).toEqual([10])
    expect(spacings(10)).toEqual([100])
    expect(spacings(1000)).toEqual([250])
  })

  it('a change in one organisation wakes nobody in another, not even the same person working there (issue 9)', () => {
    const audience = new WakeAudience()
    const pElsewhere = listen(audience, member(P.userId, 'provider', OTHER_ORG))
    const xElsewhere = listen(audience, member(X.userId, 'customer', OTHER_ORG))
    const x = listen(audience, X)
    audience.wake([
      { collection: 'slots', organisationId: ORG, providerId: P.userId, customerId: null },
      { collection: 'bookings', organisationId: ORG, providerId: P.userId, customerId: X.userId },
    ])
    expect(x.woken.sort()).toEqual(['bookings', 'slots'])
    expect(pElsewhere.woken).toEqual([])
    expect(xElsewhere.woken).toEqual([])
  })

  it('names only the collections some stream can see: the documents the feed must read', () => {
    const audience = new WakeAudience()
    const booking = (customerId: string, providerId: string) => ({
      collection: 'bookings' as const,
      organisationId: ORG,
      providerId,
      customerId,
    })
    const slotOf = (providerId: string, organisationId = ORG) => ({
      collection: 'slots' as const,
      organisationId,
      providerId,
      customerId: null,
    })
    // Nobody watches: nothing to read.
    expect(audience.collectionsWatched([booking(X.userId, P.userId), slotOf(P.userId)])).toEqual(new Set())
    // A customer browses: every slot of its organisation, and its own bookings only.
    const x = listen(audience, X)
    expect(audience.collectionsWatched([booking(Y.userId, P.userId), slotOf(P.userId)])).toEqual(
      new Set(['slots']),
    )
    expect(audience.collectionsWatched([slotOf(P.userId, OTHER_ORG)])).toEqual(new Set())
    expect(audience.collectionsWatched([booking(X.userId, P.userId)])).toEqual(new Set(['bookings']))
    x.remove()
    // A provider: its own slots and the bookings on them, not another provider's.
    listen(audience, P)
    expect(audience.collectionsWatched([booking(Y.userId, Q.userId), slotOf(Q.userId)])).toEqual(new Set())
    expect(audience.collectionsWatched([booking(Y.userId, P.userId)])).toEqual(new Set(['bookings']))
  })
})
