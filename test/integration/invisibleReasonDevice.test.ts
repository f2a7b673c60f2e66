/**
 * The provider's device holds a reason of only invisible characters (zero-width spaces) to the
 * server's rule (shared/visibleText.ts): it is no reason, so the cancellation is refused before it is
 * saved, as a blank one is, instead of being saved and then refused by the server.
 */
import { describe, expect, it } from 'vitest'
import { newCustomerRequest } from '../helpers/bookingRequests.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'

const suite = deviceSuite()

describe("a provider's reason of only invisible characters, on the device", () => {
  it('is refused before saving, as a blank one is, and the booking stays as it was', async () => {
    const { id } = await newCustomerRequest(suite.server, 70)
    const phone = await suite.device(suite.server.seed.providerA, 'zero-width-reason')
    await eventually(async () => expect(await phone.booking(id)).not.toBeNull())
    for (const reason of ['\u200B\u200B', ' \u2060\uFEFF ']) {
      await expect(phone.bookings.setStatus(id, 'CANCELLED', reason)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'reason' },
      })
    }
    expect(await phone.booking(id)).toMatchObject({ status: 'PENDING' })
    expect((await phone.booking(id))?.localPending).toBeFalsy()
    const { rows } = await suite.server.db.query('SELECT status FROM bookings WHERE id = $1', [id])
    expect(rows).toEqual([{ status: 'PENDING' }])
  }, 60_000)
})
