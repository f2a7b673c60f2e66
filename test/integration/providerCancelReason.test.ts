/**
 * A provider cancels or declines a booking only with a reason, which the customer is shown
 * (shared/policy.ts statusNeedsReason, README "Cancelling"). The rule was checked only by the REST
 * route (PATCH /api/bookings/:id): a bulk cancel or decline without a reason, and a provider device
 * pushing a cancellation without one, were applied and the customer was told nothing. Now the status
 * command asks it for every path, and the device asks it before it saves the change.
 */
import { describe, expect, it } from 'vitest'
import { newCustomerRequest } from '../helpers/bookingRequests.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'

const suite = deviceSuite()

const bookedOnce = async (hoursFromNow: number) => (await newCustomerRequest(suite.server, hoursFromNow)).id

async function storedStatus(id: string): Promise<{ status: string; status_reason: string | null }> {
  const { rows } = await suite.server.db.query<{ status: string; status_reason: string | null }>(
    'SELECT status, status_reason FROM bookings WHERE id = $1',
    [id],
  )
  return rows[0] ?? { status: 'missing', status_reason: null }
}

describe("a provider's cancellation needs a reason on every path", () => {
  it('bulk cancel and decline without a reason (or a blank one): 400 on body.reason, nothing changed', async () => {
    const { seed } = suite.server
    const provider = suite.server.api(await suite.server.signIn(seed.providerA.email))
    const [one, two] = [await bookedOnce(50), await bookedOnce(51)]
    for (const body of [
      { action: 'CANCEL', ids: [one, two] },
      { action: 'DECLINE', ids: [one], reason: '   ' },
      { action: 'CANCEL', ids: [one, two], atomicity: 'ALL_OR_NOTHING' },
    ]) {
      const res = await provider.post('/api/bookings/bulk', body)
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED'])
      expect(res.body.details.map((issue: { path: string[] }) => issue.path.join('.'))).toEqual([
        'body.reason',
      ])
    }
    expect([await storedStatus(one), await storedStatus(two)]).toEqual([
      { status: 'PENDING', status_reason: null },
      { status: 'PENDING', status_reason: null },
    ])
    // With one, both go, and the customers are shown it.
    const res = await provider.post('/api/bookings/bulk', {
      action: 'CANCEL',
      ids: [one, two],
      reason: 'Closed',
    })
    expect(res.body.applied).toBe(2)
    expect(await storedStatus(two)).toEqual({ status: 'CANCELLED', status_reason: 'Closed' })
  })

  it("the device refuses a provider's cancel without a reason before saving it", async () => {
    const id = await bookedOnce(52)
    const phone = await suite.device(suite.server.seed.providerA, 'no-reason-form')
    await eventually(async () => expect(await phone.booking(id)).not.toBeNull())
    await expect(phone.bookings.setStatus(id, 'CANCELLED', ' ')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect(await phone.booking(id)).toMatchObject({ status: 'PENDING' })
    expect((await phone.booking(id))?.localPending).toBeFalsy()
  }, 60_000)

  it('a cancellation without a reason pushed by a provider device is refused, and the device lands on the server state', async () => {
    const id = await bookedOnce(53)
    const phone = await suite.device(suite.server.seed.providerA, 'no-reason-push')
    await eventually(async () => expect(await phone.booking(id)).not.toBeNull())
    // As an older client wrote it (one from before the device asked): straight into its database.
    const doc = await phone.db.bookings.findOne(id).exec()
    await doc?.incrementalPatch({ status: 'CANCELLED', localPending: true })
    await eventually(async () => {
      const held = await phone.booking(id)
      expect(held).toMatchObject({ status: 'PENDING' })
      expect(held?.localPending).toBeFalsy()
    }, 20_000)
    expect(await storedStatus(id)).toEqual({ status: 'PENDING', status_reason: null })
    await phone.awaitInSync(20_000)
  }, 60_000)
})
