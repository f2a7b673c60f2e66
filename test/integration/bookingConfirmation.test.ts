/**
 * A provider chooses whether new bookings are confirmed at once or wait for their answer
 * (PATCH /api/providers/:id/booking-confirmation; shared/bookingConfirmation.ts). The switch applies
 * to the next booking, in every server process (the booking statement reads the provider's row; no
 * cache), leaves the requests already PENDING as they are, is the provider's alone, is recorded in
 * the audit trail, and refuses malformed input with {code, message, details}.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { type ApiClient, type TestServer, apiClient, startTestServer } from '../helpers/testServer.js'

let server: TestServer
/** A second server process over the same database, with its own session cache. */
let secondApp: FastifyInstance
let secondUrl: string
let provider: ApiClient
let path: string

beforeAll(async () => {
  server = await startTestServer()
  secondApp = await buildApp({
    db: server.db,
    config: server.config,
    logger: false,
    clientDir: '/nonexistent',
  })
  await secondApp.listen({ port: 0, host: '127.0.0.1' })
  const address = secondApp.server.address()
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
  secondUrl = `http://127.0.0.1:${address.port}`
  provider = server.api(await server.signIn(server.seed.providerA.email))
  path = `/api/providers/${server.seed.providerA.id}/booking-confirmation`
})
afterAll(async () => {
  await secondApp?.close()
  await server?.close()
})

async function book(api: ApiClient, slotId: string): Promise<string> {
  const res = await api.post('/api/bookings', { slotId })
  expect(res.status).toBe(201)
  return res.body.status as string
}

async function statusOf(bookingId: string): Promise<string> {
  const { rows } = await server.db.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [
    bookingId,
  ])
  return rows[0]?.status ?? 'missing'
}

describe('switching how bookings are confirmed', () => {
  it('applies to the next booking in every server process; requests already pending stay pending', async () => {
    expect((await provider.get(path)).body).toEqual({ autoConfirm: false, pendingRequests: 0 })
    const slot = await server.seed.createSlot({ maxBookings: 5 })
    const first = await server.seed.createCustomer()
    const firstApi = server.api(await server.signIn(first.email))
    const before = await firstApi.post('/api/bookings', { slotId: slot.id })
    expect(before.body.status).toBe('PENDING')
    // The other process has this customer's session cached before the switch.
    const second = await server.seed.createCustomer()
    const secondToken = await server.signIn(second.email)
    const onSecond = apiClient(secondUrl, secondToken)
    expect(await book(onSecond, (await server.seed.createSlot()).id)).toBe('PENDING')

    const switched = await provider.patch(path, { autoConfirm: true })
    expect(switched.status).toBe(200)
    expect(switched.body).toEqual({ autoConfirm: true, pendingRequests: 2 })

    expect(
      await book(server.api(await server.signIn((await server.seed.createCustomer()).email)), slot.id),
    ).toBe('CONFIRMED')
    expect(await book(onSecond, slot.id)).toBe('CONFIRMED')
    expect(await statusOf(before.body.id as string)).toBe('PENDING')
    expect((await provider.get(path)).body).toEqual({ autoConfirm: true, pendingRequests: 2 })

    // Back to confirming each request: the next booking waits again, in either process.
    expect((await provider.patch(path, { autoConfirm: false })).body.autoConfirm).toBe(false)
    const third = await server.seed.createCustomer()
    expect(await book(apiClient(secondUrl, await server.signIn(third.email)), slot.id)).toBe('PENDING')
    // The request waiting from before is confirmed with the inbox's own action, as ever.
    expect((await provider.patch(`/api/bookings/${before.body.id}`, { status: 'CONFIRMED' })).status).toBe(
      200,
    )
    expect((await provider.get(path)).body).toEqual({ autoConfirm: false, pendingRequests: 2 })
  })

  it('is recorded in the audit trail: who, before and after; the same choice again records nothing', async () => {
    const trail = async () => {
      const res = await provider.get(`/api/audit?entityId=${server.seed.providerA.id}`)
      expect(res.status).toBe(200)
      return (res.body as { action: string }[]).filter(
        (e) => e.action === 'member.booking_confirmation_changed',
      )
    }
    const start = (await trail()).length
    expect((await provider.patch(path, { autoConfirm: true })).status).toBe(200)
    expect((await provider.patch(path, { autoConfirm: true })).status).toBe(200)
    const entries = await trail()
    expect(entries).toHaveLength(start + 1)
    expect(entries[0]).toMatchObject({
      actorId: server.seed.providerA.id,
      entityType: 'member',
      entityId: server.seed.providerA.id,
      before: { autoConfirm: false },
      after: { autoConfirm: true },
    })
    // The organisation's admins read it in the organisation's trail too.
    const { rows } = await server.db.query<{ organisation_id: string; provider_id: string }>(
      `SELECT organisation_id, provider_id FROM audit_log WHERE action = 'member.booking_confirmation_changed'
       ORDER BY id DESC LIMIT 1`,
    )
    expect(rows[0]).toEqual({
      organisation_id: server.seed.providerA.organisationId,
      provider_id: server.seed.providerA.id,
    })
    expect((await provider.patch(path, { autoConfirm: false })).status).toBe(200)
  })
})

describe('who may switch it', () => {
  let other: TestOrganisation
  beforeAll(async () => {
    other = await addOrganisation(server.db, 'Another organisation')
  })

  it('only the provider themself: a customer, another provider and another organisation’s provider get 403', async () => {
    const refusedBy = [
      server.api(await server.signIn(server.seed.customerA.email)),
      server.api(await server.signIn(server.seed.providerB.email)),
      server.api(await server.signIn(other.seed.providerA.email)),
    ]
    const { rows: auditBefore } = await server.db.query('SELECT id FROM audit_log')
    for (const api of refusedBy) {
      const write = await api.patch(path, { autoConfirm: true })
      expect(write.status).toBe(403)
      expect(write.body).toMatchObject({ code: 'FORBIDDEN', message: expect.any(String) })
      expect((await api.get(path)).status).toBe(403)
    }
    expect((await provider.get(path)).body.autoConfirm).toBe(false)
    const { rows: auditAfter } = await server.db.query('SELECT id FROM audit_log')
    expect(auditAfter).toHaveLength(auditBefore.length)
    expect((await server.api().patch(path, { autoConfirm: true })).status).toBe(401)
  })

  it('refuses malformed input with 400 VALIDATION_FAILED and its details, changing nothing', async () => {
    for (const body of [{}, { autoConfirm: 'yes' }, { autoConfirm: null }, { autoConfirm: true, extra: 1 }]) {
      const res = await provider.patch(path, body)
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) })
      expect(res.body.details).toBeDefined()
    }
    expect(
      (await provider.patch('/api/providers/not-a-uuid/booking-confirmation', { autoConfirm: true })).status,
    ).toBe(400)
    expect((await provider.get(path)).body.autoConfirm).toBe(false)
  })
})
