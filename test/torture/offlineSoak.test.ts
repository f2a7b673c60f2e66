/**
 * Torture 2d: a device stays offline through hundreds of bookings and cancellations while the
 * world moves on (a rival takes seats, the provider blocks a slot), then reconnects. Everything
 * must resolve: each offline booking ends on the server and the device alike as kept, cancelled
 * or REJECTED with its reason (and a notice to the user), nothing pending, counters exact.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DomainError } from '../../shared/errors.js'
import { type Device, openDevice } from '../helpers/deviceClient.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'
import { seededRandom, slotNotHeld } from './customerTraffic.js'
import { convergenceProblems } from './deviceConvergence.js'
import { tortureScale } from './tortureScale.js'

const { operations } = tortureScale.offlineSoak

describe('torture: a long offline stretch', () => {
  let server: TestServer
  let phone: Device | undefined
  beforeAll(async () => {
    server = await startTestServer()
  }, 120_000)
  afterAll(async () => {
    await phone?.close()
    await server?.close()
  })

  it(
    `${operations} operations offline, then reconnect: all resolved, nothing lost or double counted`,
    async () => {
      const { seed } = server
      // A slot per four operations: the device holds one seat of a slot at most (invariant 12), so it
      // needs many to keep booking. Small slots (8 seats or fewer) are the ones rivals fill.
      const pattern = [2, 3, 4, 5, 6, 8, 40, 60, 80, 200]
      const capacities = Array.from(
        { length: Math.ceil(operations / 4) },
        (_, i) => pattern[i % pattern.length] as number,
      )
      const slots = await Promise.all(
        capacities.map((maxBookings, i) => seed.createSlot({ maxBookings, hoursFromNow: 400 + i })),
      )
      const slotIds = slots.map((s) => s.id)
      const small = slotIds.filter((_, i) => (capacities[i] as number) <= 8)
      const rivals = await Promise.all(
        [seed.customerB, seed.customerC, await seed.createCustomer('rival')].map(async (c) =>
          server.api(await server.signIn(c.email)),
        ),
      )
      const provider = server.api(await server.signIn(seed.providerA.email))
      phone = await openDevice({ baseUrl: server.url, email: seed.customerA.email, password: seed.password })
      await phone.awaitInSync(60_000)
      phone.goOffline()

      const random = seededRandom(5_050)
      const offline = { booked: [] as string[], cancelled: new Set<string>(), refusedLocally: 0 }
      /** The device's active bookings: booking id -> slot id. */
      const active = new Map<string, string>()
      for (let op = 0; op < operations; op++) {
        const slotId = slotNotHeld(slotIds, active.values(), random)
        if (active.size > 0 && (random(5) === 0 || slotId === null)) {
          const ids = [...active.keys()]
          const id = ids[random(ids.length)] as string
          active.delete(id)
          await phone.bookings.setStatus(id, 'CANCELLED')
          offline.cancelled.add(id)
        } else if (slotId !== null) {
          try {
            const booking = await phone.bookings.book(slotId, `offline op ${op}`)
            offline.booked.push(booking.id)
            active.set(booking.id, slotId)
          } catch (error) {
            // The device's own view already says full: refused before it ever leaves the device.
            if (!(error instanceof DomainError)) throw error
            offline.refusedLocally++
          }
        }
        // Meanwhile, online: a rival takes seats on the small slots, and one slot gets blocked.
        if (op % 10 === 0) {
          const rival = rivals[random(rivals.length)] as (typeof rivals)[number]
          const res = await rival.post('/api/bookings', {
            id: randomUUID(),
            slotId: small[random(small.length)],
          })
          expect([201, 409]).toContain(res.status)
        }
        if (op === Math.floor(operations / 2)) {
          expect((await provider.patch(`/api/slots/${slotIds[6]}`, { blocked: true })).status).toBe(200)
        }
      }
      expect(offline.booked.length).toBeGreaterThan(operations / 3)

      phone.goOnline()
      await phone.awaitInSync(tortureScale.timeoutMs / 2)

      expect(await convergenceProblems(phone, server.db, slotIds)).toEqual([])
      expect(await counterMismatches(server.db)).toEqual([])
      const { rows } = await server.db.query<{ id: string; status: string; rejection_reason: string | null }>(
        'SELECT id, status, rejection_reason FROM bookings WHERE id = ANY($1::uuid[])',
        [offline.booked],
      )
      expect(rows).toHaveLength(offline.booked.length)
      const byId = new Map(rows.map((r) => [r.id, r]))
      for (const id of offline.booked) {
        const row = byId.get(id)
        // A cancelled booking was either cancelled on the server or refused before it held a seat.
        const allowed = offline.cancelled.has(id) ? ['CANCELLED', 'REJECTED'] : ['PENDING', 'REJECTED']
        expect(allowed, `${id}: ${row?.status}`).toContain(row?.status)
      }
      const rejected = rows.filter((r) => r.status === 'REJECTED')
      expect(
        rejected.length,
        'the rival and the block should have cost the device some bookings',
      ).toBeGreaterThan(0)
      for (const r of rejected) expect(['SLOT_FULL', 'SLOT_UNAVAILABLE']).toContain(r.rejection_reason)
      // The user hears about every refused booking that was still standing on the device.
      const noticed = new Set(phone.rejections.notices$.value.map((n) => n.booking.id))
      for (const r of rejected.filter((x) => !offline.cancelled.has(x.id)))
        expect(noticed.has(r.id), r.id).toBe(true)
    },
    tortureScale.timeoutMs,
  )
})
