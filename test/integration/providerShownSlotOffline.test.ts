/**
 * A provider offline before the first sync has stored the week on screen (walk-offline Medium 1): the
 * slots shown come from the server's window (client/data/slotWindow.ts), not from the device's store.
 * Changing one of them is saved on the device and sent when the network is back, judged on the copy
 * the provider saw (client/data/shownServerCopies.ts); never "That slot does not exist.".
 * Headless devices: the web client's own RxDB replication over fake-indexeddb.
 */
import { describe, expect, it } from 'vitest'
import { firstValueFrom } from 'rxjs'
import { optimisticBookings } from '../../client/data/optimisticBookings.js'
import { providerChangeLog } from '../../client/data/providerChanges.js'
import type { SlotDoc } from '../../shared/replication.js'
import type { Device } from '../helpers/deviceClient.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import type { TestUser } from '../helpers/testServer.js'

const suite = deviceSuite()
const HOUR = 3_600_000

/** A provider's device that opened offline, showing `slotId` from the server's window (as useSlots does). */
async function offlineShowing(provider: TestUser, slotId: string, name: string): Promise<Device> {
  const api = suite.server.api(await suite.server.signIn(provider.email))
  const from = new Date(Date.now() - HOUR).toISOString()
  const to = new Date(Date.now() + 30 * 24 * HOUR).toISOString()
  const window = await api.get(`/api/replication/slots/window?from=${from}&to=${to}`)
  const shown = (window.body as SlotDoc[]).find((doc) => doc.id === slotId)
  if (!shown) throw new Error('the slot is not in the window')
  const phone = await suite.device(provider, name, { offline: true, inSync: false })
  optimisticBookings(phone.db).shownSlots.set(shown.id, shown)
  expect(await phone.db.slots.findOne(slotId).exec()).toBeNull()
  return phone
}

/** The device's pending count (the sync indicator's number) and its queued change records. */
async function pendingAndQueued(d: Device) {
  const status = await firstValueFrom(d.replication().status$)
  const changes = await providerChangeLog(d.db).current()
  return { pending: status.pendingChanges, queued: changes.filter((c) => c.state === 'queued').length }
}

async function serverSlot(id: string) {
  const { rows } = await suite.server.db.query<{ max_bookings: number; blocked: boolean; deleted: boolean }>(
    'SELECT max_bookings, blocked, deleted FROM slots WHERE id = $1',
    [id],
  )
  return rows[0]
}

describe('a provider offline before the first sync', () => {
  it('changes the capacity and block of a slot shown from the window: saved, then sent', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, hoursFromNow: 30 })
    const phone = await offlineShowing(seed.providerB, slot.id, 'shown1')

    await phone.provider.setCapacity(slot.id, 2)
    await phone.provider.setBlocked(slot.id, true)
    await expect.poll(() => pendingAndQueued(phone)).toEqual({ pending: 2, queued: 2 })

    phone.goOnline()
    await phone.awaitInSync()
    await expect.poll(() => serverSlot(slot.id)).toMatchObject({ max_bookings: 2, blocked: true })
    await expect.poll(async () => (await providerChangeLog(phone.db).current()).length).toBe(0)
    expect(await phone.slot(slot.id)).toMatchObject({ maxBookings: 2, pending: false })
  })

  it('deletes a slot shown from the window', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 2, hoursFromNow: 31 })
    const phone = await offlineShowing(seed.providerB, slot.id, 'shown2')

    await phone.provider.deleteSlot(slot.id)
    await expect.poll(() => pendingAndQueued(phone)).toEqual({ pending: 1, queued: 1 })

    phone.goOnline()
    await phone.awaitInSync()
    await expect.poll(() => serverSlot(slot.id)).toMatchObject({ deleted: true })
    await expect.poll(async () => (await providerChangeLog(phone.db).current()).length).toBe(0)
  })

  it('judges the change on the copy shown: a capacity another device changed meanwhile is refused as stale', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, hoursFromNow: 32 })
    const phone = await offlineShowing(seed.providerB, slot.id, 'shown3')
    await phone.provider.setCapacity(slot.id, 5)
    const other = suite.server.api(await suite.server.signIn(seed.providerB.email))
    expect((await other.patch(`/api/slots/${slot.id}`, { maxBookings: 4 })).status).toBe(200)

    phone.goOnline()
    await phone.awaitInSync()
    await expect
      .poll(async () => (await providerChangeLog(phone.db).current()).filter((c) => c.state === 'refused'))
      .toMatchObject([
        { docId: slot.id, tried: { kind: 'capacity', maxBookings: 5 }, refusal: { code: 'STALE_BASE' } },
      ])
    expect(await serverSlot(slot.id)).toMatchObject({ max_bookings: 4 })
  })

  it('still says a slot neither stored nor shown does not exist', async () => {
    const { seed } = suite.server
    const phone = await suite.device(seed.providerB, 'shown4', { offline: true, inSync: false })
    await expect(phone.provider.setCapacity(crypto.randomUUID(), 2)).rejects.toThrow(
      'That slot does not exist.',
    )
  })
})
