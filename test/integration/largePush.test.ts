/**
 * A push bigger than the server's request body limit (shared/replication.ts MAX_REQUEST_BODY_BYTES):
 * 500 bookings whose notes are 500 three-byte characters, cancelled offline, make a batch of about
 * 2 MiB of JSON (each row carries the booking twice: its assumed state and the new one), which the
 * server refuses whole (413). Before, the device sent the batch again and again and never synced;
 * the client's real replication module now sends such a batch in parts that fit
 * (client/data/pushParts.ts). A part that fails fails the batch, and RxDB sends all of it again: the
 * parts the server had accepted come back as replays, and must end exactly as if sent once.
 */
import { describe, expect, it } from 'vitest'
import { MAX_REQUEST_BODY_BYTES } from '../../shared/replication.js'
import type { Device } from '../helpers/deviceClient.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'

const suite = deviceSuite()
const BOOKINGS = 500
const LONG_NOTES = '東'.repeat(500)

interface Push {
  bytes: number
  status: number | 'failed'
}

/**
 * A customer's device that booked BOOKINGS seats with long notes (synced), then cancelled them all
 * offline; `failPush` says which booking pushes of the cancellation (1-based) the network drops.
 */
async function largeCancellation(failPush: (n: number) => boolean) {
  const { seed, db } = suite.server
  // One slot per booking: a customer holds one seat of a slot (invariant 12).
  const slots = await Promise.all(
    Array.from({ length: BOOKINGS }, (_, i) => seed.createSlot({ maxBookings: 1, hoursFromNow: i + 1 })),
  )
  const customer = await seed.createCustomer()
  const pushes: Push[] = []
  let cancelling = false
  const phone: Device = await suite.device(customer, 'large-push', {
    wrapFetch: (fetch) => async (input, init) => {
      const url = String(input instanceof Request ? input.url : input)
      const isPush = cancelling && url.includes('/bookings/push')
      const bytes = Buffer.byteLength(String(init?.body ?? ''))
      if (isPush && failPush(pushes.length + 1)) {
        pushes.push({ bytes, status: 'failed' })
        // Sent, then the connection drops before the answer: the server has applied it.
        await fetch(input, init)
        throw new TypeError('fetch failed')
      }
      const response = await fetch(input, init)
      if (isPush) pushes.push({ bytes, status: response.status })
      return response
    },
  })
  const allIn = (status: string) => async () => {
    const { rows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM bookings WHERE customer_id = $1 AND notes = $2 AND status = $3',
      [customer.id, LONG_NOTES, status],
    )
    expect(Number(rows[0]?.n)).toBe(BOOKINGS)
  }

  phone.goOffline()
  const booked: string[] = []
  for (let i = 0; i < BOOKINGS; i++)
    booked.push((await phone.bookings.book((slots[i] as { id: string }).id, LONG_NOTES)).id)
  phone.goOnline()
  await eventually(allIn('PENDING'), 60_000)
  await phone.awaitInSync(60_000)

  phone.goOffline()
  for (const id of booked) await phone.bookings.setStatus(id, 'CANCELLED')
  cancelling = true
  phone.goOnline()
  await eventually(allIn('CANCELLED'), 60_000)
  await phone.awaitInSync(60_000)
  return { phone, pushes, booked }
}

describe('a push larger than the request body limit', () => {
  it('is sent in parts that fit, and every change reaches the server', async () => {
    const { pushes } = await largeCancellation(() => false)
    const sent = pushes.reduce((sum, push) => sum + push.bytes, 0)
    // The batch really was over the limit, and no part of it was.
    expect(sent).toBeGreaterThan(MAX_REQUEST_BODY_BYTES)
    expect(pushes.filter((push) => push.status === 413)).toEqual([])
    expect(Math.max(...pushes.map((push) => push.bytes))).toBeLessThanOrEqual(MAX_REQUEST_BODY_BYTES)
  }, 120_000)

  it('a part lost on the way back makes the batch go again; the replayed parts end as sent once', async () => {
    // The first push is the one row RxDB tried while offline; the second is the first part of the batch.
    const { phone, pushes, booked } = await largeCancellation((n) => n === 2)
    expect(pushes.filter((push) => push.status === 'failed')).toHaveLength(1)
    expect(pushes.filter((push) => push.status === 413)).toEqual([])
    for (const id of booked) expect(await phone.booking(id)).toMatchObject({ status: 'CANCELLED' })
    expect((await phone.booking(booked[0] as string))?.localPending).toBeFalsy()
    expect(phone.rejections.notices$.value).toEqual([])
  }, 120_000)
})
