/**
 * What an empty My bookings says (client/features/bookings/noBookingsText.ts). Offline in an
 * organisation this device had never synced, a walk read "No bookings yet" of a customer with a booking
 * there, and "Find a slot" led to a week saying the slots are not on this device: a loop. Whether the
 * device has synced is the week's rule (notSyncedOffline, client/features/slots/slotsOnDevice.ts).
 */
import { describe, expect, it } from 'vitest'
import { noBookingsWords } from '../../client/features/bookings/noBookingsText.js'
import { notSyncedOffline, slotsOnDevice } from '../../client/features/slots/slotsOnDevice.js'

const NEVER = { lastSyncedAt: null }
const SYNCED = { lastSyncedAt: '2026-11-27T18:00:00.000Z' }
const OFFLINE = { online: false, connecting: false }

describe('an empty My bookings', () => {
  it('offline in an organisation never synced here: not on this device yet, and no way back to the week', () => {
    expect(notSyncedOffline({ ...OFFLINE, ...NEVER })).toBe(true)
    expect(noBookingsWords(notSyncedOffline({ ...OFFLINE, ...NEVER }))).toEqual({
      title: 'Bookings not on this device yet',
      advice: 'Your bookings in this organisation are not on this device yet: connect to see them.',
      findSlot: false,
    })
  })

  it('online, connecting or synced before: "No bookings yet" with "Find a slot"', () => {
    for (const status of [
      { online: true, connecting: false, ...NEVER },
      { online: false, connecting: true, ...NEVER },
      { ...OFFLINE, ...SYNCED },
    ]) {
      expect(notSyncedOffline(status)).toBe(false)
      expect(noBookingsWords(notSyncedOffline(status))).toEqual({
        title: 'No bookings yet',
        advice: null,
        findSlot: true,
      })
    }
  })

  it('is the rule the week follows: not synced exactly when its slots are not on the device', () => {
    for (const online of [false, true])
      for (const connecting of [false, true])
        for (const synced of [NEVER, SYNCED])
          for (const beyondStored of [false, true]) {
            const status = { online, connecting, ...synced }
            expect(notSyncedOffline(status)).toBe(slotsOnDevice(status, beyondStored) === 'notSynced')
          }
  })
})
