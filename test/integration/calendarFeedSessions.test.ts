/**
 * A provider's private calendar feed, read as the text a calendar app fetches: a session marked
 * completed (even while it is still running) stays in the feed, because it happened; and requests not
 * confirmed yet are counted and named apart from confirmed bookings, a slot holding only requests
 * being TENTATIVE (it may not happen).
 */
import { randomUUID } from 'node:crypto'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertBookingRow, insertSlotRow } from '../helpers/pastBookings.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let provider: ApiClient
let feedUrl: string
beforeAll(async () => {
  server = await startTestServer()
  provider = server.api(await server.signIn(server.seed.providerA.email))
  const issued = await provider.post('/api/calendar-feed')
  expect(issued.status).toBe(201)
  feedUrl = issued.body.url as string
})
afterAll(async () => {
  await server?.close()
})

interface FeedEvent {
  summary: string
  description: string
  status: string
}

/** The feed's events by UID, parsed from the text calendar apps fetch. */
async function feedBySlot(): Promise<Map<string, FeedEvent>> {
  const res = await fetch(feedUrl)
  expect(res.status).toBe(200)
  const calendar = new ICAL.Component(ICAL.parse(await res.text()))
  return new Map(
    calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component)
      const status = String(component.getFirstPropertyValue('status'))
      return [event.uid, { summary: event.summary, description: event.description, status }]
    }),
  )
}

const slotUid = (id: string) => `slot-${id}@uniservice-bookings`

async function request(slotId: string) {
  const customer = await server.seed.createCustomer()
  const res = await server
    .api(await server.signIn(customer.email))
    .post('/api/bookings', { id: randomUUID(), slotId, notes: '' })
  expect(res.status).toBe(201)
  expect(res.body.status).toBe('PENDING')
  return { id: res.body.id as string, reference: res.body.reference as string, name: customer.name }
}

async function setStatus(bookingId: string, status: 'CONFIRMED' | 'COMPLETED') {
  expect((await provider.patch(`/api/bookings/${bookingId}`, { status })).status).toBe(200)
}

describe("a provider's calendar feed", () => {
  it('keeps a session marked completed while it is still running', async () => {
    // Started ten minutes ago, so it may be marked completed (which frees its seat) while it runs.
    const slotId = await insertSlotRow(server.db, {
      providerId: server.seed.providerA.id,
      serviceId: server.seed.serviceA.id,
      start: new Date(Date.now() - 10 * 60_000).toISOString(),
      maxBookings: 2,
    })
    const customer = await server.seed.createCustomer()
    const bookingId = await insertBookingRow(server.db, {
      slotId,
      customerId: customer.id,
      status: 'CONFIRMED',
      createdAt: new Date(Date.now() - 86_400_000).toISOString(),
    })
    expect((await feedBySlot()).get(slotUid(slotId))?.summary).toBe('Physio (1 booked)')

    await setStatus(bookingId, 'COMPLETED')
    expect((await feedBySlot()).get(slotUid(slotId))).toMatchObject({
      summary: 'Physio (1 booked)',
      description: expect.stringContaining(`Booked by: ${customer.name}`),
      status: 'CONFIRMED',
    })
    // The customer's own feed keeps it too.
    const customerApi = server.api(await server.signIn(customer.email))
    const ownFeed = await fetch((await customerApi.post('/api/calendar-feed')).body.url)
    const ownEvents = new ICAL.Component(ICAL.parse(await ownFeed.text())).getAllSubcomponents('vevent')
    expect(ownEvents.map((event) => new ICAL.Event(event).uid)).toEqual([
      `booking-${bookingId}@uniservice-bookings`,
    ])
  })

  it('says requests apart from confirmed bookings, and a slot of requests only is tentative', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 3, hoursFromNow: 40 })
    const [first, second] = [await request(slot.id), await request(slot.id)]

    expect((await feedBySlot()).get(slotUid(slot.id))).toEqual({
      summary: 'Physio (2 requests)',
      description: expect.stringMatching(/^Requested by \(not confirmed yet\): .+$/),
      status: 'TENTATIVE',
    })

    await setStatus(first.id, 'CONFIRMED')
    const event = (await feedBySlot()).get(slotUid(slot.id))
    expect(event).toMatchObject({ summary: 'Physio (1 booked, 1 request)', status: 'CONFIRMED' })
    expect(event?.description.split('\n')).toEqual([
      `Booked by: ${first.name} (${first.reference})`,
      `Requested by (not confirmed yet): ${second.name} (${second.reference})`,
    ])
  })
})
