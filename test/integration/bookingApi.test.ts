import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Booking } from '../../shared/schemas.js'
import { startSlotNow } from '../helpers/pastBookings.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

describe('booking REST API (smoke)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.close()
  })

  it('signs in, books, moves the counter and flags, cancels and moves them back', async () => {
    const { seed } = server
    const token = await server.signIn(seed.customerA.email)
    const api = server.api(token)
    const slot = seed.slots.single

    const booked = await api.post('/api/bookings', { slotId: slot.id, notes: 'hi' })
    expect(booked.status).toBe(201)
    expect(booked.body.status).toBe('PENDING')

    const full = await api.get(`/api/slots/${slot.id}`)
    expect(full.body).toMatchObject({ currentBookings: 1, isBooked: true, isAvailable: false })

    const refused = await server
      .api(await server.signIn(seed.customerB.email))
      .post('/api/bookings', { slotId: slot.id })
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('SLOT_FULL')

    const cancelled = await api.patch(`/api/bookings/${booked.body.id}`, { status: 'CANCELLED' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('CANCELLED')
    const freed = await api.get(`/api/slots/${slot.id}`)
    expect(freed.body).toMatchObject({ currentBookings: 0, isBooked: false, isAvailable: true })
  })

  it("refuses a status change's unknown field by name, and a provider's cancellation without a reason", async () => {
    const { seed } = server
    const customer = server.api(await server.signIn(seed.customerA.email))
    const provider = server.api(await server.signIn(seed.providerA.email))
    const slot = await seed.createSlot({ maxBookings: 1, hoursFromNow: 30 })
    const booked = await customer.post('/api/bookings', { slotId: slot.id })
    expect(booked.status).toBe(201)
    const path = `/api/bookings/${booked.body.id}`

    // `statusReason` (the booking's field) for `reason`: refused, not dropped with the reason in it.
    const misnamed = await provider.patch(path, { status: 'CANCELLED', statusReason: 'Ill today.' })
    expect(misnamed.status).toBe(400)
    expect(misnamed.body).toMatchObject({ code: 'VALIDATION_FAILED', details: expect.any(Array) })
    expect(misnamed.body.message).toContain('statusReason')
    for (const reason of [undefined, '   ']) {
      const bare = await provider.patch(path, { status: 'CANCELLED', reason })
      expect(bare.status).toBe(400)
      expect(bare.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ path: ['body', 'reason'] })],
      })
      expect(bare.body.message).toMatch(/reason: is required when a provider cancels/)
    }
    expect((await provider.get(path)).body).toMatchObject({ status: 'PENDING', statusReason: null })

    const cancelled = await provider.patch(path, { status: 'CANCELLED', reason: 'Ill today.' })
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', statusReason: 'Ill today.' })
    expect((await customer.get(path)).body.statusReason).toBe('Ill today.')
  })

  it("names the customer on a provider's bookings; a customer sees only their own name", async () => {
    const { seed } = server
    const customerA = server.api(await server.signIn(seed.customerA.email))
    const customerB = server.api(await server.signIn(seed.customerB.email))
    const provider = server.api(await server.signIn(seed.providerA.email))
    const slot = seed.slots.five

    // A name sent by the client is not the server's to take.
    const mine = await customerA.post('/api/bookings', { slotId: slot.id, customerName: 'Mallory' })
    expect(mine.status).toBe(201)
    expect(mine.body.customerName).toBe(seed.customerA.name)
    const theirs = await customerB.post('/api/bookings', { slotId: slot.id })
    expect(theirs.status).toBe(201)

    const onSlot = await provider.get(`/api/bookings?slotId=${slot.id}`)
    expect(onSlot.status).toBe(200)
    const names = new Map(
      onSlot.body.map((b: { id: string; customerName: string }) => [b.id, b.customerName]),
    )
    expect(names.get(mine.body.id)).toBe(seed.customerA.name)
    expect(names.get(theirs.body.id)).toBe(seed.customerB.name)
    expect((await provider.get(`/api/bookings/${theirs.body.id}`)).body.customerName).toBe(
      seed.customerB.name,
    )

    const ownList = await customerA.get('/api/bookings')
    expect(ownList.status).toBe(200)
    expect(ownList.body.map((b: { customerName: string }) => b.customerName)).toEqual(
      ownList.body.map(() => seed.customerA.name),
    )
    expect(JSON.stringify(ownList.body)).not.toContain(seed.customerB.name)
    expect((await customerA.get(`/api/bookings/${theirs.body.id}`)).status).toBe(403)
  })

  it('answers a booking exactly as documented (compiled serializer): the fields of Booking, nothing else, as GET shows it', async () => {
    const api = server.api(await server.signIn(server.seed.customerA.email))
    const booked = await api.post('/api/bookings', {
      slotId: (await server.seed.createSlot()).id,
      notes: 'a "quoted" note\n',
    })
    expect(booked.status).toBe(201)
    // strict(): a field the schema does not document fails the parse, as a missing or mistyped one does.
    expect(Booking.strict().safeParse(booked.body).error).toBeUndefined()
    const read = await api.get(`/api/bookings/${booked.body.id}`)
    expect(booked.body).toEqual(read.body)
    expect(booked.body.notes).toBe('a "quoted" note\n')
  })

  it('refuses to mark a booking completed before its slot starts (409 BOOKING_NOT_STARTED): the seat stays held; once it has started, completing works', async () => {
    const { seed } = server
    const customerA = server.api(await server.signIn(seed.customerA.email))
    const customerB = server.api(await server.signIn(seed.customerB.email))
    const provider = server.api(await server.signIn(seed.providerA.email))
    // One physio seat, two days ahead.
    const slot = await seed.createSlot({ maxBookings: 1, hoursFromNow: 24 })
    const booked = await customerA.post('/api/bookings', { slotId: slot.id })
    expect(booked.status).toBe(201)
    const path = `/api/bookings/${booked.body.id}`
    expect((await provider.patch(path, { status: 'CONFIRMED' })).body.status).toBe('CONFIRMED')

    const early = await provider.patch(path, { status: 'COMPLETED' })
    expect(early).toMatchObject({
      status: 409,
      body: { code: 'BOOKING_NOT_STARTED', details: { startTime: slot.startTime } },
    })
    expect(early.body.message).toMatch(/not started/)
    // Nothing changed: A still holds the one seat, so B is refused.
    expect((await provider.get(path)).body.status).toBe('CONFIRMED')
    expect((await provider.get(`/api/slots/${slot.id}`)).body).toMatchObject({
      currentBookings: 1,
      isBooked: true,
      isAvailable: false,
    })
    const other = await customerB.post('/api/bookings', { slotId: slot.id })
    expect(other).toMatchObject({ status: 409, body: { code: 'SLOT_FULL' } })
    const actions = await server.db.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id',
      [booked.body.id],
    )
    expect(actions.rows.map((r) => r.action)).toEqual(['booking.created', 'booking.confirmed'])

    await startSlotNow(server.db, slot.id)
    const completed = await provider.patch(path, { status: 'COMPLETED' })
    expect(completed).toMatchObject({ status: 200, body: { status: 'COMPLETED' } })
    // The seat is freed, but the slot has started: nobody else can take it.
    expect((await provider.get(`/api/slots/${slot.id}`)).body).toMatchObject({
      currentBookings: 0,
      isAvailable: false,
    })
    const late = await customerB.post('/api/bookings', { slotId: slot.id })
    expect(late).toMatchObject({ status: 409, body: { code: 'SLOT_IN_PAST' } })
  })

  it('rejects requests without a token with 401 UNAUTHENTICATED', async () => {
    const res = await server.api().get('/api/slots')
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('UNAUTHENTICATED')
  })

  it('refuses notes with a NUL character (PostgreSQL text cannot hold one) with 400 and stores nothing', async () => {
    const token = await server.signIn(server.seed.customerA.email)
    const id = crypto.randomUUID()
    const res = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, slotId: server.seed.slots.five.id, notes: 'nul \u0000 byte' }),
    })
    expect(res.status).toBe(400)
    expect((await res.json()).code).toBe('VALIDATION_FAILED')
    expect((await server.db.query('SELECT 1 FROM bookings WHERE id = $1', [id])).rowCount).toBe(0)
  })

  it('answers malformed JSON with 400, not 500', async () => {
    const token = await server.signIn(server.seed.customerA.email)
    const res = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"slotId": ',
    })
    expect(res.status).toBe(400)
    expect((await res.json()).code).toBe('VALIDATION_FAILED')
  })
})
