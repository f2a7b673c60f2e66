/**
 * Text hygiene over HTTP (an API walk): a provider's reason or a name made only of invisible
 * characters is refused as a blank one is (shared/visibleText.ts); a single-line name shown to others
 * refuses text-direction controls ("Trojan Source"); an id the client makes for a new thing is no nil
 * or max UUID, over REST and in a replication push (named there as any malformed row). Each refusal
 * leaves what is stored as it was.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import type { BookingWireDoc } from '../../shared/replication.js'
import { ErrorBody } from '../../shared/schemas.js'
import { newBookingDoc, slotDoc } from '../helpers/replicationDocs.js'
import { type ApiClient, type ApiResponse, type TestServer, startTestServer } from '../helpers/testServer.js'

const NIL = '00000000-0000-0000-0000-000000000000'
const MAX = 'ffffffff-ffff-ffff-ffff-ffffffffffff'
const ZERO_WIDTH = '\u200B\u200B'
const RIGHT_TO_LEFT_OVERRIDE = '\u202E'

let server: TestServer
let customer: ApiClient
let provider: ApiClient
let admin: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  customer = server.api(await server.signIn(server.seed.customerA.email))
  provider = server.api(await server.signIn(server.seed.providerA.email))
  const adminUser = await server.seed.createCustomer('admin')
  await addMembership(server.db, DEFAULT_ORGANISATION_ID, adminUser.id, 'admin')
  admin = server.api(await server.signIn(adminUser.email))
})
afterAll(async () => {
  await server?.close()
})

/** A refusal as the API documents it: its code, and the path and words of each issue. */
function refusal(res: ApiResponse): { status: number; code: string; issues: unknown } {
  const body = ErrorBody.parse(res.body)
  const issues = Array.isArray(body.details)
    ? body.details.map((issue: { path: unknown; code: unknown; message: unknown }) => ({
        path: issue.path,
        code: issue.code,
        message: issue.message,
      }))
    : body.details
  return { status: res.status, code: body.code, issues }
}

/** A table's rows, digested: a refused request must leave it exactly as it was. */
async function digest(table: string): Promise<string> {
  const { rows } = await server.db.query<{ digest: string }>(
    `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`,
  )
  return rows[0]?.digest ?? ''
}

async function pendingBooking(hoursFromNow: number): Promise<string> {
  const slot = await server.seed.createSlot({ hoursFromNow, maxBookings: 2 })
  const booked = await customer.post('/api/bookings', { slotId: slot.id })
  expect([booked.status, booked.body.status]).toEqual([201, 'PENDING'])
  return booked.body.id
}

describe("a provider's reason of only zero-width spaces", () => {
  it('is refused on every path with the code and words of a blank one, and nothing changes', async () => {
    const id = await pendingBooking(24 * 60)
    const range = (reason: string) => ({
      from: new Date(Date.now() + 24 * 59 * 3_600_000).toISOString(),
      to: new Date(Date.now() + 24 * 61 * 3_600_000).toISOString(),
      reason,
    })
    const paths: [string, (reason: string) => Promise<ApiResponse>][] = [
      ['cancel', (reason) => provider.patch(`/api/bookings/${id}`, { status: 'CANCELLED', reason })],
      [
        'bulk decline',
        (reason) => provider.post('/api/bookings/bulk', { action: 'DECLINE', ids: [id], reason }),
      ],
      ['cancel range', (reason) => provider.post('/api/bookings/cancel-range', range(reason))],
    ]
    const before = await digest('bookings')
    for (const [, send] of paths) {
      const blank = refusal(await send('   '))
      expect(blank).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' })
      expect(refusal(await send(ZERO_WIDTH))).toEqual(blank)
      expect(refusal(await send(` ${ZERO_WIDTH}\u2060\uFEFF\n`))).toEqual(blank)
    }
    expect(await digest('bookings')).toBe(before)
    // A reason the customer can read still cancels it.
    const cancelled = await provider.patch(`/api/bookings/${id}`, {
      status: 'CANCELLED',
      reason: 'Ill today',
    })
    expect([cancelled.status, cancelled.body.statusReason]).toEqual([200, 'Ill today'])
  })

  it('pushed by a provider device, is refused as a blank one is and nothing is stored', async () => {
    const id = await pendingBooking(24 * 62)
    const pulled = await provider.get('/api/replication/bookings/pull?batchSize=2000')
    const doc = (pulled.body.documents as BookingWireDoc[]).find((d) => d.id === id)
    expect(doc).toBeDefined()
    const push = async (statusReason: string) => {
      const pushed = await provider.post('/api/replication/bookings/push', [
        { assumedMasterState: doc, newDocumentState: { ...doc, status: 'CANCELLED', statusReason } },
      ])
      expect(pushed.status).toBe(200)
      expect(pushed.body).toEqual([expect.objectContaining({ id, status: 'PENDING', statusReason: null })])
      return pushed.body[0].refusal
    }
    const blank = await push('   ')
    expect(blank).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(await push(ZERO_WIDTH)).toEqual(blank)
    const { rows } = await server.db.query('SELECT status, status_reason FROM bookings WHERE id = $1', [id])
    expect(rows).toEqual([{ status: 'PENDING', status_reason: null }])
  })
})

describe('a name made only of invisible characters', () => {
  it('is refused as a blank one is: profile, sign-up, organisation, service', async () => {
    const invitation = (await admin.post('/api/organisation/invitations', { role: 'customer' })).body.token
    const service = await provider.post('/api/services', {
      name: 'Hygiene check',
      durationMinutes: 30,
      priceMinor: 0,
      currency: 'EUR',
    })
    expect(service.status).toBe(201)
    let n = 0
    const senders: [string, (name: string) => Promise<ApiResponse>][] = [
      ['profile', (name) => customer.patch('/api/profile', { name })],
      [
        'sign-up',
        (name) =>
          server.api().post('/api/invitations/accept', {
            token: invitation,
            name,
            email: `hygiene-${++n}@test.example`,
            password: 'a long enough password',
          }),
      ],
      ['organisation', (name) => admin.post('/api/organisations', { name, slug: `hygiene-${++n}` })],
      [
        'new service',
        (name) =>
          provider.post('/api/services', { name, durationMinutes: 30, priceMinor: 0, currency: 'EUR' }),
      ],
      ['service change', (name) => provider.patch(`/api/services/${service.body.id}`, { name })],
    ]
    const tables = ['users', 'organisations', 'memberships', 'invitations', 'services']
    const before = await Promise.all(tables.map(digest))
    for (const [, send] of senders) {
      const blank = refusal(await send(''))
      expect(blank).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' })
      for (const name of [ZERO_WIDTH, ' \u2060\uFEFF ', '\u3164'])
        expect(refusal(await send(name))).toEqual(blank)
    }
    expect(await Promise.all(tables.map(digest))).toEqual(before)
  })
})

describe('text-direction controls in a name shown to others', () => {
  it('are refused with a 400 naming the field, and nothing changes', async () => {
    const service = await provider.post('/api/services', {
      name: 'Direction check',
      durationMinutes: 30,
      priceMinor: 0,
      currency: 'EUR',
    })
    expect(service.status).toBe(201)
    const spoof = `Dr. Smith ${RIGHT_TO_LEFT_OVERRIDE}gnp.exe`
    const tables = ['users', 'organisations', 'memberships', 'services']
    const before = await Promise.all(tables.map(digest))
    for (const res of [
      await customer.patch('/api/profile', { name: spoof }),
      await admin.post('/api/organisations', { name: spoof, slug: 'direction-check' }),
      await provider.post('/api/services', {
        name: spoof,
        durationMinutes: 30,
        priceMinor: 0,
        currency: 'EUR',
      }),
      await provider.patch(`/api/services/${service.body.id}`, { name: `Massage\u2067x\u2069` }),
    ]) {
      expect(refusal(res)).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
        issues: [
          {
            path: ['body', 'name'],
            code: 'custom',
            message: 'must not contain text-direction control characters',
          },
        ],
      })
    }
    expect(await Promise.all(tables.map(digest))).toEqual(before)
  })

  it("are kept in multi-line text (a right-to-left writer's notes)", async () => {
    const slot = await server.seed.createSlot({ hoursFromNow: 24 * 63, maxBookings: 1 })
    const notes = `\u2067שלום\u2069 ${RIGHT_TO_LEFT_OVERRIDE}ok`
    const booked = await customer.post('/api/bookings', { slotId: slot.id, notes })
    expect([booked.status, booked.body.notes]).toEqual([201, notes])
  })
})

describe('the nil and the max UUID as the id of a new thing', () => {
  it('are refused as a new booking, series or waitlist entry id: 400 naming the id, nothing stored', async () => {
    const slotId = server.seed.slots.five.id
    const before = await Promise.all(['bookings', 'booking_series', 'waitlist'].map(digest))
    for (const id of [NIL, MAX]) {
      for (const res of [
        await customer.post('/api/bookings', { id, slotId }),
        await customer.post('/api/bookings/series', {
          id,
          firstSlotId: slotId,
          weeks: 1,
          mode: 'BOOK_WHAT_IS_FREE',
        }),
        await customer.post(`/api/slots/${server.seed.slots.single.id}/waitlist`, { id }),
      ]) {
        const refused = refusal(res)
        expect([refused.status, refused.code]).toEqual([400, 'VALIDATION_FAILED'])
        expect(refused.issues).toEqual([expect.objectContaining({ path: ['body', 'id'] })])
      }
    }
    expect(await Promise.all(['bookings', 'booking_series', 'waitlist'].map(digest))).toEqual(before)
    // A random one books.
    expect((await customer.post('/api/bookings', { id: randomUUID(), slotId })).status).toBe(201)
  })

  it('in a push row: named as a malformed row, the rest of the batch applied', async () => {
    const slot = await server.seed.createSlot({ hoursFromNow: 24 * 64, maxBookings: 3 })
    const good = newBookingDoc(slot, server.seed.customerA.id)
    const nil = { ...newBookingDoc(slot, server.seed.customerA.id), id: NIL }
    const max = { ...newBookingDoc(slot, server.seed.customerA.id), id: MAX }
    const pushed = await customer.post('/api/replication/bookings/push', [
      { newDocumentState: nil },
      { newDocumentState: good },
      { newDocumentState: max },
    ])
    expect(pushed.status).toBe(400)
    expect(pushed.body.code).toBe('VALIDATION_FAILED')
    expect(pushed.body.message).toContain(`row 0 (${NIL})`)
    expect(pushed.body.message).toContain(`row 2 (${MAX})`)
    expect(pushed.body.details.conflicts).toEqual([])
    expect(
      pushed.body.details.malformed.map(
        (row: { index: number; id: string; issues: { path: unknown[] }[] }) => [
          row.index,
          row.id,
          row.issues.map((issue) => issue.path.join('.')),
        ],
      ),
    ).toEqual([
      [0, NIL, ['newDocumentState.id']],
      [2, MAX, ['newDocumentState.id']],
    ])
    const { rows } = await server.db.query('SELECT id FROM bookings WHERE id = ANY($1::uuid[]) ORDER BY id', [
      [NIL, good.id, MAX],
    ])
    expect(rows).toEqual([{ id: good.id }])
  })

  it('as a new slot or waitlist entry pushed: named as a malformed row, nothing stored', async () => {
    const slot = await server.seed.createSlot({ hoursFromNow: 24 * 65, maxBookings: 1 })
    const now = new Date().toISOString()
    const newSlot = slotDoc(new Date(Date.now() + 24 * 66 * 3_600_000).toISOString(), {
      id: NIL,
      providerId: slot.providerId,
      serviceId: slot.serviceId,
    })
    const newSlotRow = { ...newSlot, _deleted: false }
    const entry = {
      id: NIL,
      slotId: slot.id,
      providerId: slot.providerId,
      customerId: server.seed.customerA.id,
      startTime: slot.startTime,
      status: 'WAITING',
      rejectionReason: null,
      bookingId: null,
      updatedAt: now,
      rev: null,
      _deleted: false,
    }
    for (const [api, collection, doc] of [
      [provider, 'slots', newSlotRow],
      [customer, 'waitlist', entry],
    ] as const) {
      const pushed = await api.post(`/api/replication/${collection}/push`, [{ newDocumentState: doc }])
      expect([pushed.status, pushed.body.code]).toEqual([400, 'VALIDATION_FAILED'])
      expect(
        pushed.body.details.malformed.map((row: { id: string; issues: { path: unknown[] }[] }) => [
          row.id,
          row.issues.map((issue) => issue.path.join('.')),
        ]),
      ).toEqual([[NIL, ['newDocumentState.id']]])
    }
    for (const table of ['slots', 'waitlist']) {
      const { rows } = await server.db.query(`SELECT id FROM ${table} WHERE id = $1`, [NIL])
      expect(rows).toEqual([])
    }
  })
})
