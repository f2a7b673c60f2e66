/**
 * Numbers a provider acts on (a walk checked every figure against the database):
 *  - M1: Insights' "revenue booked" is the money of accepted bookings; requests still awaiting the
 *    provider are told apart per currency (pending, pendingRequests), and the rollup agrees.
 *  - L1: GET /api/slots/:id/stats counts a started slot's completed seats, as provider stats do.
 *  - L2: a slot holding completed bookings is the provider's record: deleting it is refused with
 *    SLOT_HAS_HISTORY, by REST and by the replication push, and nothing is deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../server/auth/accounts.js'
import { insertService } from '../../server/domain/services.js'
import { refreshInsightsRollups } from '../../server/jobs/maintenance.js'
import { insertBookingRow, insertSlotRow } from '../helpers/pastBookings.js'
import { type ApiClient, FIXTURE_PASSWORD, type TestServer, startTestServer } from '../helpers/testServer.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const PRICE = 4000

let server: TestServer
let provider: ApiClient
let providerEmail: string
let providerId: string
let serviceId: string

beforeAll(async () => {
  server = await startTestServer()
  providerEmail = 'numbers@test.example'
  const user = await createAccount(server.db, {
    email: providerEmail,
    name: 'Numbers Provider',
    role: 'provider',
    password: FIXTURE_PASSWORD,
    timeZone: 'UTC',
    autoConfirm: false,
  })
  providerId = user.id
  provider = server.api(await server.signIn(providerEmail))
  const service = await insertService(server.db, providerId, {
    name: 'Numbers check',
    durationMinutes: 60,
    priceMinor: PRICE,
    currency: 'EUR',
  })
  serviceId = service.id
})
afterAll(async () => {
  await server?.close()
})

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10)

async function upcomingSlot(daysAhead: number) {
  const start = new Date(Date.now() + daysAhead * DAY)
  start.setUTCHours(12, 0, 0, 0)
  const slot = await provider.post('/api/slots', {
    serviceId,
    startTime: start.toISOString(),
    endTime: new Date(start.getTime() + HOUR).toISOString(),
    maxBookings: 3,
  })
  expect(slot.status).toBe(201)
  return slot.body.id as string
}

async function request(email: string, slotId: string): Promise<string> {
  const customer = server.api(await server.signIn(email))
  const booked = await customer.post('/api/bookings', { slotId })
  expect(booked.body.status).toBe('PENDING')
  return booked.body.id
}

/** A slot that started two hours ago, with two completed bookings (the counter gave their seats back). */
async function startedSlotWithCompletedBookings() {
  const slotId = await insertSlotRow(server.db, {
    providerId,
    serviceId,
    start: new Date(Date.now() - 2 * HOUR).toISOString(),
    maxBookings: 3,
  })
  for (const customer of [server.seed.customerA, server.seed.customerB]) {
    await insertBookingRow(server.db, {
      slotId,
      customerId: customer.id,
      status: 'COMPLETED',
      createdAt: new Date(Date.now() - 3 * DAY).toISOString(),
    })
  }
  return slotId
}

describe('M1: revenue booked counts accepted bookings; requests awaiting the provider are apart', () => {
  it('pending money and count per currency; a decline moves a request out of pending, booked stays', async () => {
    const first = await upcomingSlot(40)
    const second = await upcomingSlot(41)
    const accepted = await request(server.seed.customerA.email, first)
    expect((await provider.patch(`/api/bookings/${accepted}`, { status: 'CONFIRMED' })).status).toBe(200)
    const waiting = await request(server.seed.customerB.email, first)
    await request(server.seed.customerA.email, second)

    const period = `from=${day(39)}&to=${day(42)}`
    const read = async () =>
      (await provider.get(`/api/providers/${providerId}/insights?${period}`)).body as {
        current: { revenue: unknown[] }
        topServices: unknown[]
      }
    const before = await read()
    expect(before.current.revenue).toEqual([
      {
        currency: 'EUR',
        booked: PRICE,
        pending: 2 * PRICE,
        pendingRequests: 2,
        completed: 0,
        lostToCancellations: 0,
        declined: 0,
      },
    ])
    expect(before.topServices).toMatchObject([
      { name: 'Numbers check', bookings: 3, revenueBooked: PRICE, revenuePending: 2 * PRICE },
    ])

    const decline = { status: 'CANCELLED', reason: 'Away that day' }
    expect((await provider.patch(`/api/bookings/${waiting}`, decline)).status).toBe(200)
    const after = await read()
    expect(after.current.revenue).toEqual([
      {
        currency: 'EUR',
        booked: PRICE,
        pending: PRICE,
        pendingRequests: 1,
        completed: 0,
        lostToCancellations: 0,
        declined: PRICE,
      },
    ])
    expect(after.topServices).toMatchObject([{ revenueBooked: PRICE, revenuePending: PRICE }])
  })

  it('the rollup of closed days gives the same figures as the live read, pending apart', async () => {
    // June 2025: long closed, so the maintenance job's refresh rolls it up.
    const slotId = await insertSlotRow(server.db, {
      providerId,
      serviceId,
      start: '2025-06-10T09:00:00Z',
      maxBookings: 3,
    })
    const [a, b] = [server.seed.customerA.id, server.seed.customerB.id]
    const made = '2025-06-01T09:00:00Z'
    await insertBookingRow(server.db, { slotId, customerId: a, status: 'PENDING', createdAt: made })
    await insertBookingRow(server.db, { slotId, customerId: b, status: 'COMPLETED', createdAt: made })
    const june = `from=2025-06-01&to=2025-06-30`
    const read = async () => (await provider.get(`/api/providers/${providerId}/insights?${june}`)).body

    const live = await read()
    expect(live.current.revenue).toEqual([
      {
        currency: 'EUR',
        booked: PRICE,
        pending: PRICE,
        pendingRequests: 1,
        completed: PRICE,
        lostToCancellations: 0,
        declined: 0,
      },
    ])
    expect(live.topServices).toMatchObject([{ revenueBooked: PRICE, revenuePending: PRICE }])

    await refreshInsightsRollups(server.db)
    const { rows } = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM insights_day_bookings WHERE provider_id = $1 AND day = '2025-06-10'`,
      [providerId],
    )
    expect(rows[0]?.n).toBe(1)
    expect(await read()).toEqual(live)
  })
})

describe('L1: one slot, one answer', () => {
  it("a started slot's completed bookings are its seats used, as provider stats count them", async () => {
    const slotId = await startedSlotWithCompletedBookings()
    const stats = await provider.get(`/api/slots/${slotId}/stats`)
    expect(stats.status).toBe(200)
    expect(stats.body).toMatchObject({ slots: 1, capacity: 3, booked: 2, free: 1 })
    const from = new Date(Date.now() - 3 * HOUR).toISOString()
    const to = new Date(Date.now() - HOUR).toISOString()
    const whole = await provider.get(`/api/providers/${providerId}/stats?from=${from}&to=${to}`)
    expect(whole.body).toMatchObject({ booked: stats.body.booked, capacity: stats.body.capacity })
  })
})

describe('L2: a session with completed bookings stays in the provider history', () => {
  const HISTORY = 'This session has 2 completed bookings; it stays in your history.'

  async function serverSlot(slotId: string) {
    const { rows } = await server.db.query<{ deleted: boolean }>('SELECT deleted FROM slots WHERE id = $1', [
      slotId,
    ])
    return rows[0]
  }

  async function auditActions(slotId: string) {
    const { rows } = await server.db.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE entity_id = $1',
      [slotId],
    )
    return rows.map((r) => r.action)
  }

  it('REST: DELETE answers 409 SLOT_HAS_HISTORY with the sentence, and deletes nothing', async () => {
    const slotId = await startedSlotWithCompletedBookings()
    const deleted = await provider.delete(`/api/slots/${slotId}`)
    expect(deleted).toMatchObject({
      status: 409,
      body: { code: 'SLOT_HAS_HISTORY', message: HISTORY, details: { completedBookings: 2 } },
    })
    expect(await serverSlot(slotId)).toEqual({ deleted: false })
    expect(await auditActions(slotId)).not.toContain('slot.deleted')
    expect((await provider.get(`/api/slots/${slotId}/stats`)).body).toMatchObject({ booked: 2 })
  })

  it("push: the offline deletion is answered with the refusal on the server's document, nothing deleted", async () => {
    const slotId = await startedSlotWithCompletedBookings()
    let checkpoint: unknown = null
    let doc: Record<string, unknown> | undefined
    for (let page = 0; page < 50 && !doc; page++) {
      const query = new URLSearchParams({ batchSize: '1000' })
      if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint))
      const { body } = await provider.get(`/api/replication/slots/pull?${query}`)
      doc = body.documents.find((d: { id: string }) => d.id === slotId)
      if (body.documents.length === 0) break
      checkpoint = body.checkpoint
    }
    if (!doc) throw new Error('slot not in the pull')
    const pushed = await provider.post('/api/replication/slots/push', [
      { assumedMasterState: doc, newDocumentState: { ...doc, _deleted: true } },
    ])
    expect(pushed.status).toBe(200)
    expect(pushed.body).toEqual([
      expect.objectContaining({
        id: slotId,
        _deleted: false,
        refusal: expect.objectContaining({ code: 'SLOT_HAS_HISTORY', field: '_deleted', message: HISTORY }),
      }),
    ])
    expect(await serverSlot(slotId)).toEqual({ deleted: false })
    expect(await auditActions(slotId)).not.toContain('slot.deleted')
  })

  it('a started slot without completed bookings may still be deleted', async () => {
    const slotId = await insertSlotRow(server.db, {
      providerId,
      serviceId,
      start: new Date(Date.now() - 2 * HOUR).toISOString(),
      maxBookings: 3,
    })
    expect((await provider.delete(`/api/slots/${slotId}`)).status).toBe(200)
    expect(await serverSlot(slotId)).toEqual({ deleted: true })
  })
})
