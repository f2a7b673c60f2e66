/**
 * A weekly series of which some week was not booked tells its customer with a SERIES_NOT_BOOKED
 * notification, written in the series' transaction (so every device pulls it, and it outlives a
 * sign-out), naming each week not booked and why; a series booked in full, or replayed, writes none.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Notification } from '../../shared/notifications.js'
import { notificationText } from '../../shared/notifications.js'
import type { Slot } from '../../shared/schemas.js'
import { decodeSeriesNotBooked } from '../../shared/seriesNotBooked.js'
import { type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'
import { weeklySlots } from '../helpers/weeklySlots.js'

let server: TestServer
let hour = 0
/** Each test's weekly slots at their own hour, so no series matches another test's slots. */
const nextStart = () => 3 + ++hour / 24

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

async function api(user: Pick<TestUser, 'email'>) {
  return server.api(await server.signIn(user.email))
}

async function seriesNotices(user: TestUser): Promise<Notification[]> {
  const res = await (await api(user)).get('/api/notifications')
  expect(res.status).toBe(200)
  return (res.body as Notification[]).filter((n) => n.kind === 'SERIES_NOT_BOOKED')
}

/** Week `taken` (0-based) of `slots` is booked by another customer first (its only seat). */
async function takeWeek(slots: Slot[], taken: number): Promise<void> {
  const other = await server.seed.createCustomer()
  const res = await (await api(other)).post('/api/bookings', { slotId: (slots[taken] as Slot).id })
  expect(res.status).toBe(201)
}

const isoDay = (iso: string) => iso.slice(0, 10)

describe('SERIES_NOT_BOOKED notification', () => {
  it('book what is free: names the week not booked and why; a replay writes no second one', async () => {
    const slots = await weeklySlots(server.seed, { weeks: 2, daysFromNow: nextStart() })
    await takeWeek(slots, 1)
    const customer = await server.seed.createCustomer()
    const body = { id: randomUUID(), firstSlotId: slots[0]?.id, weeks: 2, mode: 'BOOK_WHAT_IS_FREE' }
    const client = await api(customer)
    expect((await client.post('/api/bookings/series', body)).body.booked).toBe(1)
    expect((await client.post('/api/bookings/series', body)).body.booked).toBe(1)

    const notices = await seriesNotices(customer)
    expect(notices).toHaveLength(1)
    const notice = notices[0] as Notification
    expect(notice).toMatchObject({
      slotId: slots[0]?.id,
      startTime: slots[0]?.startTime,
      serviceName: 'Physio',
      otherParty: server.seed.providerA.name,
      readAt: null,
    })
    expect(decodeSeriesNotBooked(notice.reason)).toEqual({
      mode: 'BOOK_WHAT_IS_FREE',
      of: 2,
      booked: 1,
      weeks: [{ startTime: slots[1]?.startTime, code: 'SLOT_FULL' }],
    })
    expect(notificationText(notice, isoDay)).toBe(
      `1 of 2 weeks of Physio booked: ${isoDay(slots[1]?.startTime as string)} was fully booked.`,
    )
  })

  it('all or nothing: none booked, and the week that was full is why', async () => {
    const slots = await weeklySlots(server.seed, { weeks: 2, daysFromNow: nextStart() })
    await takeWeek(slots, 1)
    const customer = await server.seed.createCustomer()
    const res = await (await api(customer)).post('/api/bookings/series', {
      firstSlotId: slots[0]?.id,
      weeks: 2,
      mode: 'ALL_OR_NOTHING',
    })
    expect(res.body.booked).toBe(0)

    const notices = await seriesNotices(customer)
    expect(notices).toHaveLength(1)
    expect(notificationText(notices[0] as Notification, isoDay)).toBe(
      `Weekly booking for Physio not made: ${isoDay(slots[1]?.startTime as string)} was fully booked, so none was booked (all or nothing).`,
    )
  })

  it('a series booked in full writes none', async () => {
    const slots = await weeklySlots(server.seed, { weeks: 2, daysFromNow: nextStart() })
    const customer = await server.seed.createCustomer()
    const res = await (await api(customer)).post('/api/bookings/series', {
      firstSlotId: slots[0]?.id,
      weeks: 2,
      mode: 'ALL_OR_NOTHING',
    })
    expect(res.body.booked).toBe(2)
    expect(await seriesNotices(customer)).toEqual([])
  })
})
