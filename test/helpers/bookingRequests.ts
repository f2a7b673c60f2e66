/** Booking requests made over the API, for tests of what a provider does with them. */
import type { TestServer, TestUser } from './testServer.js'

/**
 * A PENDING booking (a request: provider A confirms by hand) of a new customer on a new slot of
 * provider A, `hoursFromNow` ahead.
 */
export async function newCustomerRequest(
  server: TestServer,
  hoursFromNow: number,
): Promise<{ id: string; customer: TestUser }> {
  const { seed } = server
  const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3, hoursFromNow })
  const customer = await seed.createCustomer()
  const res = await server.api(await server.signIn(customer.email)).post('/api/bookings', { slotId: slot.id })
  if (res.status !== 201 || res.body.status !== 'PENDING')
    throw new Error(`expected a PENDING booking, got ${res.status} ${JSON.stringify(res.body)}`)
  return { id: res.body.id, customer }
}
