/**
 * Provider insights checked against a hand-built history around the DST changes of 2026 in
 * Europe/Berlin (29 March: 02:00 → 03:00; 25 October: 03:00 → 02:00). Every expected figure below
 * is counted by hand from the fixture; the comments say which bookings make it up.
 */
import { vi } from 'vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { availabilityStats, seatsUsed } from '../../shared/availability.js'
import type { BookingStatus } from '../../shared/schemas.js'
import { createAccount } from '../../server/auth/accounts.js'
import { insertService } from '../../server/domain/services.js'
import { refreshInsightsRollups } from '../../server/jobs/maintenance.js'
import { csvRecords } from '../helpers/csvRows.js'
import { insertBookingRow, insertSlotRow, type PastBooking } from '../helpers/pastBookings.js'
import { type ApiClient, FIXTURE_PASSWORD, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let provider: ApiClient
let providerId: string
let customerIds: string[]

const MARCH = 'from=2026-03-23&to=2026-04-05'

beforeAll(async () => {
  server = await startTestServer()
  const db = server.db
  const user = await createAccount(db, {
    email: 'insights@test.example',
    name: 'Insight Provider',
    role: 'provider',
    password: FIXTURE_PASSWORD,
    timeZone: 'Europe/Berlin',
    autoConfirm: false,
  })
  providerId = user.id
  provider = server.api(await server.signIn(user.email))
  const sneaky = await createAccount(db, {
    email: 'sneaky@test.example',
    name: '=HYPERLINK("http://x"), "quoted"',
    role: 'customer',
    password: FIXTURE_PASSWORD,
    timeZone: 'UTC',
    autoConfirm: false,
  })
  customerIds = [server.seed.customerA.id, server.seed.customerB.id, sneaky.id]
  const [c1, c2, c3] = customerIds as [string, string, string]

  const physio = await insertService(db, providerId, {
    name: 'Physio',
    durationMinutes: 60,
    priceMinor: 5000,
    currency: 'EUR',
  })
  const massage = await insertService(db, providerId, {
    name: 'Massage',
    durationMinutes: 60,
    priceMinor: 3000,
    currency: 'EUR',
  })
  const yoga = await insertService(db, providerId, {
    name: 'Yoga',
    durationMinutes: 60,
    priceMinor: 1500,
    currency: 'CHF',
  })
  const slot = (serviceId: string, start: string, maxBookings: number) =>
    insertSlotRow(db, { providerId, serviceId, start, maxBookings })
  const book = (slotId: string, b: Omit<PastBooking, 'slotId'>) => insertBookingRow(db, { slotId, ...b })
  const byCustomer = { actorId: c2, fromStatus: 'CONFIRMED' as const }

  // Previous period (9–22 March): S0 Tue 17 March 10:00 CET.
  const s0 = await slot(physio.id, '2026-03-17T09:00:00Z', 2)
  await book(s0, { customerId: c1, status: 'COMPLETED', createdAt: '2026-03-10T09:00:00Z' })
  await book(s0, {
    customerId: c2,
    status: 'CANCELLED',
    createdAt: '2026-03-11T09:00:00Z',
    cancelledBy: byCustomer,
  })

  // Current period (23 March – 5 April).
  // S1 Sat 28 March 09:00 CET (08:00Z), 2 seats.
  const s1 = await slot(physio.id, '2026-03-28T08:00:00Z', 2)
  await book(s1, { customerId: c1, status: 'COMPLETED', createdAt: '2026-03-28T07:30:00Z' }) // b1: 0.5 h
  await book(s1, {
    customerId: c2,
    status: 'CANCELLED',
    createdAt: '2026-03-20T08:00:00Z',
    cancelledBy: byCustomer,
  }) // b2: 192 h
  await book(s1, { customerId: c3, status: 'REJECTED', createdAt: '2026-03-27T08:00:00Z' }) // b3: refused
  // S2 Sun 29 March 09:00 CEST (07:00Z, after the jump), 3 seats.
  const s2 = await slot(physio.id, '2026-03-29T07:00:00Z', 3)
  await book(s2, { customerId: c1, status: 'COMPLETED', createdAt: '2026-03-28T08:00:00Z' }) // b4: Sat 09:00 → Sun 09:00 = 23 h
  await book(s2, { customerId: c2, status: 'CONFIRMED', createdAt: '2026-03-26T08:00:00Z' }) // b5: Thu 09:00 → Sun 09:00 = 71 h
  await book(s2, {
    customerId: c3,
    status: 'CANCELLED',
    createdAt: '2026-03-25T07:00:00Z',
    cancelledBy: { actorId: providerId, fromStatus: 'PENDING' },
  }) // b6: declined, 96 h
  // S3 Sun 29 March 01:30 CET (00:30Z, before the jump), 1 seat.
  const s3 = await slot(massage.id, '2026-03-29T00:30:00Z', 1)
  await book(s3, {
    customerId: c1,
    status: 'CANCELLED',
    createdAt: '2026-02-01T00:00:00Z',
    cancelledBy: { actorId: providerId, fromStatus: 'CONFIRMED' },
  }) // b7: cancelled by the provider, 56 days
  await book(s3, { customerId: c2, status: 'COMPLETED', createdAt: '2026-03-29T00:00:00Z' }) // b8: 0.5 h
  // S4 Mon 23 March 00:30 CET = 22 March 23:30Z: the first local day, though the UTC date is the 22nd.
  const s4 = await slot(massage.id, '2026-03-22T23:30:00Z', 2)
  await book(s4, { customerId: c3, status: 'COMPLETED', createdAt: '2026-03-22T20:00:00Z' }) // b9: 3.5 h
  // S6 Wed 1 April 18:00 CEST (16:00Z), 4 seats, priced in CHF.
  const s6 = await slot(yoga.id, '2026-04-01T16:00:00Z', 4)
  await book(s6, { customerId: c1, status: 'CONFIRMED', createdAt: '2026-03-30T16:00:00Z' }) // b10: 48 h
  await book(s6, { customerId: c2, status: 'PENDING', createdAt: '2026-04-01T15:00:00Z' }) // b11: 1 h
  await book(s6, { customerId: c3, status: 'CANCELLED', createdAt: '2026-03-31T16:00:00Z' }) // b12: 24 h, no audit row
  await book(s6, { customerId: c3, status: 'CANCELLED', createdAt: '2026-03-31T16:00:00Z', deleted: true }) // tombstone
  // S5 Mon 6 April 00:30 CEST = 5 April 22:30Z: after the last local day, though the UTC date is the 5th.
  const s5 = await slot(physio.id, '2026-04-05T22:30:00Z', 1)
  await book(s5, { customerId: c1, status: 'CONFIRMED', createdAt: '2026-04-01T10:00:00Z' })

  // 25 October: 02:30 happens twice (CEST 00:30Z, then CET 01:30Z); the day lasts 25 hours.
  for (const start of [
    '2026-10-25T00:30:00Z',
    '2026-10-25T01:30:00Z',
    '2026-10-25T22:30:00Z',
    '2026-10-25T23:30:00Z',
  ]) {
    await book(await slot(yoga.id, start, 1), {
      customerId: c1,
      status: 'COMPLETED',
      createdAt: '2026-10-01T00:00:00Z',
    })
  }

  // Prices change after the fact: the figures must keep the prices the bookings were made at.
  await provider.patch(`/api/services/${physio.id}`, { priceMinor: 9999 })
  await provider.patch(`/api/services/${yoga.id}`, { currency: 'USD' })
  // The maintenance job's rollup refresh: the fixture's days (all past) are then read from the
  // rollup, as a provider's history is (insightsRollup.test.ts compares it with the live read).
  await refreshInsightsRollups(db)
})
afterAll(async () => {
  await server?.close()
})

/** An hour-long slot of the provider's first service, `days` ahead on the hour, created over REST. */
async function upcomingSlot(days: number, maxBookings: number) {
  const start = new Date(Date.now() + days * 86_400_000)
  start.setUTCMinutes(0, 0, 0)
  const services = (await provider.get(`/api/services?providerId=${providerId}`)).body
  const slot = await provider.post('/api/slots', {
    serviceId: services[0].id,
    startTime: start.toISOString(),
    endTime: new Date(start.getTime() + 3_600_000).toISOString(),
    maxBookings,
  })
  expect(slot.status).toBe(201)
  return { slot, start, services }
}

describe('provider insights across the March DST change', () => {
  it('counts bookings, cancellations by whom, declines and refusals; compares with the previous period', async () => {
    const res = await provider.get(`/api/providers/${providerId}/insights?${MARCH}`)
    expect(res.status).toBe(200)
    const { current, previous, timeZone } = res.body
    expect(timeZone).toBe('Europe/Berlin')
    expect(current).toMatchObject({
      from: '2026-03-23',
      to: '2026-04-05',
      bookings: 11, // b1, b2, b4–b12 (not the refused b3, the tombstone, or S5 on 6 April)
      completed: 4, // b1, b4, b8, b9
      rejected: 1, // b3
      cancellations: { byCustomer: 1, byProvider: 1, unknown: 1 }, // b2; b7; b12
      declines: 1, // b6
      waitlistPromotions: 0,
    })
    expect(previous).toMatchObject({
      from: '2026-03-09',
      to: '2026-03-22',
      bookings: 2,
      completed: 1,
      rejected: 0,
      cancellations: { byCustomer: 1, byProvider: 0, unknown: 0 },
      declines: 0,
    })
  })

  it('revenue per currency at the prices the bookings were made at', async () => {
    const { current, previous } = (await provider.get(`/api/providers/${providerId}/insights?${MARCH}`)).body
    expect(current.revenue).toEqual([
      // booked: b10 (accepted); pending: b11, a request awaiting the provider, told apart; lost: b12
      {
        currency: 'CHF',
        booked: 1500,
        pending: 1500,
        pendingRequests: 1,
        completed: 0,
        lostToCancellations: 1500,
        declined: 0,
      },
      // booked: b1, b4, b5 (physio 5000) + b8, b9 (massage 3000); completed: b1, b4, b8, b9;
      // lost: b2, b7 (cancelled); declined: b6, a request that never held revenue
      {
        currency: 'EUR',
        booked: 21000,
        pending: 0,
        pendingRequests: 0,
        completed: 16000,
        lostToCancellations: 8000,
        declined: 5000,
      },
    ])
    expect(previous.revenue).toEqual([
      {
        currency: 'EUR',
        booked: 5000,
        pending: 0,
        pendingRequests: 0,
        completed: 5000,
        lostToCancellations: 5000,
        declined: 0,
      },
    ])
  })

  it('utilisation of past slots counts empty seats as unused, never as free', async () => {
    const { current, previous } = (await provider.get(`/api/providers/${providerId}/insights?${MARCH}`)).body
    // S1 1/2, S2 2/3, S3 1/1, S4 1/2, S6 2/4
    expect(current.utilisation.past).toEqual({ slots: 5, capacity: 12, used: 7, unused: 5, rate: 7 / 12 })
    expect(current.utilisation.upcoming).toEqual({ slots: 0, capacity: 0, booked: 0, free: 0, rate: 0 })
    expect(previous.utilisation.past).toEqual({ slots: 1, capacity: 2, used: 1, unused: 1, rate: 0.5 })
  })

  it('Stats count the same seats used as Insights for the same period: completed bookings too', async () => {
    // The period's local midnights in Berlin: Mon 23 March 00:00 CET to Mon 6 April 00:00 CEST.
    const range = { from: '2026-03-22T23:00:00.000Z', to: '2026-04-05T22:00:00.000Z' }
    const { current } = (await provider.get(`/api/providers/${providerId}/insights?${MARCH}`)).body
    const stats = (await provider.get(`/api/providers/${providerId}/stats?from=${range.from}&to=${range.to}`))
      .body
    expect(stats).toMatchObject({
      slots: current.utilisation.past.slots,
      capacity: current.utilisation.past.capacity,
      booked: current.utilisation.past.used,
    })
    expect(stats).toMatchObject({ slots: 5, capacity: 12, booked: 7, free: 5 })

    // The device's rule (the Stats page, from the provider's local slots and bookings) agrees too.
    const { rows: slots } = await server.db.query<{ id: string; start: Date; counter: number; max: number }>(
      `SELECT id, start_time AS start, current_bookings AS counter, max_bookings AS max FROM slots
       WHERE provider_id = $1 AND NOT deleted AND start_time >= $2 AND start_time < $3`,
      [providerId, range.from, range.to],
    )
    const { rows: bookings } = await server.db.query<{ slot_id: string; status: BookingStatus }>(
      'SELECT slot_id, status FROM bookings WHERE provider_id = $1 AND NOT deleted',
      [providerId],
    )
    const onDevice = availabilityStats(
      slots.map((slot) => ({
        maxBookings: slot.max,
        currentBookings: seatsUsed(
          { startTime: new Date(slot.start).toISOString(), counter: slot.counter },
          bookings.filter((b) => b.slot_id === slot.id),
          new Date(),
        ),
      })),
    )
    expect(onDevice).toEqual(stats)
  })

  it('lead times in real hours, so the short night moves a booking into a lower bucket', async () => {
    const { leadTime } = (await provider.get(`/api/providers/${providerId}/insights?${MARCH}`)).body
    expect(leadTime).toEqual([
      { bucket: '< 1 h', bookings: 2 }, // b1, b8
      { bucket: '1–24 h', bookings: 3 }, // b4 (23 h across the change), b9, b11
      { bucket: '1–3 days', bookings: 3 }, // b5 (71 h), b10, b12
      { bucket: '3–7 days', bookings: 1 }, // b6
      { bucket: '7–30 days', bookings: 1 }, // b2
      { bucket: '≥ 30 days', bookings: 1 }, // b7
    ])
  })

  it('the heatmap uses local wall-clock hours on both sides of the change', async () => {
    const { heatmap } = (await provider.get(`/api/providers/${providerId}/insights?${MARCH}`)).body
    expect(heatmap).toEqual([
      { weekday: 1, hour: 0, bookings: 1 }, // S4 Mon 00:30
      { weekday: 3, hour: 18, bookings: 3 }, // S6 Wed 18:00
      { weekday: 6, hour: 9, bookings: 2 }, // S1 Sat 09:00 CET
      { weekday: 7, hour: 1, bookings: 2 }, // S3 Sun 01:30 CET
      { weekday: 7, hour: 9, bookings: 3 }, // S2 Sun 09:00 CEST (07:00 UTC)
    ])
  })

  it('top services by bookings (ties share a rank) and bookings per local day', async () => {
    const { topServices, daily } = (await provider.get(`/api/providers/${providerId}/insights?${MARCH}`)).body
    expect(
      topServices.map((s: Record<string, unknown>) => [
        s.rank,
        s.name,
        s.bookings,
        s.currency,
        s.revenueBooked,
        s.revenuePending,
      ]),
    ).toEqual([
      [1, 'Physio', 5, 'EUR', 15000, 0],
      [2, 'Massage', 3, 'EUR', 6000, 0],
      // b10 booked; b11 a request awaiting the provider
      [2, 'Yoga', 3, 'CHF', 1500, 1500],
    ])
    const expected = Array(14).fill(0)
    expected[0] = 1 // 23 March: S4
    expected[5] = 2 // 28 March: S1
    expected[6] = 5 // 29 March (23 hours): S2 and S3
    expected[9] = 3 // 1 April: S6
    expect(daily.current).toEqual(expected)
    expect(daily.previous.reduce((a: number, b: number) => a + b, 0)).toBe(2)
  })

  it('a one-day period on the short and on the long day', async () => {
    const march = (await provider.get(`/api/providers/${providerId}/insights?from=2026-03-29&to=2026-03-29`))
      .body
    expect(march.current.bookings).toBe(5) // S2 and S3
    expect(march.previous).toMatchObject({ from: '2026-03-28', to: '2026-03-28', bookings: 2, rejected: 1 })
    const october = (
      await provider.get(`/api/providers/${providerId}/insights?from=2026-10-25&to=2026-10-25`)
    ).body
    expect(october.current.bookings).toBe(3) // 02:30 CEST, 02:30 CET, 23:30 CET; not 00:30 on the 26th
    expect(october.heatmap).toEqual([
      { weekday: 7, hour: 2, bookings: 2 },
      { weekday: 7, hour: 23, bookings: 1 },
    ])
  })

  it('counts the bookings a waitlist promotion made', async () => {
    // Beyond the 10 days the upcoming-slots test below reads.
    const { slot } = await upcomingSlot(15, 1)
    const holder = server.api(await server.signIn(server.seed.customerB.email))
    const waiter = server.api(await server.signIn(server.seed.customerC.email))
    const held = await holder.post('/api/bookings', { slotId: slot.body.id })
    expect(held.status).toBe(201)
    expect((await waiter.post(`/api/slots/${slot.body.id}/waitlist`, {})).status).toBe(201)
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const insights = () => provider.get(`/api/providers/${providerId}/insights?from=${day(14)}&to=${day(16)}`)
    expect((await insights()).body.current.waitlistPromotions).toBe(0)
    expect((await holder.patch(`/api/bookings/${held.body.id}`, { status: 'CANCELLED' })).status).toBe(200)
    const after = (await insights()).body
    expect(after.current.waitlistPromotions).toBe(1)
    expect(after.previous.waitlistPromotions).toBe(0)
  })

  it('upcoming slots: open seats are free capacity, blocked slots offer none', async () => {
    const { slot, start, services } = await upcomingSlot(2, 3)
    const customer = server.api(await server.signIn(server.seed.customerA.email))
    expect((await customer.post('/api/bookings', { slotId: slot.body.id })).status).toBe(201)
    await insertSlotRow(server.db, {
      providerId,
      serviceId: services[0].id,
      start: new Date(start.getTime() + 86_400_000).toISOString(),
      maxBookings: 2,
      blocked: true,
    })
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const res = await provider.get(`/api/providers/${providerId}/insights?from=${day(-1)}&to=${day(10)}`)
    expect(res.status).toBe(200)
    expect(res.body.current.utilisation.upcoming).toEqual({
      slots: 2,
      capacity: 5,
      booked: 1,
      free: 2,
      rate: 0.2,
    })
    expect(res.body.current.revenue).toEqual([
      {
        currency: services[0].currency,
        // The provider does not auto-confirm: the booking is a request, not revenue booked yet.
        booked: 0,
        pending: services[0].priceMinor,
        pendingRequests: 1,
        completed: 0,
        lostToCancellations: 0,
        declined: 0,
      },
    ])
  })

  it('a declined request is counted as declined, not as revenue lost to cancellations', async () => {
    // Beyond the periods the tests above read; a request, as the provider does not auto-confirm.
    const { slot, services } = await upcomingSlot(25, 2)
    const customer = server.api(await server.signIn(server.seed.customerA.email))
    const request = await customer.post('/api/bookings', { slotId: slot.body.id })
    expect(request.status).toBe(201)
    expect(request.body.status).toBe('PENDING')
    const declined = await provider.patch(`/api/bookings/${request.body.id}`, {
      status: 'CANCELLED',
      reason: 'Fully booked that week',
    })
    expect(declined.status).toBe(200)
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const { current } = (
      await provider.get(`/api/providers/${providerId}/insights?from=${day(24)}&to=${day(26)}`)
    ).body
    expect(current).toMatchObject({
      cancellations: { byCustomer: 0, byProvider: 0, unknown: 0 },
      declines: 1,
    })
    expect(current.revenue).toEqual([
      {
        currency: services[0].currency,
        booked: 0,
        pending: 0,
        pendingRequests: 0,
        completed: 0,
        lostToCancellations: 0,
        declined: services[0].priceMinor,
      },
    ])
  })
})

describe('CSV export of the rows behind the figures', () => {
  it('parses back to one row per booking of the period, in the provider wall-clock time', async () => {
    const res = await fetch(`${server.url}/api/providers/${providerId}/insights.csv?${MARCH}`, {
      headers: { authorization: `Bearer ${await server.signIn('insights@test.example')}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toContain('bookings-2026-03-23-to-2026-04-05.csv')
    const records = csvRecords(await res.text())
    expect(records).toHaveLength(12) // the 11 bookings and the refused b3
    const sunday = records.filter((r) => r.slot_start_local === '2026-03-29T09:00')
    expect(sunday.map((r) => [r.status, r.cancelled_by, r.lead_time_hours, r.price, r.currency])).toEqual([
      ['CANCELLED', 'provider-declined', '96', '50.00', 'EUR'],
      ['CONFIRMED', '', '71', '50.00', 'EUR'],
      ['COMPLETED', '', '23', '50.00', 'EUR'],
    ])
    expect(sunday[0]?.slot_start_utc).toBe('2026-03-29T07:00:00.000Z')
    for (const r of records) expect(r.reference).toMatch(/^UNI-/)
    // A name that looks like a formula comes back as text, quotes and comma intact.
    expect(records.filter((r) => r.customer?.startsWith("'=HYPERLINK")).map((r) => r.customer)).toContain(
      `'=HYPERLINK("http://x"), "quoted"`,
    )
    expect(records.some((r) => r.slot_start_local?.startsWith('2026-04-06'))).toBe(false)
    expect(records.filter((r) => r.currency === 'CHF')).toHaveLength(3)
  })
})

describe('bad input is refused before anything is computed', () => {
  const insightsQueries = () => vi.spyOn(server.db, 'query')
  const ranInsights = (spy: ReturnType<typeof insightsQueries>) =>
    spy.mock.calls.some(([sql]) => String(sql).includes('periods AS'))

  it.each([
    ['end before start', 'from=2026-04-05&to=2026-04-04', 400],
    ['longer than two years', 'from=2024-01-01&to=2026-01-01', 400],
    ['not a date', 'from=2026-02-30&to=2026-03-01', 400],
    ['a time instead of a day', 'from=2026-03-01T00:00:00Z&to=2026-03-02', 400],
    ['a missing end', 'from=2026-03-01', 400],
    ['an unknown parameter', `${MARCH}&providerId=x`, 400],
  ])('%s (%s) → %i VALIDATION_FAILED', async (_case, query, status) => {
    const spy = insightsQueries()
    try {
      for (const path of ['insights', 'insights.csv']) {
        const res = await provider.get(`/api/providers/${providerId}/${path}?${query}`)
        expect(res.status).toBe(status)
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' })
        expect(res.body.details.length).toBeGreaterThan(0)
      }
      expect(ranInsights(spy)).toBe(false)
    } finally {
      spy.mockRestore()
    }
  })

  it('exactly two years is allowed', async () => {
    expect(
      (await provider.get(`/api/providers/${providerId}/insights?from=2024-01-01&to=2025-12-31`)).status,
    ).toBe(200)
  })

  it("another provider's id, or a customer asking → 403 FORBIDDEN; no session → 401", async () => {
    const spy = insightsQueries()
    try {
      const other = server.api(await server.signIn(server.seed.providerA.email))
      const customer = server.api(await server.signIn(server.seed.customerA.email))
      for (const path of ['insights', 'insights.csv']) {
        const asOther = await other.get(`/api/providers/${providerId}/${path}?${MARCH}`)
        expect(asOther.status).toBe(403)
        expect(asOther.body.code).toBe('FORBIDDEN')
        expect((await customer.get(`/api/providers/${providerId}/${path}?${MARCH}`)).status).toBe(403)
        expect((await server.api().get(`/api/providers/${providerId}/${path}?${MARCH}`)).status).toBe(401)
        expect((await provider.get(`/api/providers/not-a-uuid/${path}?${MARCH}`)).status).toBe(400)
      }
      expect(ranInsights(spy)).toBe(false)
    } finally {
      spy.mockRestore()
    }
  })
})
