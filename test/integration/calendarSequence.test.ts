/**
 * A moved booking's calendar event carries a larger SEQUENCE under the same UID (a browser walk: the
 * .ics and the feed had none, so a calendar app holding the event could keep the old time), in a
 * single booking's download and in the private feed; parsed back with ical.js.
 */
import { randomUUID } from 'node:crypto'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calendarSequence } from '../../server/domain/calendar.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

/** Each event's UID, start and SEQUENCE (undefined when the event has none). */
function events(text: string): { uid: string; start: number; sequence: number | undefined }[] {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component)
    const sequence = component.getFirstPropertyValue('sequence')
    return {
      uid: event.uid,
      start: event.startDate.toJSDate().getTime(),
      sequence: sequence === null ? undefined : Number(sequence),
    }
  })
}

/** iCalendar times have whole seconds. */
const wholeSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000

async function getText(url: string, token?: string): Promise<string> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  expect(res.status).toBe(200)
  return res.text()
}

describe('the SEQUENCE of a booking’s calendar event', () => {
  it('grows when the booking is moved, under the same UID, in the download and in the feed', async () => {
    const provider = server.seed.providerB
    const from = await server.seed.createSlot({ provider, maxBookings: 2, hoursFromNow: 40 })
    const to = await server.seed.createSlot({ provider, maxBookings: 2, hoursFromNow: 41 })
    const customer = await server.seed.createCustomer()
    const token = await server.signIn(customer.email)
    const api = server.api(token)
    const id = randomUUID()
    expect((await api.post('/api/bookings', { id, slotId: from.id, notes: '' })).status).toBe(201)
    const download = `${server.url}/api/bookings/${id}/calendar.ics`
    const { url: feed } = (await api.post('/api/calendar-feed')).body as { url: string }
    const uid = `booking-${id}@uniservice-bookings`
    const inFeed = async () => (await events(await getText(feed))).find((e) => e.uid === uid)

    const [before] = events(await getText(download, token))
    const feedBefore = await inFeed()
    expect(before).toMatchObject({ uid, start: wholeSeconds(from.startTime), sequence: expect.any(Number) })
    expect(feedBefore).toEqual(before)

    expect((await api.post(`/api/bookings/${id}/reschedule`, { slotId: to.id })).status).toBe(200)
    const [after] = events(await getText(download, token))
    expect(after).toMatchObject({ uid, start: wholeSeconds(to.startTime) })
    expect(after?.sequence).toBeGreaterThan(before?.sequence as number)
    expect(await inFeed()).toEqual(after)
  })

  it('counts from the creation, only ever up, within 32 bits', () => {
    const created = new Date('2026-11-28T08:00:00.000Z')
    const at = (ms: number) => new Date(created.getTime() + ms)
    expect(calendarSequence(created, created, 100)).toBe(0)
    // A change a moment after the creation still raises it.
    expect(calendarSequence(at(5), created, 100)).toBe(1)
    expect(calendarSequence(at(60_000), created, 100)).toBe(600)
    expect(calendarSequence(at(-1), created, 100)).toBe(0)
    expect(calendarSequence(at(10 * 365 * 86_400_000), created, 100)).toBe(2_147_483_647)
  })
})
