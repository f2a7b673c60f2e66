/**
 * A new booking is sent to the server at once, beside the local write (client/data/bookingActions.ts
 * `sendAhead`), and its push then replays it (issue 13: click on one device -> seat on another without
 * waiting for IndexedDB and RxDB's upstream). Headless devices run the client's real data layer and
 * replication; both engines. The device's network can hold its pushes back to show the order.
 */
import { describe, expect, it } from 'vitest'
import { firstValueFrom } from 'rxjs'
import type { Device } from '../helpers/deviceClient.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'

const suite = deviceSuite()

/** Requests whose URL ends with `path` wait until `release()` (bounded); `sent` counts them. */
function held(path: string) {
  let release: () => void = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  const state = { sent: 0, release }
  const wrap =
    (fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
    async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input))
      if (init?.method === 'POST' && url.pathname.endsWith(path)) {
        await Promise.race([released, new Promise((resolve) => setTimeout(resolve, 20_000))])
        state.sent++
      }
      return fetch(input, init)
    }
  return { state, wrap }
}

async function serverBookings(slotId: string) {
  const { rows } = await suite.server.db.query<{ id: string; status: string; change_xid: string }>(
    'SELECT id, status, change_xid::text FROM bookings WHERE slot_id = $1',
    [slotId],
  )
  return rows
}

async function currentBookings(slotId: string): Promise<number> {
  const { rows } = await suite.server.db.query<{ current_bookings: number }>(
    'SELECT current_bookings FROM slots WHERE id = $1',
    [slotId],
  )
  return rows[0]?.current_bookings ?? -1
}

const pending = async (d: Device) => (await firstValueFrom(d.replication().status$)).pendingChanges

describe('a booking made online reaches the server before its push', () => {
  it('booked by the request sent ahead while the push is held; the push replays it and the device lands on it', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 2 })
    const pushes = held('/bookings/push')
    const phone = await suite.device(seed.customerA, 'ahead', { wrapFetch: pushes.wrap })
    const booking = await phone.bookings.book(slot.id, 'sent ahead')
    await eventually(async () =>
      expect(await serverBookings(slot.id)).toEqual([
        expect.objectContaining({ id: booking.id, status: 'PENDING' }),
      ]),
    )
    expect(pushes.state.sent).toBe(0)
    pushes.state.release()
    await eventually(async () => {
      const [stored] = await serverBookings(slot.id)
      expect(await phone.booking(booking.id)).toMatchObject({ rev: stored?.change_xid, status: 'PENDING' })
      expect(await pending(phone)).toBe(0)
    })
    expect(pushes.state.sent).toBeGreaterThan(0)
    expect(await serverBookings(slot.id)).toHaveLength(1)
    expect(await currentBookings(slot.id)).toBe(1)
  })

  it('an auto-confirmed booking: the push replaying its creation lands on CONFIRMED and records no refused change', async () => {
    // A browser walk read "A change by Carla to booking UNI-… (setting it to pending) was not saved"
    // in the audit trail for an ordinary booking: the push replayed the creation (PENDING) after the
    // request sent ahead had booked it CONFIRMED (providerB confirms automatically).
    const { seed, db } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 2 })
    const pushes = held('/bookings/push')
    const phone = await suite.device(seed.customerA, 'ahead-confirmed', { wrapFetch: pushes.wrap })
    const booking = await phone.bookings.book(slot.id, '')
    await eventually(async () =>
      expect(await serverBookings(slot.id)).toEqual([
        expect.objectContaining({ id: booking.id, status: 'CONFIRMED' }),
      ]),
    )
    pushes.state.release()
    await eventually(async () => {
      expect(await phone.booking(booking.id)).toMatchObject({ status: 'CONFIRMED' })
      expect(await pending(phone)).toBe(0)
    })
    expect(pushes.state.sent).toBeGreaterThan(0)
    const { rows } = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1', [
      booking.id,
    ])
    expect(rows.map((r) => r.action)).toEqual(['booking.created'])
    expect(await currentBookings(slot.id)).toBe(1)
  })

  it('offline nothing is sent ahead: the push books it once when the device is back', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 2 })
    const phone = await suite.device(seed.customerB, 'offline')
    phone.goOffline()
    const booking = await phone.bookings.book(slot.id, '')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await serverBookings(slot.id)).toEqual([])
    phone.goOnline()
    await phone.awaitInSync()
    await eventually(async () => expect(await pending(phone)).toBe(0))
    expect(await serverBookings(slot.id)).toEqual([expect.objectContaining({ id: booking.id })])
    expect(await currentBookings(slot.id)).toBe(1)
  })

  it('a full slot: the request sent ahead is refused and changes nothing; the push stores the refusal the device shows', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 1 })
    const pushes = held('/bookings/push')
    const ahead = held('/api/bookings')
    const phone = await suite.device(seed.customerC, 'full', {
      wrapFetch: (fetch) => pushes.wrap(ahead.wrap(fetch)),
    })
    // The device books while the seat is free; before its request sent ahead arrives, someone takes it.
    const booking = await phone.bookings.book(slot.id, '')
    const taken = await suite.server
      .api(await suite.server.signIn(seed.customerA.email))
      .post('/api/bookings', {
        slotId: slot.id,
      })
    expect(taken.status).toBe(201)
    ahead.state.release()
    await eventually(async () => expect(ahead.state.sent).toBe(1))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await serverBookings(slot.id)).map((b) => b.id)).toEqual([taken.body.id])
    pushes.state.release()
    await eventually(async () =>
      expect(await phone.booking(booking.id)).toMatchObject({
        status: 'REJECTED',
        rejectionReason: 'SLOT_FULL',
      }),
    )
    expect(await currentBookings(slot.id)).toBe(1)
  })
})
