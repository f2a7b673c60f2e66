/**
 * One booking's .ics download and the private calendar feed describe the booking with the same event
 * (server/domain/calendar.ts builds both): the same LOCATION, the organisation the booking is with.
 */
import { randomUUID } from 'node:crypto'
import ICAL from 'ical.js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

/** Each event of an iCalendar text by UID, with the properties both ways of exporting must agree on. */
function eventsByUid(text: string): Map<string, Record<string, unknown>> {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return new Map(
    calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component)
      return [
        event.uid,
        {
          summary: event.summary,
          description: event.description,
          location: event.location,
          status: String(component.getFirstPropertyValue('status')),
          start: event.startDate.toJSDate().getTime(),
          end: event.endDate.toJSDate().getTime(),
        },
      ]
    }),
  )
}

async function getText(url: string, token?: string): Promise<string> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  expect(res.status).toBe(200)
  return res.text()
}

it("a booking's .ics download says where it is, as the calendar feed does", async () => {
  const slot = await server.seed.createSlot({ hoursFromNow: 30 })
  const customer = await server.seed.createCustomer()
  const token = await server.signIn(customer.email)
  const api = server.api(token)
  const booked = await api.post('/api/bookings', { id: randomUUID(), slotId: slot.id, notes: '' })
  expect(booked.status).toBe(201)
  const { rows } = await server.db.query<{ name: string }>(
    'SELECT o.name FROM bookings b JOIN organisations o ON o.id = b.organisation_id WHERE b.id = $1',
    [booked.body.id],
  )
  const organisation = rows[0]?.name

  const single = eventsByUid(
    await getText(`${server.url}/api/bookings/${booked.body.id}/calendar.ics`, token),
  )
  const feedUrl = (await api.post('/api/calendar-feed')).body.url as string
  const feed = eventsByUid(await getText(feedUrl))
  const [uid, event] = [...single][0] ?? []
  expect(single.size).toBe(1)
  expect(event?.location).toBe(organisation)
  expect(feed.get(uid as string)).toEqual(event)
})
