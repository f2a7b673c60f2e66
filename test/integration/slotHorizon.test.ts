/**
 * The bookable horizon (issue 13, goal 2; server/replication/slotHorizon.ts) through the real client:
 * a customer's device stores the slots starting before the horizon's end and the slots of its own
 * bookings, wherever they start; a provider's device stores all of its own. When time passes (the
 * horizon moves on), slots that entered it arrive though they did not change. A streamed message with
 * a slot past the horizon is pulled instead of taken; one within it is still taken as is. The
 * replication property test (replicationProperty.test.ts) draws horizons and passing days at random.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { slotHorizonEnd } from '../../server/replication/slotHorizon.js'
import { type Device, openDevice } from '../helpers/deviceClient.js'
import { eventually } from '../helpers/eventually.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

const DAY_HOURS = 24
const HORIZON_DAYS = 3

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ SLOT_HORIZON_DAYS: HORIZON_DAYS, FEED_POLL_MS: 20 })
})
afterAll(async () => {
  await server?.close()
})

async function storedIds(device: Device): Promise<Set<string>> {
  return new Set((await device.db.slots.find().exec()).map((doc) => doc.id))
}

describe('the bookable horizon', () => {
  it("stores the horizon and the customer's own bookings' slots; days passing bring the rest in", async () => {
    const { seed } = server
    // The fixtures' slots start tomorrow; these are 1 day and 10 days after that.
    const near = await seed.createSlot({ hoursFromNow: DAY_HOURS })
    const far = await seed.createSlot({ hoursFromNow: 10 * DAY_HOURS })
    const farBooked = await seed.createSlot({ hoursFromNow: 10 * DAY_HOURS + 2 })
    const customer = await seed.createCustomer()
    const api = server.api(await server.signIn(customer.email))
    const booked = await api.post('/api/bookings', { slotId: farBooked.id })
    expect(booked.status).toBe(201)

    const phone = await openDevice({
      baseUrl: server.url,
      email: customer.email,
      password: customer.password,
    })
    const desk = await openDevice({
      baseUrl: server.url,
      email: seed.providerA.email,
      password: seed.password,
    })
    try {
      await phone.awaitInSync()
      await desk.awaitInSync()
      const held = await storedIds(phone)
      expect(held.has(near.id)).toBe(true)
      expect(held.has(farBooked.id)).toBe(true)
      expect(held.has(far.id)).toBe(false)
      expect(phone.replication().slotHorizon$.value).toBe(
        slotHorizonEnd(new Date(), HORIZON_DAYS)?.toISOString(),
      )
      // The provider's device holds every slot of theirs, whatever the customers' horizon.
      const deskHeld = await storedIds(desk)
      for (const slot of [near, far, farBooked]) expect(deskHeld.has(slot.id)).toBe(true)

      // Ten days pass (as the clock moves the end at ten UTC midnights): the far slot, unchanged since
      // the device's first pull, arrives with the pull that moves the horizon.
      server.config.SLOT_HORIZON_DAYS = HORIZON_DAYS + 10
      phone.replication().states.slots.reSync()
      await eventually(async () => expect((await storedIds(phone)).has(far.id)).toBe(true), 5000)
    } finally {
      server.config.SLOT_HORIZON_DAYS = HORIZON_DAYS
      await phone.close()
      await desk.close()
    }
  })

  it('takes a streamed slot within the horizon as is, and pulls instead of taking one past it', async () => {
    const { seed } = server
    const customer = await seed.createCustomer()
    const phone = await openDevice({
      baseUrl: server.url,
      email: customer.email,
      password: customer.password,
    })
    try {
      await phone.awaitInSync()
      await expect.poll(() => phone.replication().stream.connected$.value, { timeout: 5000 }).toBe(true)
      await phone.awaitInSync()
      const items: string[] = []
      const watch = phone
        .replication()
        .stream.resync.slots.subscribe((item) => items.push(item === 'RESYNC' ? item : 'documents'))
      try {
        const near = await seed.createSlot({ hoursFromNow: 5 })
        await eventually(async () => expect((await storedIds(phone)).has(near.id)).toBe(true), 5000)
        expect(items).toContain('documents')

        items.length = 0
        const far = await seed.createSlot({ hoursFromNow: 20 * DAY_HOURS })
        await eventually(async () => expect(items).toContain('RESYNC'), 5000)
        expect(items).not.toContain('documents')
        await phone.awaitInSync()
        expect((await storedIds(phone)).has(far.id)).toBe(false)
      } finally {
        watch.unsubscribe()
      }
    } finally {
      await phone.close()
    }
  })
})
