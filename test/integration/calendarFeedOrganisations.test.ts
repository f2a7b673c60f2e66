/**
 * The private calendar feed of a user in several organisations (walk "customer", item 2): one link
 * carries the bookings of every organisation they belong to, each event naming its organisation,
 * whichever organisation's page made it; a new link stops the old one; a membership that ends takes
 * that organisation's bookings out of the feed. Each membership is read as its role says (a provider
 * in one organisation and a customer in another gets both sides).
 */
import { randomUUID } from 'node:crypto'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { organisationDatabase } from '../../server/db/tenantScope.js'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { insertBookingRow, insertSlotRow } from '../helpers/pastBookings.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

const DEFAULT_ORGANISATION_NAME = 'Default organisation'
const SECOND_ORGANISATION_NAME = 'Ortiz Tutoring'

let server: TestServer
let second: TestOrganisation
beforeAll(async () => {
  server = await startTestServer()
  second = await addOrganisation(server.db, SECOND_ORGANISATION_NAME)
})
afterAll(async () => {
  await server?.close()
})

interface FeedEvent {
  uid: string
  summary: string
  location: string
}

async function feedEvents(url: string): Promise<{ status: number; events: FeedEvent[] }> {
  const res = await fetch(url)
  const text = await res.text()
  if (res.status !== 200) return { status: res.status, events: [] }
  const calendar = new ICAL.Component(ICAL.parse(text))
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component)
    return { uid: event.uid, summary: event.summary, location: event.location }
  })
  return { status: res.status, events }
}

const bookingUid = (id: string) => `booking-${id}@uniservice-bookings`
const slotUid = (id: string) => `slot-${id}@uniservice-bookings`

async function book(api: ApiClient, slotId: string): Promise<string> {
  const res = await api.post('/api/bookings', { id: randomUUID(), slotId, notes: '' })
  expect(res.status).toBe(201)
  return res.body.id as string
}

async function makeLink(api: ApiClient): Promise<string> {
  const res = await api.post('/api/calendar-feed')
  expect(res.status).toBe(201)
  return res.body.url as string
}

/** A customer of the default organisation who is also a member of the second one. */
async function memberOfBoth(roleInSecond: 'customer' | 'admin' = 'customer') {
  const user = await server.seed.createCustomer()
  await addMembership(server.db, second.id, user.id, roleInSecond)
  const token = await server.signIn(user.email)
  return {
    user,
    inDefault: server.api(token, DEFAULT_ORGANISATION_ID),
    inSecond: server.api(token, second.id),
  }
}

describe('calendar feed of a user in two organisations', () => {
  it("carries both organisations' bookings, each naming its organisation, wherever the link was made; a new link stops the old", async () => {
    const { inDefault, inSecond } = await memberOfBoth()
    const here = await book(inDefault, (await server.seed.createSlot({ hoursFromNow: 50 })).id)
    const there = await book(
      inSecond,
      (await second.seed.createSlot({ provider: second.seed.providerB, hoursFromNow: 51 })).id,
    )
    const expected = [
      { uid: bookingUid(here), location: DEFAULT_ORGANISATION_NAME },
      { uid: bookingUid(there), location: SECOND_ORGANISATION_NAME },
    ]

    // Made on the second organisation's page (not the user's first organisation).
    const secondLink = await makeLink(inSecond)
    const fromSecond = await feedEvents(secondLink)
    expect(fromSecond.status).toBe(200)
    expect(fromSecond.events).toEqual(expected.map((event) => expect.objectContaining(event)))
    expect(fromSecond.events[1]?.summary).toContain(second.seed.providerB.name)

    // One link per user: the default organisation's page knows of it, and a new one made there
    // carries the same bookings and stops the old.
    expect((await inDefault.get('/api/calendar-feed')).body.active).toBe(true)
    const defaultLink = await makeLink(inDefault)
    expect((await feedEvents(secondLink)).status).toBe(404)
    const fromDefault = await feedEvents(defaultLink)
    expect(fromDefault.events).toEqual(expected.map((event) => expect.objectContaining(event)))

    expect((await inSecond.delete('/api/calendar-feed')).status).toBe(204)
    expect((await feedEvents(defaultLink)).status).toBe(404)
    expect((await inDefault.get('/api/calendar-feed')).body.active).toBe(false)
  })

  it("reads each organisation as the membership's role says: provider's booked slots, customer's bookings", async () => {
    // A provider of the second organisation who is a customer of the default one.
    const provider = second.seed.providerA
    await addMembership(server.db, DEFAULT_ORGANISATION_ID, provider.id, 'customer')
    const token = await server.signIn(provider.email)
    const ownSlot = await second.seed.createSlot({ provider, hoursFromNow: 54 })
    await book(server.api(await server.signIn(second.seed.customerA.email), second.id), ownSlot.id)
    const inDefault = server.api(token, DEFAULT_ORGANISATION_ID)
    const asCustomer = await book(inDefault, (await server.seed.createSlot({ hoursFromNow: 55 })).id)

    const { events } = await feedEvents(await makeLink(server.api(token, second.id)))
    expect(events).toEqual([
      expect.objectContaining({
        uid: slotUid(ownSlot.id),
        location: SECOND_ORGANISATION_NAME,
        // The customer's booking waits for the provider's answer: a request, not a booking yet.
        summary: expect.stringMatching(/\(1 request\)/),
      }),
      expect.objectContaining({ uid: bookingUid(asCustomer), location: DEFAULT_ORGANISATION_NAME }),
    ])
  })

  it("drops an organisation's bookings once the membership there ends", async () => {
    const { user, inDefault } = await memberOfBoth()
    const here = await book(inDefault, (await server.seed.createSlot({ hoursFromNow: 53 })).id)
    // Upcoming bookings keep a member from being removed; a booking of two days ago (still in the
    // feed's history) does not.
    const secondDb = organisationDatabase(server.db, second.id)
    const pastSlot = await insertSlotRow(secondDb, {
      providerId: second.seed.providerA.id,
      serviceId: second.seed.serviceA.id,
      start: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      maxBookings: 1,
    })
    const there = await insertBookingRow(secondDb, {
      slotId: pastSlot,
      customerId: user.id,
      status: 'CONFIRMED',
      createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    })
    const url = await makeLink(inDefault)
    expect((await feedEvents(url)).events.map((e) => e.uid).sort()).toEqual(
      [bookingUid(here), bookingUid(there)].sort(),
    )

    await addMembership(server.db, second.id, second.seed.customerC.id, 'admin')
    const admin = server.api(await server.signIn(second.seed.customerC.email), second.id)
    expect((await admin.delete(`/api/organisation/members/${user.id}`)).status).toBe(200)

    const after = await feedEvents(url)
    expect(after.status).toBe(200)
    expect(after.events.map((e) => e.uid)).toEqual([bookingUid(here)])
  })
})
