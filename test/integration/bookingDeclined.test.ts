/**
 * A booking says whether the provider declined it (`declined`): cancelled it while it was still a
 * request (PENDING), on every path through the status command (PATCH, bulk DECLINE, a provider
 * device's push). A confirmed booking the provider cancels, and a customer's own cancellation, are not
 * declines. A device pulls the field; a value a device pushes is not the server's to take.
 */
import { describe, expect, it } from 'vitest'
import { newCustomerRequest } from '../helpers/bookingRequests.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'
import type { TestUser } from '../helpers/testServer.js'

const suite = deviceSuite()

const requested = (hoursFromNow: number) => newCustomerRequest(suite.server, hoursFromNow)

async function asUser(user: Pick<TestUser, 'email'>) {
  return suite.server.api(await suite.server.signIn(user.email))
}

async function storedDeclined(id: string): Promise<boolean | undefined> {
  const { rows } = await suite.server.db.query<{ declined: boolean }>(
    'SELECT declined FROM bookings WHERE id = $1',
    [id],
  )
  return rows[0]?.declined
}

describe('a declined request says so', () => {
  it('PATCH of a PENDING booking by its provider: declined, in the answer and to the customer', async () => {
    const { id, customer } = await requested(60)
    const provider = await asUser(suite.server.seed.providerA)
    const res = await provider.patch(`/api/bookings/${id}`, { status: 'CANCELLED', reason: 'Away that week' })
    expect(res.body).toMatchObject({ status: 'CANCELLED', statusReason: 'Away that week', declined: true })
    expect((await (await asUser(customer)).get(`/api/bookings/${id}`)).body).toMatchObject({
      status: 'CANCELLED',
      declined: true,
    })
    expect(await storedDeclined(id)).toBe(true)
  })

  it('bulk DECLINE: declined', async () => {
    const [one, two] = [await requested(61), await requested(62)]
    const provider = await asUser(suite.server.seed.providerA)
    const res = await provider.post('/api/bookings/bulk', {
      action: 'DECLINE',
      ids: [one.id, two.id],
      reason: 'Fully booked week',
    })
    expect(res.body.applied).toBe(2)
    expect([await storedDeclined(one.id), await storedDeclined(two.id)]).toEqual([true, true])
  })

  it('a CONFIRMED booking the provider cancels, and a customer cancelling their own request: not declined', async () => {
    const confirmed = await requested(63)
    const provider = await asUser(suite.server.seed.providerA)
    const path = `/api/bookings/${confirmed.id}`
    expect((await provider.patch(path, { status: 'CONFIRMED' })).status).toBe(200)
    const cancelled = await provider.patch(path, { status: 'CANCELLED', reason: 'Ill today' })
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', declined: false })
    expect(await storedDeclined(confirmed.id)).toBe(false)

    const own = await requested(64)
    const mine = await (await asUser(own.customer)).patch(`/api/bookings/${own.id}`, { status: 'CANCELLED' })
    expect(mine.body).toMatchObject({ status: 'CANCELLED', declined: false })
    expect(await storedDeclined(own.id)).toBe(false)
  })

  it("the customer's device pulls declined; the provider's device declines through its push", async () => {
    const { id, customer } = await requested(65)
    const phone = await suite.device(customer, 'declined-customer')
    const providerPhone = await suite.device(suite.server.seed.providerA, 'declined-provider')
    await eventually(async () => expect(await phone.booking(id)).toMatchObject({ declined: false }))
    await eventually(async () => expect(await providerPhone.booking(id)).not.toBeNull())

    await providerPhone.bookings.setStatus(id, 'CANCELLED', 'No longer offered')
    await eventually(async () => expect(await storedDeclined(id)).toBe(true), 20_000)
    await eventually(
      async () =>
        expect(await phone.booking(id)).toMatchObject({
          status: 'CANCELLED',
          statusReason: 'No longer offered',
          declined: true,
        }),
      20_000,
    )
    await eventually(async () => {
      const held = await providerPhone.booking(id)
      expect(held).toMatchObject({ status: 'CANCELLED', declined: true })
      expect(held?.localPending).toBeFalsy()
    }, 20_000)
  }, 60_000)

  it("a declined value a device pushes is not the server's to take", async () => {
    const { id } = await requested(66)
    const provider = await asUser(suite.server.seed.providerA)
    expect((await provider.patch(`/api/bookings/${id}`, { status: 'CONFIRMED' })).status).toBe(200)
    const phone = await suite.device(suite.server.seed.providerA, 'declined-pushed')
    await eventually(async () => expect(await phone.booking(id)).toMatchObject({ status: 'CONFIRMED' }))
    // As a device that set it itself would write it: straight into its database.
    const doc = await phone.db.bookings.findOne(id).exec()
    await doc?.incrementalPatch({
      status: 'CANCELLED',
      statusReason: 'Closed',
      declined: true,
      localPending: true,
    })
    await eventually(async () => expect(await storedDeclined(id)).toBe(false), 20_000)
    await eventually(async () => {
      const held = await phone.booking(id)
      expect(held).toMatchObject({ status: 'CANCELLED', declined: false })
      expect(held?.localPending).toBeFalsy()
    }, 20_000)
    const { rows } = await suite.server.db.query<{ status: string }>(
      'SELECT status FROM bookings WHERE id = $1',
      [id],
    )
    expect(rows[0]?.status).toBe('CANCELLED')
  }, 60_000)
})
