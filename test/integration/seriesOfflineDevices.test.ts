/**
 * A weekly series booked offline, through the web client's own data layer on headless devices
 * (client/data: the series outbox in a local document, sent by replication.ts when the device
 * reconnects): a competitor takes one week meanwhile; "book what is free" books the others and reports
 * the full one, "all or nothing" books none; a lost answer and two tabs sending the same series book
 * it once; the series survives a restart of the app while offline; a 429 means "later", not refused.
 * Devices are closed after each test (RxDB's free build allows thirteen collections per process).
 */
import { firstValueFrom, filter as keep, timeout } from 'rxjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { QueuedSeries } from '../../client/data/api.js'
import { seriesOutbox } from '../../client/data/seriesOutbox.js'
import type { SeriesMode } from '../../shared/bookingOperations.js'
import type { Slot } from '../../shared/schemas.js'
import type { Device } from '../helpers/deviceClient.js'
import { openDevice } from '../helpers/deviceClient.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { startDroppingProxy } from '../helpers/droppingProxy.js'
import { eventually } from '../helpers/eventually.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'
import { weeklySlots } from '../helpers/weeklySlots.js'

const WEEKS = 4
const TAKEN = 2
const TEST_MS = 60_000
const suite = deviceSuite()
let hour = 0
/** Each test's weekly slots at their own hour, so no series matches another test's slots. */
const nextStart = () => 2 + ++hour / 24

async function seriesSlots(server: TestServer = suite.server): Promise<Slot[]> {
  return weeklySlots(server.seed, { weeks: WEEKS, daysFromNow: nextStart(), maxBookings: 1 })
}

/** Another customer books `slot` over REST while the device is offline. */
async function competitorTakes(slot: Slot, server: TestServer = suite.server): Promise<void> {
  const rival = await server.seed.createCustomer('rival')
  const res = await server.api(await server.signIn(rival.email)).post('/api/bookings', { slotId: slot.id })
  expect(res.status).toBe(201)
}

async function queueOffline(phone: Device, first: Slot, mode: SeriesMode): Promise<QueuedSeries> {
  phone.goOffline()
  return phone.series.queueSeries({ firstSlotId: first.id, weeks: WEEKS, mode, notes: '' })
}

async function stored(phone: Device, id: string): Promise<QueuedSeries | undefined> {
  return (await seriesOutbox(phone.db).current()).find((s) => s.id === id)
}

/** The series once answered, and the device once it has pulled what the answer booked. */
async function answered(phone: Device, id: string): Promise<QueuedSeries> {
  const series = await eventually(async () => {
    const found = await stored(phone, id)
    expect(found?.state).toBe('answered')
    return found as QueuedSeries
  }, 30_000)
  await phone.awaitInSync(30_000)
  return series
}

/** The device's pending-changes count, once it reads `expected` (fails after 10 s). */
async function pendingChangesReach(phone: Device, expected: number): Promise<number> {
  const status = await firstValueFrom(
    phone.replication().status$.pipe(
      keep((s) => s.pendingChanges === expected),
      timeout(10_000),
    ),
  )
  return status.pendingChanges
}

async function activeSlotIds(server: TestServer, customer: TestUser): Promise<string[]> {
  const { rows } = await server.db.query<{ slot_id: string }>(
    `SELECT slot_id FROM bookings WHERE customer_id = $1 AND status IN ('PENDING', 'CONFIRMED') AND NOT deleted`,
    [customer.id],
  )
  return rows.map((r) => r.slot_id).sort()
}

const codes = (series: QueuedSeries) => series.result?.occurrences.map((o) => o.code ?? 'BOOKED')

describe('a series booked offline', () => {
  it('book what is free: waits on the device, then books every week but the one taken meanwhile', {
    timeout: TEST_MS,
  }, async () => {
    const slots = await seriesSlots()
    const customer = await suite.server.seed.createCustomer('series-free')
    const phone = await suite.device(customer, 'series-free')

    const queued = await queueOffline(phone, slots[0] as Slot, 'BOOK_WHAT_IS_FREE')
    expect(queued.state).toBe('waiting')
    expect(queued.planned.map((w) => w.slotId)).toEqual(slots.map((s) => s.id))
    expect(await pendingChangesReach(phone, 1)).toBe(1)
    // Shown as waiting, never as a seat the server has not given.
    for (const slot of slots) expect((await phone.slot(slot.id))?.displayedBookings).toBe(0)
    await competitorTakes(slots[TAKEN] as Slot)

    phone.goOnline()
    const done = await answered(phone, queued.id)
    expect(codes(done)).toEqual(['BOOKED', 'BOOKED', 'SLOT_FULL', 'BOOKED'])
    expect(done.result?.booked).toBe(WEEKS - 1)
    const held = slots.filter((_, i) => i !== TAKEN).map((s) => s.id)
    expect(await activeSlotIds(suite.server, customer)).toEqual([...held].sort())
    expect(await pendingChangesReach(phone, 0)).toBe(0)
    await eventually(async () => {
      for (const id of held) expect((await phone.slot(id))?.displayedBookings).toBe(1)
    })
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('all or nothing: one week taken meanwhile, so no week is booked and every week says why', {
    timeout: TEST_MS,
  }, async () => {
    const slots = await seriesSlots()
    const customer = await suite.server.seed.createCustomer('series-all')
    const phone = await suite.device(customer, 'series-all')

    const queued = await queueOffline(phone, slots[0] as Slot, 'ALL_OR_NOTHING')
    await competitorTakes(slots[TAKEN] as Slot)
    phone.goOnline()

    const done = await answered(phone, queued.id)
    expect(codes(done)).toEqual(['ROLLED_BACK', 'ROLLED_BACK', 'SLOT_FULL', 'ROLLED_BACK'])
    expect(done.result?.booked).toBe(0)
    expect(await activeSlotIds(suite.server, customer)).toEqual([])
    const { rows } = await suite.server.db.query<{ current_bookings: number }>(
      'SELECT current_bookings FROM slots WHERE id = ANY($1) ORDER BY start_time',
      [slots.map((s) => s.id)],
    )
    expect(rows.map((r) => r.current_bookings)).toEqual([0, 0, 1, 0])
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('a series the server refuses as a whole (its first slot deleted meanwhile) ends refused, nothing booked', {
    timeout: TEST_MS,
  }, async () => {
    const slots = await seriesSlots()
    const customer = await suite.server.seed.createCustomer('series-refused')
    const phone = await suite.device(customer, 'series-refused')
    const queued = await queueOffline(phone, slots[0] as Slot, 'BOOK_WHAT_IS_FREE')
    const provider = suite.server.api(await suite.server.signIn(suite.server.seed.providerA.email))
    expect((await provider.delete(`/api/slots/${(slots[0] as Slot).id}`)).status).toBe(200)

    phone.goOnline()
    await eventually(async () => {
      expect(await stored(phone, queued.id)).toMatchObject({
        state: 'refused',
        refusal: { code: 'SLOT_NOT_FOUND' },
      })
    }, 30_000)
    expect(await pendingChangesReach(phone, 0)).toBe(0)
    expect(await activeSlotIds(suite.server, customer)).toEqual([])
  })

  it('survives a restart of the app while offline, and is sent after it', { timeout: TEST_MS }, async () => {
    const slots = await seriesSlots()
    const customer = await suite.server.seed.createCustomer('series-restart')
    const phone = await suite.device(customer, 'series-restart')
    const queued = await queueOffline(phone, slots[0] as Slot, 'BOOK_WHAT_IS_FREE')
    await phone.close()

    const again = await suite.device(customer, 'series-restart', {
      inSync: false,
      offline: true,
      storage: phone.storage,
    })
    expect(await stored(again, queued.id)).toMatchObject({ state: 'waiting', planned: queued.planned })
    expect(await pendingChangesReach(again, 1)).toBe(1)
    expect(await activeSlotIds(suite.server, customer)).toEqual([])

    again.goOnline()
    expect((await answered(again, queued.id)).result?.booked).toBe(WEEKS)
    expect(await activeSlotIds(suite.server, customer)).toEqual(slots.map((s) => s.id).sort())
  })

  it('two tabs sending the same series book it once, with the same outcome', {
    timeout: TEST_MS,
  }, async () => {
    const slots = await seriesSlots()
    const customer = await suite.server.seed.createCustomer('series-tabs')
    const tab1 = await suite.device(customer, 'series-tabs-1')
    const tab2 = await suite.device(customer, 'series-tabs-2')
    const queued = await queueOffline(tab1, slots[0] as Slot, 'BOOK_WHAT_IS_FREE')
    // The other tab holds the very same series (a shared outbox, both sending on reconnect).
    tab2.goOffline()
    await seriesOutbox(tab2.db).queue(queued.request)

    tab1.goOnline()
    tab2.goOnline()
    const [first, second] = await Promise.all([answered(tab1, queued.id), answered(tab2, queued.id)])
    expect(second.result).toEqual(first.result)
    expect(first.result?.booked).toBe(WEEKS)
    expect(await activeSlotIds(suite.server, customer)).toEqual(slots.map((s) => s.id).sort())
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('an answer lost on the way is sent again and books the series once', { timeout: TEST_MS }, async () => {
    const slots = await seriesSlots()
    const customer = await suite.server.seed.createCustomer('series-lost')
    let drops = 1
    const proxy = await startDroppingProxy({
      target: suite.server.url,
      shouldDrop: (method, path) => method === 'POST' && path === '/api/bookings/series' && drops-- > 0,
    })
    const phone = await suite.device(customer, 'series-lost', { baseUrl: proxy.url })
    try {
      const queued = await queueOffline(phone, slots[0] as Slot, 'BOOK_WHAT_IS_FREE')
      phone.goOnline()
      const done = await answered(phone, queued.id)
      expect(proxy.dropped()).toBe(1)
      expect(done.result?.booked).toBe(WEEKS)
      expect(await activeSlotIds(suite.server, customer)).toEqual(slots.map((s) => s.id).sort())
      const series = await suite.server.db.query('SELECT id FROM booking_series WHERE customer_id = $1', [
        customer.id,
      ])
      expect(series.rows).toHaveLength(1)
    } finally {
      // The device first: its stream goes through the proxy.
      await phone.close()
      await proxy.close()
    }
  })
})

describe('a series sent to a server that answers 429', () => {
  let limited: TestServer | undefined
  let phone: Device | undefined
  afterEach(async () => {
    vi.restoreAllMocks()
    await phone?.close()
    await limited?.close()
  })

  it('waits for Retry-After and is booked, never refused', { timeout: 90_000 }, async () => {
    limited = await startTestServer({ RATE_LIMIT_WRITES_PER_USER: 2, RATE_LIMIT_WINDOW_MS: 5000 })
    const server = limited
    const slots = await seriesSlots(server)
    const customer = await server.seed.createCustomer('series-limited')
    phone = await openDevice({ baseUrl: server.url, email: customer.email, password: customer.password })
    await phone.awaitInSync()
    const queued = await queueOffline(phone, slots[0] as Slot, 'BOOK_WHAT_IS_FREE')

    // The customer's writes are used up while the device is offline.
    const refusedSeries = countSeries429()
    const api = server.api(phone.session.token)
    for (let i = 0; i < 10; i++) if ((await api.post('/api/bookings', {})).status === 429) break
    phone.goOnline()
    await eventually(async () => expect(refusedSeries()).toBeGreaterThanOrEqual(1), 20_000)
    expect((await stored(phone, queued.id))?.state).toBe('waiting')

    expect((await answered(phone, queued.id)).result?.booked).toBe(WEEKS)
    expect(await activeSlotIds(server, customer)).toEqual(slots.map((s) => s.id).sort())
  })
})

/** Counts the server's 429 answers to POST /api/bookings/series seen by this process's fetch. */
function countSeries429(): () => number {
  let seen = 0
  const realFetch = globalThis.fetch
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init)
    const url = String(input instanceof Request ? input.url : input)
    if (response.status === 429 && url.endsWith('/api/bookings/series')) seen++
    return response
  })
  return () => seen
}
