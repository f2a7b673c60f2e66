/**
 * A slot is at most 24 hours long and starts at most 5 years ahead (shared/slotLimits.ts), however it
 * is made: POST /api/slots, a weekly pattern, a provider's offline slot pushed later. Outside them it
 * is refused 400 VALIDATION_FAILED naming the field, and nothing is created; a three-year slot no
 * longer blocks every later slot of its provider.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_SLOT_AHEAD_DAYS, MAX_SLOT_MINUTES } from '../../shared/slotLimits.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

const DAY = 86_400_000
let server: TestServer
let provider: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  provider = server.api(await server.signIn(server.seed.providerA.email))
})
afterAll(async () => {
  await server?.close()
})

/** An hour on a whole hour `days` from now. */
function hourAt(days: number, lengthMinutes = 60) {
  const start = Math.ceil((Date.now() + days * DAY) / 3_600_000) * 3_600_000
  return {
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + lengthMinutes * 60_000).toISOString(),
  }
}

async function slotCount(): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM slots WHERE provider_id = $1',
    [server.seed.providerA.id],
  )
  return rows[0]?.n ?? 0
}

describe('POST /api/slots', () => {
  it('refuses a slot longer than 24 hours, naming endTime; a slot of exactly 24 hours is made', async () => {
    const before = await slotCount()
    const long = await provider.post('/api/slots', {
      serviceId: server.seed.serviceA.id,
      ...hourAt(300, 3 * 365 * 24 * 60),
      maxBookings: 1,
    })
    expect([long.status, long.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(long.body.details).toEqual([expect.objectContaining({ path: ['endTime'] })])
    expect(long.body.message).toMatch(/endTime/)
    expect(await slotCount()).toBe(before)
    const day = await provider.post('/api/slots', {
      serviceId: server.seed.serviceA.id,
      ...hourAt(310, MAX_SLOT_MINUTES),
      maxBookings: 1,
    })
    expect(day.status).toBe(201)
  })

  it('refuses a start beyond the horizon (the year 9999 too), naming startTime', async () => {
    for (const slot of [
      hourAt(MAX_SLOT_AHEAD_DAYS + 2),
      { startTime: '9999-12-30T10:00:00.000Z', endTime: '9999-12-30T11:00:00.000Z' },
    ]) {
      const res = await provider.post('/api/slots', {
        serviceId: server.seed.serviceA.id,
        ...slot,
        maxBookings: 1,
      })
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED'])
      expect(res.body.details).toEqual([expect.objectContaining({ path: ['startTime'] })])
    }
    const near = await provider.post('/api/slots', {
      serviceId: server.seed.serviceA.id,
      ...hourAt(MAX_SLOT_AHEAD_DAYS - 2),
      maxBookings: 1,
    })
    expect(near.status).toBe(201)
  })
})

describe('POST /api/slots/recurring', () => {
  it('refuses a pattern whose days reach beyond the horizon, naming toDate', async () => {
    const from = new Date(Date.now() + (MAX_SLOT_AHEAD_DAYS - 10) * DAY).toISOString().slice(0, 10)
    const to = new Date(Date.now() + (MAX_SLOT_AHEAD_DAYS + 20) * DAY).toISOString().slice(0, 10)
    const before = await slotCount()
    const res = await provider.post('/api/slots/recurring', {
      serviceId: server.seed.serviceA.id,
      fromDate: from,
      toDate: to,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTimes: ['09:00'],
      durationMinutes: 60,
      maxBookings: 1,
    })
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(res.body.details).toEqual([expect.objectContaining({ path: ['toDate'] })])
    expect(await slotCount()).toBe(before)
  })
})

describe("a provider's offline slot pushed later", () => {
  it('is refused by the same rule, and not created', async () => {
    const id = randomUUID()
    const slot = hourAt(200, 2 * 24 * 60)
    const now = new Date().toISOString()
    const doc = {
      id,
      providerId: server.seed.providerA.id,
      serviceId: server.seed.serviceA.id,
      providerName: '',
      serviceName: '',
      ...slot,
      maxBookings: 1,
      currentBookings: 0,
      blocked: false,
      isBooked: false,
      isAvailable: true,
      seatTags: [],
      rev: null,
      createdAt: now,
      updatedAt: now,
      _deleted: false,
    }
    const pushed = await provider.post('/api/replication/slots/push', [{ newDocumentState: doc }])
    expect(pushed.status).toBe(200)
    expect(pushed.body[0]).toMatchObject({ id, _deleted: true, refusal: { code: 'VALIDATION_FAILED' } })
    const { rows } = await server.db.query('SELECT 1 FROM slots WHERE id = $1', [id])
    expect(rows).toEqual([])
  })
})
