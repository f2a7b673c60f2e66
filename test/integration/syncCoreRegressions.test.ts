/**
 * Regressions of the sync core, each driven through the web client's own code (client/data: RxDB's
 * replicateRxCollection over the Dexie storage, the change stream) against a real server:
 *  1. a pull window of exactly a multiple of the page size must not stall the device for good;
 *  2. checkpoints that look like snapshots but are not valid ones are the client's error (400);
 *  3. the session token never reaches the server's log (the stream sends it in a header).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { serverApi } from '../../client/data/serverApi.js'
import { DomainError } from '../../shared/errors.js'
import { type Device, openDevice } from '../helpers/deviceClient.js'
import { type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'
import { serverLog } from '../helpers/serverLog.js'
import { eventually } from '../helpers/eventually.js'

const log = serverLog()
let server: TestServer
const devices: Device[] = []

beforeAll(async () => {
  server = await startTestServer({}, { logger: log.logger })
})
afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.close()))
})
afterAll(async () => {
  await server?.close()
})

async function bookThroughRest(customer: TestUser, slotId: string): Promise<string> {
  const token = await server.signIn(customer.email)
  const id = randomUUID()
  const res = await server.api(token).post('/api/bookings', { id, slotId, notes: '' })
  expect(res.status).toBe(201)
  return id
}

describe('1. a pull window that is an exact multiple of the page size', () => {
  for (const [bookings, pageSize] of [
    [4, 2],
    [6, 3],
    [2, 2],
  ] as const) {
    it(`${bookings} changes with pages of ${pageSize}: the device keeps receiving later changes`, async () => {
      const customer = await server.seed.createCustomer()
      const slots = await Promise.all(
        Array.from({ length: bookings + 1 }, () => server.seed.createSlot({ maxBookings: 10 })),
      )
      const early: string[] = []
      for (const slot of slots.slice(0, bookings)) early.push(await bookThroughRest(customer, slot.id))

      const device = await openDevice({
        baseUrl: server.url,
        email: customer.email,
        password: customer.password,
        pullBatchSize: pageSize,
      })
      devices.push(device)
      await device.awaitInSync()
      for (const id of early) expect(await device.booking(id)).not.toBeNull()

      // Made after the initial sync: announced by the stream, pulled with the stored checkpoint.
      const later = await bookThroughRest(customer, (slots.at(-1) as { id: string }).id)
      await eventually(async () => expect(await device.booking(later)).not.toBeNull())
    })
  }
})

describe('2. checkpoints PostgreSQL would not accept', () => {
  const invalid = [
    { since: '5:3:', until: null, after: null },
    { since: '0:0:', until: null, after: null },
    { since: '10:20:25', until: null, after: null },
    { since: '10:20:15,12', until: null, after: null },
    { since: null, until: '3:2:', after: null },
    { since: '1:1:', until: '1:1:', after: { xid: '99999999999999999999', id: randomUUID() } },
    // xmin or xmax whose 32-bit part is 0 (InvalidTransactionId in any epoch): PostgreSQL refuses them.
    { since: '4294967296:4294967300:', until: null, after: null },
    { since: null, until: '4294967297:8589934592:', after: null },
  ]
  for (const checkpoint of invalid) {
    it(`refuses ${JSON.stringify(checkpoint)} with 400 and logs no server error`, async () => {
      const token = await server.signIn(server.seed.customerA.email)
      const api = serverApi({ baseUrl: server.url, token })
      const before = log.mark()
      const query = new URLSearchParams({ batchSize: '10', checkpoint: JSON.stringify(checkpoint) })
      const error = await api.get(`/api/replication/slots/pull?${query}`).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DomainError)
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
      const raw = await server.api(token).get(`/api/replication/bookings/pull?${query}`)
      expect(raw.status).toBe(400)
      expect(raw.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) })
      expect(raw.body.details).toBeDefined()
      const errors = log.errorsSince(before)
      expect(errors).toEqual([])
    })
  }
})

describe('3. no session token in the log', () => {
  it("the device's live stream authenticates by header; a token put in a URL is logged redacted and refused", async () => {
    const customer = await server.seed.createCustomer()
    const device = await openDevice({
      baseUrl: server.url,
      email: customer.email,
      password: customer.password,
    })
    devices.push(device)
    await device.awaitInSync()
    await eventually(async () => expect(device.replication().stream.connected$.value).toBe(true))
    const token = device.session.token

    const inUrl = await fetch(`${server.url}/api/replication/stream?access_token=${token}`)
    expect(inUrl.status).toBe(401)
    await inUrl.body?.cancel()

    const text = log.text()
    expect(text).toContain('/api/replication/stream')
    expect(text).toContain('access_token=%5Bredacted%5D')
    expect(text).not.toContain(token)
  })
})
