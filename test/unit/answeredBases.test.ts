/**
 * The base a push is sent on (client/data/answeredBases.ts): after a conflict answer RxDB could not
 * store (the document changed again meanwhile), the next push of that document is sent on the answer.
 */
import { expect, it } from 'vitest'
import { answeredBases } from '../../client/data/answeredBases.js'

const id = '00000000-0000-4000-8000-000000000001'
const doc = (rev: string | null, maxBookings: number) => ({ id, rev, maxBookings, _deleted: false })

it('sends a push still on the answered base on the answer instead', () => {
  const bases = answeredBases()
  const first = { assumedMasterState: doc('10', 3), newDocumentState: doc('10', 5) }
  const refused = { ...doc('12', 5), refusals: [{ code: 'CAPACITY_BELOW_BOOKINGS', message: '-' }] }
  bases.remember([first], [refused])
  // RxDB could not store the answer: the next push still assumes rev 10.
  const next = bases.rebase({ assumedMasterState: doc('10', 3), newDocumentState: doc('10', 1) })
  expect(next.assumedMasterState).toEqual(doc('12', 5))
  expect(next.newDocumentState).toEqual(doc('10', 1))
})

it('leaves a push on a newer base, and forgets the answer once a push is accepted as sent', () => {
  const bases = answeredBases()
  const first = { assumedMasterState: doc('10', 3), newDocumentState: doc('10', 5) }
  bases.remember([first], [doc('12', 5)])
  const stored = { assumedMasterState: doc('12', 5), newDocumentState: doc('12', 1) }
  expect(bases.rebase(stored)).toBe(stored)
  bases.remember([stored], [])
  const later = { assumedMasterState: doc('10', 3), newDocumentState: doc('10', 2) }
  expect(bases.rebase(later)).toBe(later)
})

it('a slot made on the device and answered is not pushed again as a new one', () => {
  const bases = answeredBases()
  bases.remember([{ assumedMasterState: null, newDocumentState: doc(null, 2) }], [doc('7', 2)])
  const changed = bases.rebase({ assumedMasterState: null, newDocumentState: doc(null, 4) })
  expect(changed.assumedMasterState).toEqual(doc('7', 2))
})

const slot = (
  rev: string,
  fields: { maxBookings?: number; blocked?: boolean; currentBookings?: number },
) => ({
  id,
  rev,
  _deleted: false,
  maxBookings: 3,
  blocked: false,
  currentBookings: 0,
  ...fields,
})

it('keeps the base of what the answer holds that the device never had: its later change was made on it', async () => {
  const bases = answeredBases()
  // 5 refused as stale: another device set 2 (and blocked the slot, and a customer booked).
  const first = { assumedMasterState: slot('10', {}), newDocumentState: slot('10', { maxBookings: 5 }) }
  const answer = {
    ...slot('14', { maxBookings: 2, blocked: true, currentBookings: 1 }),
    refusals: [{ code: 'STALE_BASE', message: '-', field: 'maxBookings' }],
  }
  bases.remember([first], [answer])
  const later = bases.rebase({
    assumedMasterState: slot('10', {}),
    newDocumentState: slot('10', { maxBookings: 6 }),
  })
  // 6 is still on capacity 3, so the server judges it stale; the block is no change of the device's.
  expect(later.assumedMasterState).toEqual(slot('14', {}))
})

it("takes the answer's value of a field where it is the device's own, taken", async () => {
  const bases = answeredBases()
  const first = { assumedMasterState: slot('10', {}), newDocumentState: slot('10', { maxBookings: 5 }) }
  // Taken, and answered with the other device's block and a booking.
  bases.remember([first], [slot('14', { maxBookings: 5, blocked: true, currentBookings: 1 })])
  const later = bases.rebase({
    assumedMasterState: slot('10', {}),
    newDocumentState: slot('10', { maxBookings: 1 }),
  })
  expect(later.assumedMasterState).toEqual(slot('14', { maxBookings: 5 }))
})
