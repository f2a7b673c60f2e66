/**
 * Booking references and calendar export: every .ics is parsed back with ical.js (an independent
 * iCalendar parser) and compared with the bookings it should describe.
 */
import { randomUUID } from 'node:crypto'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

interface ParsedEvent {
  uid: string
  summary: string
  description: string
  status: string
  start: number
  end: number
}

function parseCalendar(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text))
  expect(calendar.name).toBe('vcalendar')
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component)
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      status: String(component.getFirstPropertyValue('status')),
      start: event.startDate.toJSDate().getTime(),
      end: event.endDate.toJSDate().getTime(),
    }
  })
}

const wholeSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000

async function book(token: string, slotId: string) {
  const res = await server.api(token).post('/api/bookings', { id: randomUUID(), slotId, notes: '' })
  expect(res.status).toBe(201)
  return res.body as { id: string; reference: string; startTime: string; status: string }
}

async function getText(url: string, token?: string) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
}

describe('booking references', () => {
  it('are short, unique, shown to both sides, and not writable by a device', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 60 })
    const references = new Set<string>()
    // Two customers on one slot, the rest of the bookings on slots of their own: 20 bookings.
    const slots = [
      slot,
      slot,
      ...(await Promise.all(Array.from({ length: 18 }, () => server.seed.createSlot()))),
    ]
    const tokens = [
      await server.signIn(server.seed.customerA.email),
      await server.signIn(server.seed.customerB.email),
    ]
    for (const [i, target] of slots.entries()) {
      const booking = await book(tokens[i % 2] as string, target.id)
      expect(booking.reference).toMatch(/^UNI-[0-9A-HJKMNP-TV-Z]{6}$/)
      references.add(booking.reference)
    }
    expect(references.size).toBe(20)

    const provider = server.api(await server.signIn(server.seed.providerA.email))
    const onSlot = (await provider.get(`/api/bookings?slotId=${slot.id}`)).body as { reference: string }[]
    const onSlotReferences = new Set(onSlot.map((b) => b.reference))
    expect(onSlotReferences.size).toBe(2)
    for (const reference of onSlotReferences) expect(references.has(reference)).toBe(true)

    const customerToken = await server.signIn(server.seed.customerA.email)
    const forged = { ...newBookingDoc(slot, server.seed.customerA.id), reference: 'UNI-FORGED' }
    const push = await server
      .api(customerToken)
      .post('/api/replication/bookings/push', [{ newDocumentState: forged }])
    expect(push.status).toBe(200)
    const stored = (await server.api(customerToken).get(`/api/bookings/${forged.id}`)).body
    expect(stored.reference).toMatch(/^UNI-[0-9A-Z]{6}$/)
    expect(stored.reference).not.toBe('UNI-FORGED')
  })
})

describe('.ics download of one booking', () => {
  it('describes the booking at its exact instant, across a DST change, and only for its parties', async () => {
    // 28 March 2027 02:00 Europe/Berlin clocks go forward: a slot on that morning (10:00 CEST).
    const slot = await server.seed.createSlot({ startTime: '2027-03-28T08:00:00.000Z', durationMinutes: 45 })
    const customer = await server.seed.createCustomer()
    const token = await server.signIn(customer.email)
    const booking = await book(token, slot.id)

    const ics = await getText(`${server.url}/api/bookings/${booking.id}/calendar.ics`, token)
    expect(ics.status).toBe(200)
    expect(ics.type).toMatch(/^text\/calendar/)
    const [event, ...others] = parseCalendar(ics.text)
    expect(others).toEqual([])
    expect(event?.start).toBe(Date.parse(slot.startTime))
    expect(event?.end).toBe(Date.parse(slot.startTime) + 45 * 60_000)
    expect(event?.description).toContain(booking.reference)
    expect(event?.status).toBe(booking.status === 'CONFIRMED' ? 'CONFIRMED' : 'TENTATIVE')
    expect(event?.summary).toContain(server.seed.providerA.name)

    const providerToken = await server.signIn(server.seed.providerA.email)
    const forProvider = await getText(`${server.url}/api/bookings/${booking.id}/calendar.ics`, providerToken)
    expect(parseCalendar(forProvider.text)[0]?.summary).toContain(customer.name)

    const stranger = await server.signIn(server.seed.customerB.email)
    // Refused as GET /api/bookings/:id refuses another user's booking (403), and the file is not sent.
    const refused = await getText(`${server.url}/api/bookings/${booking.id}/calendar.ics`, stranger)
    expect(refused.status).toBe(403)
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'FORBIDDEN' })
    const otherProvider = await server.signIn(server.seed.providerB.email)
    expect(
      (await getText(`${server.url}/api/bookings/${booking.id}/calendar.ics`, otherProvider)).status,
    ).toBe(403)
  })
})

describe('private calendar feed', () => {
  it("lists the customer's active bookings, follows cancellations, and dies when rotated or revoked", async () => {
    const customer = await server.seed.createCustomer()
    const token = await server.signIn(customer.email)
    const api = server.api(token)
    expect((await api.get('/api/calendar-feed')).body).toEqual({ active: false, createdAt: null })

    const slots = await Promise.all([1, 2, 3].map((h) => server.seed.createSlot({ hoursFromNow: h * 3 })))
    const bookings = []
    for (const slot of slots) bookings.push(await book(token, slot.id))

    const issued = await api.post('/api/calendar-feed')
    expect(issued.status).toBe(201)
    const url = issued.body.url as string
    expect(url).toMatch(/\/api\/calendar\/feed\.ics\?token=/)
    expect((await api.get('/api/calendar-feed')).body.active).toBe(true)

    const feed = await getText(url)
    expect(feed.status).toBe(200)
    const events = parseCalendar(feed.text)
    expect(events.map((e) => e.uid).sort()).toEqual(
      bookings.map((b) => `booking-${b.id}@uniservice-bookings`).sort(),
    )
    // iCalendar times have whole seconds.
    expect(events.map((e) => e.start).sort()).toEqual(slots.map((s) => wholeSeconds(s.startTime)).sort())

    const cancelled = bookings[0] as { id: string }
    expect((await api.patch(`/api/bookings/${cancelled.id}`, { status: 'CANCELLED' })).status).toBe(200)
    expect(parseCalendar((await getText(url)).text).map((e) => e.uid)).not.toContain(
      `booking-${cancelled.id}@uniservice-bookings`,
    )

    const rotated = await api.post('/api/calendar-feed')
    expect((await getText(url)).status).toBe(404)
    expect((await getText(rotated.body.url)).status).toBe(200)

    expect((await api.delete('/api/calendar-feed')).status).toBe(204)
    const revoked = await getText(rotated.body.url)
    expect(revoked.status).toBe(404)
    expect(JSON.parse(revoked.text)).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String) })
    expect((await api.get('/api/calendar-feed')).body.active).toBe(false)
  })

  it("lists a provider's booked slots with who booked them", async () => {
    const provider = server.seed.providerB
    const slot = await server.seed.createSlot({ provider, maxBookings: 3, hoursFromNow: 30 })
    const empty = await server.seed.createSlot({ provider, maxBookings: 3, hoursFromNow: 31 })
    const customer = await server.seed.createCustomer()
    const booking = await book(await server.signIn(customer.email), slot.id)

    const providerApi = server.api(await server.signIn(provider.email))
    const { url } = (await providerApi.post('/api/calendar-feed')).body
    const events = parseCalendar((await getText(url)).text)
    const event = events.find((e) => e.uid === `slot-${slot.id}@uniservice-bookings`)
    expect(event?.summary).toMatch(/\(1 booked\)/)
    expect(event?.description).toContain(customer.name)
    expect(event?.description).toContain(booking.reference)
    expect(events.some((e) => e.uid === `slot-${empty.id}@uniservice-bookings`)).toBe(false)
  })

  it('answers an unknown token with 404 and a missing one with 400', async () => {
    expect((await getText(`${server.url}/api/calendar/feed.ics?token=not-a-token`)).status).toBe(404)
    expect((await getText(`${server.url}/api/calendar/feed.ics`)).status).toBe(400)
  })
})
