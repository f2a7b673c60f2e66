/**
 * The organisation's audit trail a page at a time (GET /api/organisation/audit): `before` (the last
 * entry's id) continues after it in the trail's order, so every entry is reached exactly once however
 * long the trail and whatever is written meanwhile, and X-Older-Entries says how many follow the page
 * (the page showed "75 not shown" of 128 before: it read only ?limit=100). Each entry names its slot
 * or booking as stored now (`subject`), which a refused change's own record does not. X-Older-Rows
 * says how many rows of the trail, as the page groups them (a weekly pattern's slots are one row),
 * those older entries start: the page counted entries, so "Show 25 more (146 not shown)" added one
 * row, or none.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import type { AuditLine } from '../../client/data/organisationAdmin.js'
import { auditRows } from '../../client/features/organisation/auditDescription.js'
import { OLDER_ENTRIES_HEADER, OLDER_ROWS_HEADER } from '../../shared/organisations.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
/** An organisation of its own, so its trail holds only what this file writes. */
let org: TestOrganisation
let admin: ApiClient

const uuidOf = (text: string) => {
  const hex = createHash('md5').update(text).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** Writes `count` entries: the first `tied` in one instant (ordered by id), the rest a minute apart, older. */
async function writeEntries(count: number, tied: number, tag: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await server.db.query(
      `INSERT INTO audit_log (organisation_id, actor_id, provider_id, action, entity_type, entity_id, before, after, at)
       VALUES ($1, $2, $2, 'slot.updated', 'slot', $3, NULL, $4::jsonb,
               CASE WHEN $5::int < $6::int THEN now() - interval '1 hour'
                    ELSE now() - interval '2 hours' - $5::int * interval '1 minute' END)`,
      [org.id, org.seed.providerA.id, uuidOf(`${tag}-${i}`), JSON.stringify({ n: i }), i, tied],
    )
  }
}

async function trailIds(): Promise<number[]> {
  const { rows } = await server.db.query<{ id: string }>(
    'SELECT id FROM audit_log WHERE organisation_id = $1 ORDER BY at DESC, id DESC',
    [org.id],
  )
  return rows.map((r) => Number(r.id))
}

async function page(query: string) {
  const res = await admin.get(`/api/organisation/audit?${query}`)
  expect(res.status).toBe(200)
  return {
    ids: (res.body as { id: number }[]).map((e) => e.id),
    body: res.body as { id: number; subject: unknown }[],
    older: Number(res.headers.get(OLDER_ENTRIES_HEADER)),
  }
}

beforeAll(async () => {
  server = await startTestServer()
  org = await addOrganisation(server.db, 'Audit pages')
  await addMembership(server.db, org.id, org.seed.providerA.id, 'admin')
  admin = server.api(await server.signIn(org.seed.providerA.email))
  await writeEntries(128, 30, 'first')
})
afterAll(async () => {
  await server?.close()
})

describe('the audit trail page by page', () => {
  it('reaches every entry once, in order, and counts honestly what each page leaves', async () => {
    const all = await trailIds()
    expect(all.length).toBeGreaterThanOrEqual(128)
    const first = await page('limit=100')
    expect(first.ids).toEqual(all.slice(0, 100))
    expect(first.older).toBe(all.length - 100)

    const seen = [...first.ids]
    let older = first.older
    while (older > 0) {
      const next = await page(`limit=25&before=${seen.at(-1)}`)
      seen.push(...next.ids)
      expect(next.older).toBe(all.length - seen.length)
      older = next.older
    }
    expect(seen).toEqual(all)
  })

  it('entries written meanwhile shift nothing: the next page continues after the last one read', async () => {
    const before = await trailIds()
    const first = await page('limit=40')
    await writeEntries(5, 5, 'meanwhile')
    const second = await page(`limit=40&before=${first.ids.at(-1)}`)
    expect(second.ids).toEqual(before.slice(40, 80))
    expect(second.older).toBe(before.length - 80)
  })

  it('a page that holds the rest says none follow; an unknown cursor reads nothing', async () => {
    const all = await trailIds()
    const whole = await page(`limit=${all.length}`)
    expect([whole.ids.length, whole.older]).toEqual([all.length, 0])
    const unknown = await page('limit=10&before=999999999')
    expect([unknown.ids, unknown.older]).toEqual([[], 0])
  })

  it("refuses a cursor that is not an entry's id", async () => {
    for (const before of ['0', '-3', 'abc']) {
      expect((await admin.get(`/api/organisation/audit?before=${before}`)).status).toBe(400)
    }
  })
})

describe("an entry's subject", () => {
  it('the slot or booking as stored now: its start, reference and service', async () => {
    const slot = org.seed.slots.pair
    const customer = server.api(await server.signIn(org.seed.customerA.email))
    const booked = await customer.post('/api/bookings', { slotId: slot.id })
    expect(booked.status).toBe(201)
    // A refused offline change records only what was tried (server/replication/slotDocuments.ts).
    await server.db.query(
      `INSERT INTO audit_log (organisation_id, actor_id, provider_id, action, entity_type, entity_id, before, after)
       VALUES ($1, $2, $2, 'slot.change_refused', 'slot', $3, $4::jsonb, $5::jsonb),
              ($1, $2, $2, 'slot.change_refused', 'slot', $6, NULL, $5::jsonb)`,
      [
        org.id,
        org.seed.providerA.id,
        slot.id,
        JSON.stringify({ maxBookings: 2, blocked: false, _deleted: false }),
        JSON.stringify({ tried: { maxBookings: 1 }, refusals: [{ code: 'CAPACITY_BELOW_BOOKINGS' }] }),
        uuidOf('never created'),
      ],
    )
    const { body } = await page('limit=3')
    expect(body.map((e) => e.subject)).toEqual([
      null,
      { startTime: slot.startTime, reference: null, serviceName: org.seed.serviceA.name },
      { startTime: slot.startTime, reference: booked.body.reference, serviceName: org.seed.serviceA.name },
    ])
  })
})

describe('rows the older entries start (X-Older-Rows), as the page groups them', () => {
  it('counts a weekly pattern once, also when a page ends inside it, by the same rule as the page', async () => {
    const rowsOrg = await addOrganisation(server.db, 'Audit rows')
    const member = rowsOrg.seed.providerA
    await addMembership(server.db, rowsOrg.id, member.id, 'admin')
    const api = server.api(await server.signIn(member.email))
    const base = Date.now() - 3_600_000
    const minutesBefore = (minutes: number) => new Date(base - minutes * 60_000).toISOString()
    const write = async (action: string, actorId: string | null, at: string, count = 1) => {
      for (let i = 0; i < count; i++) {
        await server.db.query(
          `INSERT INTO audit_log (organisation_id, actor_id, provider_id, action, entity_type, entity_id, after, at)
           VALUES ($1, $2, $3, $4, 'slot', $5, '{}'::jsonb, $6::timestamptz)`,
          [rowsOrg.id, actorId, member.id, action, uuidOf(`rows-${action}-${at}-${i}`), at],
        )
      }
    }
    // Newest first: three single changes; a pattern of 40 slots; two slots made one by one; at one
    // moment a pattern by the system and one by the member (two rows); a pattern whose two entries
    // differ below the millisecond (the page reads instants to the millisecond); five single changes.
    for (let i = 1; i <= 3; i++) await write('slot.updated', member.id, minutesBefore(i))
    await write('slot.created', member.id, minutesBefore(10), 40)
    await write('slot.created', member.id, minutesBefore(20))
    await write('slot.created', member.id, minutesBefore(21))
    await write('slot.created', null, minutesBefore(30), 30)
    await write('slot.created', member.id, minutesBefore(30), 30)
    await write('slot.created', member.id, minutesBefore(40).replace('Z', '100Z'))
    await write('slot.created', member.id, minutesBefore(40).replace('Z', '900Z'))
    for (let i = 1; i <= 5; i++) await write('slot.updated', member.id, minutesBefore(50 + i))

    const read = async (query: string) => {
      const res = await api.get(`/api/organisation/audit?${query}`)
      expect(res.status).toBe(200)
      return {
        entries: res.body as AuditLine[],
        older: Number(res.headers.get(OLDER_ENTRIES_HEADER)),
        olderRows: Number(res.headers.get(OLDER_ROWS_HEADER)),
      }
    }
    const rowsOf = (entries: readonly AuditLine[]) => auditRows(entries, new Map(), 'UTC').length
    const whole = await read('limit=1000')
    expect([whole.older, whole.olderRows]).toEqual([0, 0])
    const total = rowsOf(whole.entries)
    // Beside the fixtures' own entries (newer), those written here read as 14 rows.
    const mine = whole.entries.filter((entry) => Date.parse(entry.at) <= base)
    expect([mine.length, rowsOf(mine)]).toEqual([112, 3 + 1 + 2 + 2 + 1 + 5])

    // Every page length, including those ending inside a pattern: the rows the rest starts.
    for (let limit = 1; limit < whole.entries.length; limit++) {
      const first = await read(`limit=${limit}`)
      expect(first.older).toBe(whole.entries.length - limit)
      expect(first.olderRows, `limit=${limit}`).toBe(total - rowsOf(whole.entries.slice(0, limit)))
    }
    // Read on page by page: each page's count goes on from where the last ended.
    const seen: AuditLine[] = []
    let page = await read('limit=7')
    for (;;) {
      seen.push(...page.entries)
      expect(page.olderRows).toBe(total - rowsOf(seen))
      if (page.older === 0) break
      page = await read(`limit=7&before=${seen.at(-1)?.id}`)
    }
    expect(seen).toEqual(whole.entries)
  })
})
