/** The server refuses slots in the past and slots overlapping the provider's own (issue 14, bug 3). */
import { describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { createRecurringSlots, createSlot } from '../../server/domain/slots.js'
import { acceptedValue, refusalCode } from '../helpers/outcomes.js'
import { seededDatabaseForFile } from '../helpers/seededDatabase.js'
import type { TestFixtures } from '../helpers/testFixtures.js'

let db: Database
let seed: TestFixtures
seededDatabaseForFile((opened) => {
  db = opened.db
  seed = opened.seed
})

const HOUR = 3_600_000
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString()
const single = (startHours: number, endHours: number) =>
  db.transaction((tx) =>
    createSlot(tx, seed.providerB, {
      serviceId: seed.serviceB.id,
      startTime: inHours(startHours),
      endTime: inHours(endHours),
      maxBookings: 2,
    }),
  )

describe('slot placement', () => {
  it('refuses a single slot starting in the past', async () => {
    expect(await refusalCode(single(-2, -1))).toBe('SLOT_IN_PAST')
  })

  it('refuses a duplicate and an overlapping slot of the same provider, not one that only touches', async () => {
    await single(500, 501)
    expect(await refusalCode(single(500, 501))).toBe('SLOT_OVERLAPS')
    expect(await refusalCode(single(500.5, 502))).toBe('SLOT_OVERLAPS')
    expect(await acceptedValue(single(501, 502))).toMatchObject({ maxBookings: 2 })
  })

  it('another provider may use the same time', async () => {
    await single(600, 601)
    expect(
      await acceptedValue(
        db.transaction((tx) =>
          createSlot(tx, seed.providerA, {
            serviceId: seed.serviceA.id,
            startTime: inHours(600),
            endTime: inHours(601),
            maxBookings: 1,
          }),
        ),
      ),
    ).toMatchObject({ providerId: seed.providerA.id })
  })

  it('a weekly pattern creates what fits and reports the overlapping and past ones as skipped', async () => {
    const pattern = {
      serviceId: seed.serviceB.id,
      fromDate: '2031-03-03',
      toDate: '2031-03-07',
      weekdays: [1, 2, 3, 4, 5],
      startTimes: ['09:00'],
      durationMinutes: 60,
      maxBookings: 3,
    }
    const first = await acceptedValue(
      db.transaction((tx) => createRecurringSlots(tx, seed.providerB, pattern)),
    )
    expect(first.created).toBe(5)
    const again = await acceptedValue(
      db.transaction((tx) =>
        createRecurringSlots(tx, seed.providerB, { ...pattern, toDate: '2031-03-10', weekdays: [1, 3] }),
      ),
    )
    expect(again.created).toBe(1) // Monday 10 March; both earlier days already have a 09:00
    expect(again.skipped.map((s) => s.reason)).toEqual(['SLOT_OVERLAPS', 'SLOT_OVERLAPS'])
    const past = await acceptedValue(
      db.transaction((tx) =>
        createRecurringSlots(tx, seed.providerB, {
          ...pattern,
          fromDate: '2020-01-06',
          toDate: '2020-01-06',
        }),
      ),
    )
    expect(past).toMatchObject({ created: 0, skipped: [{ reason: 'SLOT_IN_PAST' }] })
  })
})
