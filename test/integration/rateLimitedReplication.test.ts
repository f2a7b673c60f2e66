/**
 * A rate-limited device (429 on push or pull) through the client's real replication module
 * (client/data/replication.ts on headless RxDB): the 429 means "later", so the request is retried
 * after Retry-After and the booking reaches the server; it never becomes a REJECTED booking.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Device, openDevice } from '../helpers/deviceClient.js'
import { type ApiResponse, type TestServer, startTestServer } from '../helpers/testServer.js'
import { eventually } from '../helpers/eventually.js'

const servers: TestServer[] = []
const devices: Device[] = []

afterEach(async () => {
  vi.restoreAllMocks()
  await Promise.all(devices.splice(0).map((d) => d.close()))
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

/** Counts the server's 429 answers to requests whose URL contains `part`, seen by every fetch in this process. */
function count429(part: string): () => number {
  let seen = 0
  const realFetch = globalThis.fetch
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init)
    if (response.status === 429 && String(input instanceof Request ? input.url : input).includes(part)) seen++
    return response
  })
  return () => seen
}

async function serverBooking(server: TestServer, id: string) {
  const { rows } = await server.db.query<{ status: string; rejection_reason: string | null }>(
    'SELECT status, rejection_reason FROM bookings WHERE id = $1',
    [id],
  )
  return rows[0] ?? null
}

/**
 * Spends the user's allowance with `request` until it is answered 429 with at least `minSeconds` of
 * the window left (a window about to end is waited out and spent again), so that the device's next
 * request of that kind is refused whatever the machine's speed.
 */
async function exhaust(request: () => Promise<ApiResponse>, minSeconds: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const res = await request()
    if (res.status !== 429) continue
    const seconds = Number(res.headers.get('retry-after'))
    if (seconds >= minSeconds) return
    await new Promise((r) => setTimeout(r, seconds * 1000))
  }
  throw new Error('the limit was never reached')
}

describe('a device that is rate limited', () => {
  it('retries a push answered 429 after Retry-After; the booking is stored, not rejected', async () => {
    const server = await startTestServer({ RATE_LIMIT_PUSHES_PER_USER: 2, RATE_LIMIT_WINDOW_MS: 10_000 })
    servers.push(server)
    const pushes429 = count429('/push')
    const customer = server.seed.customerA
    const device = await openDevice({
      baseUrl: server.url,
      email: customer.email,
      password: customer.password,
    })
    devices.push(device)
    await device.awaitInSync()
    const slot = server.seed.slots.five
    await eventually(async () => expect(await device.slot(slot.id)).not.toBeNull(), 20_000)

    // Booked offline; meanwhile the same user's pushes use up the window.
    device.goOffline()
    const booking = await device.bookings.book(slot.id, 'while limited')
    const api = server.api(device.session.token)
    await exhaust(() => api.post('/api/replication/bookings/push', []), 5)
    const refusedBefore = pushes429()
    device.goOnline()
    await eventually(async () => expect(pushes429()).toBeGreaterThan(refusedBefore), 20_000)
    // Refused for now: the device keeps the booking as written, pending, not rejected.
    expect(await device.booking(booking.id)).toMatchObject({ status: 'PENDING', rejectionReason: null })
    expect(await serverBooking(server, booking.id)).toBeNull()

    await device.awaitInSync(30_000)
    expect(await serverBooking(server, booking.id)).toEqual({ status: 'PENDING', rejection_reason: null })
    expect(await device.booking(booking.id)).toMatchObject({ status: 'PENDING', rejectionReason: null })
    expect(device.rejections.notices$.value).toEqual([])
    expect((await device.slot(slot.id))?.displayedBookings).toBe(1)
  }, 90_000)

  it('retries pulls answered 429 and still converges on the server’s state', async () => {
    const server = await startTestServer({ RATE_LIMIT_READS_PER_USER: 6, RATE_LIMIT_WINDOW_MS: 10_000 })
    servers.push(server)
    const pulls429 = count429('/pull')
    const customer = server.seed.customerB
    const device = await openDevice({
      baseUrl: server.url,
      email: customer.email,
      password: customer.password,
    })
    devices.push(device)
    await device.awaitInSync()
    const provider = await server.signIn(server.seed.providerA.email)
    const slot = server.seed.slots.five
    const booked = await server
      .api(device.session.token)
      .post<{ id: string }>('/api/bookings', { slotId: slot.id })
    expect(booked.status).toBe(201)
    await eventually(async () => expect(await device.booking(booked.body.id)).not.toBeNull(), 20_000)

    // The customer's reads are used up; the provider then cancels the booking. The booking itself may
    // reach the device on the stream (issue 15), but the notification that tells the customer is a
    // plain wake-up: the device must pull it, and that pull is answered 429 for now.
    const api = server.api(device.session.token)
    await exhaust(() => api.get('/api/bookings'), 5)
    const cancel = { status: 'CANCELLED', reason: 'Closed for the day' }
    expect((await server.api(provider).patch(`/api/bookings/${booked.body.id}`, cancel)).status).toBe(200)
    await eventually(async () => expect(pulls429()).toBeGreaterThanOrEqual(1), 20_000)
    await eventually(async () => {
      expect(await device.booking(booked.body.id)).toMatchObject({ status: 'CANCELLED' })
      const notices = await device.db.notifications.find({ selector: { bookingId: booked.body.id } }).exec()
      expect(notices.length).toBeGreaterThanOrEqual(1)
    }, 30_000)
  }, 90_000)
})
