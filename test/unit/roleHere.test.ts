/**
 * The client decides by the role the user has where the session works (their membership's), as the
 * server does: a customer promoted to provider, or a provider here and a customer elsewhere, was
 * judged by the role they signed up with (client/data/session.ts roleHere, bookingActions.ts).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterEach, describe, expect, it } from 'vitest'
import type { Session } from '../../client/data/api.js'
import { bookingActions } from '../../client/data/bookingActions.js'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { providerChangeLog } from '../../client/data/providerChanges.js'
import { roleHere } from '../../client/data/session.js'
import { ErrorCode } from '../../shared/errors.js'
import { newBookingDoc, slotDoc } from '../helpers/replicationDocs.js'

const HERE = '00000000-0000-4000-8000-0000000000e1'
const ELSEWHERE = '00000000-0000-4000-8000-0000000000e2'
const organisation = (id: string, role: 'admin' | 'provider' | 'customer') => ({
  id,
  name: id === HERE ? 'Here' : 'Elsewhere',
  slug: id === HERE ? 'here' : 'elsewhere',
  role,
})

/** Signed up as `signedUpAs`; a `roleHere` member of the organisation worked in, the other elsewhere. */
function session(signedUpAs: 'provider' | 'customer', here: 'admin' | 'provider' | 'customer'): Session {
  return {
    token: 't',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    user: {
      id: '00000000-0000-4000-8000-0000000000a1',
      name: 'Pat',
      email: 'pat@example.test',
      role: signedUpAs,
    },
    organisations: [organisation(ELSEWHERE, signedUpAs), organisation(HERE, here)],
    organisationId: HERE,
  } as Session
}

describe('the role here', () => {
  it("is the membership's in the organisation worked in, an admin acting as a provider", () => {
    expect(roleHere(session('customer', 'provider'))).toBe('provider')
    expect(roleHere(session('customer', 'admin'))).toBe('provider')
    expect(roleHere(session('provider', 'customer'))).toBe('customer')
  })

  it("is the account's while the memberships are not known", () => {
    const { organisations: _, ...signedIn } = session('provider', 'customer')
    expect(roleHere(signedIn)).toBe('provider')
  })
})

describe("a booking change judged by the role here, not the sign-up's", () => {
  let db: ClientDatabase | undefined
  afterEach(async () => {
    await db?.close()
    db = undefined
  })

  async function bookedSlot() {
    db = await openClientDatabase({
      name: `role_here_${Date.now()}_${Math.random()}`,
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      devMode: false,
    })
    const slot = slotDoc(new Date(Date.now() + 86_400_000).toISOString())
    const { _deleted, ...booking } = newBookingDoc(slot, '00000000-0000-4000-8000-0000000000c1')
    await db.slots.insert(slot)
    await db.bookings.insert({ ...booking, reference: 'R-1', rev: '1', localPending: false })
    return { db, bookingId: booking.id }
  }

  it('a customer promoted to provider here is asked for a reason, and the change is recorded as theirs', async () => {
    const { db, bookingId } = await bookedSlot()
    const actions = bookingActions(db, session('customer', 'provider'))
    await expect(actions.setStatus(bookingId, 'CANCELLED')).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    })
    await actions.setStatus(bookingId, 'CANCELLED', 'Ill')
    // A request cancelled by the provider is a decline, shown as one at once.
    expect((await db.bookings.findOne(bookingId).exec())?.declined).toBe(true)
    // Listed under "Changes not saved" until the server accepts it or says why not.
    const recorded = await providerChangeLog(db).current()
    expect(recorded.map((change) => change.docId)).toContain(bookingId)
  })

  it('a provider who is a customer here cancels without a reason, recorded as a customer change', async () => {
    const { db, bookingId } = await bookedSlot()
    await bookingActions(db, session('provider', 'customer')).setStatus(bookingId, 'CANCELLED')
    expect((await db.bookings.findOne(bookingId).exec())?.declined).toBe(false)
    expect(await providerChangeLog(db).current()).toEqual([])
  })
})
