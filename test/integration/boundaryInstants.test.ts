/**
 * Dates and instants that the ISO form (and so the schema) accepts but PostgreSQL may not: year 0
 * (PostgreSQL has none: 1 BC comes before 1 AD), an offset that moves 0001-01-01 into year 0 in
 * UTC, and the end of year 9999. Every endpoint that takes a date or an instant answers them with
 * a 2xx or a 4xx in the documented shape, never a 5xx, and logs no server error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestServer, startTestServer } from '../helpers/testServer.js'
import { serverLog } from '../helpers/serverLog.js'
import { BOUNDARY_DATES, BOUNDARY_INSTANTS } from '../torture/hostileValues.js'

let server: TestServer
const log = serverLog()
beforeAll(async () => {
  server = await startTestServer({}, { logger: log.logger })
})
afterAll(async () => {
  await server?.close()
})

interface Probe {
  who: 'customer' | 'provider'
  method: 'get' | 'post'
  path: string
  body?: unknown
}

/** Later instant of the pair: the value itself, or an ordinary one after it. */
const later = (value: string) => (value.startsWith('9999') ? value : '2030-01-01T00:00:00Z')
const earlier = (value: string) => (value.startsWith('9999') ? '2030-01-01T00:00:00Z' : value)

function instantProbes(value: string, providerId: string, serviceId: string): Probe[] {
  const from = encodeURIComponent(earlier(value))
  const to = encodeURIComponent(later(value))
  const checkpoint = (fields: Record<string, unknown>) =>
    encodeURIComponent(JSON.stringify({ since: '1:1:', until: null, after: null, ...fields }))
  return [
    { who: 'customer', method: 'get', path: `/api/slots?from=${from}&to=${to}` },
    { who: 'customer', method: 'get', path: `/api/bookings?from=${from}&to=${to}` },
    { who: 'provider', method: 'get', path: `/api/audit?from=${from}&to=${to}` },
    { who: 'provider', method: 'get', path: `/api/providers/${providerId}/stats?from=${from}&to=${to}` },
    { who: 'customer', method: 'get', path: `/api/replication/slots/window?from=${from}&to=${to}` },
    {
      who: 'customer',
      method: 'get',
      path: `/api/replication/slots/pull?checkpoint=${checkpoint({ horizon: value })}`,
    },
    {
      who: 'customer',
      method: 'get',
      path: `/api/replication/slots/pull?checkpoint=${checkpoint({ until: '2:2:', horizon: later(value), band: earlier(value) })}`,
    },
    {
      who: 'provider',
      method: 'post',
      path: '/api/slots',
      body: { serviceId, startTime: earlier(value), endTime: later(value), maxBookings: 1 },
    },
    {
      who: 'provider',
      method: 'post',
      path: '/api/bookings/cancel-range',
      body: { from: earlier(value), to: later(value), reason: 'probe' },
    },
  ]
}

function dateProbes(value: string, providerId: string, serviceId: string, slotId: string): Probe[] {
  const to = value.startsWith('9999') ? value : '2030-01-01'
  const from = value.startsWith('9999') ? '2030-01-01' : value
  return [
    { who: 'provider', method: 'get', path: `/api/providers/${providerId}/insights?from=${from}&to=${to}` },
    {
      who: 'provider',
      method: 'get',
      path: `/api/providers/${providerId}/insights.csv?from=${from}&to=${to}`,
    },
    {
      who: 'provider',
      method: 'post',
      path: '/api/slots/recurring',
      body: {
        serviceId,
        fromDate: from,
        toDate: to,
        weekdays: [1],
        startTimes: ['09:00'],
        durationMinutes: 30,
        maxBookings: 1,
      },
    },
    {
      who: 'customer',
      method: 'post',
      path: '/api/bookings/series',
      body: { firstSlotId: slotId, until: value, mode: 'BOOK_WHAT_IS_FREE', notes: '' },
    },
  ]
}

describe('dates and instants at the edges of the ISO form', () => {
  it('are answered 2xx or 4xx in the documented shape, never 5xx, with no server error logged', async () => {
    const { seed } = server
    const tokens = {
      customer: await server.signIn(seed.customerA.email),
      provider: await server.signIn(seed.providerA.email),
    }
    const slot = await seed.createSlot({ maxBookings: 3 })
    const probes = [
      ...BOUNDARY_INSTANTS.flatMap((value) => instantProbes(value, seed.providerA.id, seed.serviceA.id)),
      ...BOUNDARY_DATES.flatMap((value) => dateProbes(value, seed.providerA.id, seed.serviceA.id, slot.id)),
    ]
    const before = log.mark()
    const failures: string[] = []
    for (const probe of probes) {
      const api = server.api(tokens[probe.who])
      const res = probe.method === 'get' ? await api.get(probe.path) : await api.post(probe.path, probe.body)
      if (res.status >= 500)
        failures.push(`${probe.method} ${probe.path} ${JSON.stringify(probe.body ?? '')} -> ${res.status}`)
      else if (res.status >= 400)
        expect(res.body, probe.path).toMatchObject({ code: expect.any(String), message: expect.any(String) })
    }
    expect(failures).toEqual([])
    const errors = log.errorsSince(before)
    expect(errors).toEqual([])
  })
})
