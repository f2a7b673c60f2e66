/**
 * The stream brings a write's result before the push's own answer (client/data/inFlightArrivals.ts).
 * RxDB drops a streamed document while the device's change to it is being pushed, and the server
 * answers an accepted push with nothing: without the fix the device kept `localPending` and the old
 * `rev` for good (CI: providerOffline "change then delete" left "1 change waiting").
 *
 * The device's network holds every push answer back until the stream or a pull has brought each
 * pushed document again, then a little longer, so RxDB has dropped it: the order that under load
 * happens by chance happens every time. Headless devices run the client's real replication module;
 * both engines.
 */
import { describe, expect, it } from 'vitest'
import { firstValueFrom } from 'rxjs'
import type { Device } from '../helpers/deviceClient.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'
import { onRealPostgres } from '../helpers/testDatabase.js'

const suite = deviceSuite()
/** After the document came back: enough for RxDB's downstream to have handled (dropped) it. */
const SETTLE_MS = 300
/** A retried push may go after its document came back: it is then answered after this. */
const WAIT_MAX_MS = 3_000

/**
 * A network whose push answers arrive only after the stream or a pull brought the pushed documents;
 * with `meanwhile` (another writer), that runs once they are back, and the answer also waits until
 * the text it resolves to has come back.
 */
function answersAfterTheStream(meanwhile?: () => Promise<string>) {
  return (fetch: typeof globalThis.fetch): typeof globalThis.fetch => answersAfter(fetch, meanwhile)
}

function answersAfter(
  fetch: typeof globalThis.fetch,
  meanwhile: (() => Promise<string>) | undefined,
): typeof globalThis.fetch {
  let received = ''
  const keep = async (body: ReadableStream<Uint8Array>) => {
    const reader = body.getReader()
    const decoder = new TextDecoder()
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (chunk.done) return
      received += decoder.decode(chunk.value, { stream: true })
    }
  }
  return async (input, init) => {
    const url = String(input instanceof Request ? input.url : input)
    const sentAt = received.length
    const response = await fetch(input, init)
    if (url.includes('/api/replication/stream') && response.body) {
      const [ours, theirs] = response.body.tee()
      void keep(ours)
      return new Response(theirs, { status: response.status, headers: response.headers })
    }
    if (url.includes('/pull')) received += await response.clone().text()
    if (url.includes('/push')) {
      const ids = (JSON.parse(String(init?.body)) as { newDocumentState: { id: string } }[]).map(
        (row) => row.newDocumentState.id,
      )
      const deadline = Date.now() + WAIT_MAX_MS
      const back = async (texts: string[]) => {
        while (!texts.every((text) => received.slice(sentAt).includes(text)) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await back(ids)
      if (meanwhile) await back([await meanwhile()])
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    }
    return response
  }
}

async function pendingCount(device: Device): Promise<number> {
  return (await firstValueFrom(device.replication().status$)).pendingChanges
}

async function serverRevision(table: 'slots' | 'bookings', id: string): Promise<string> {
  const { rows } = await suite.server.db.query<{ rev: string }>(
    `SELECT change_xid::text AS rev FROM ${table} WHERE id = $1`,
    [id],
  )
  return rows[0]?.rev ?? 'missing'
}

describe('a write whose result the stream brings before the push answer', () => {
  it('a capacity change lands on the server’s revision, nothing left pending', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await suite.device(seed.providerB, 'capacity', { wrapFetch: answersAfterTheStream() })
    await phone.provider.setCapacity(slot.id, 5)
    await eventually(async () => {
      const doc = (await phone.db.slots.findOne(slot.id).exec())?.toJSON()
      expect(doc).toMatchObject({ maxBookings: 5, rev: await serverRevision('slots', slot.id) })
      expect(doc?.localPending).toBeFalsy()
      expect(await pendingCount(phone)).toBe(0)
    })
  })

  // Two writers of one slot whose xids are inverted: a transaction that took its xid before the push
  // writes the slot after the push committed (as one waiting for the row lock does). The later state
  // carries the lower rev; both arrive before the push answer. Needs a second connection held open.
  // The device must end on the later state. (In this flow RxDB itself held both streamed documents
  // until the answer, so this passed with the old rev order too; test/unit/inFlightArrivals.test.ts
  // has the cases where the order decides, which failed with it.)
  it.runIf(onRealPostgres)(
    'a write committed after the push but with an older xid is where the device ends',
    async () => {
      const { seed, db } = suite.server
      const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
      let writeNow: () => void = () => {}
      const gate = new Promise<void>((resolve) => {
        writeNow = resolve
      })
      let olderXid = ''
      const xidTaken = new Promise<void>((resolve) => {
        void db.transaction(async (tx) => {
          const { rows } = await tx.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')
          olderXid = rows[0]?.xid ?? ''
          resolve()
          await gate
          await tx.query('UPDATE slots SET blocked = true WHERE id = $1', [slot.id])
        })
      })
      await xidTaken
      const meanwhile = async () => {
        writeNow()
        // The other writer's rev (its xid), once its commit is visible.
        await eventually(async () => expect(await serverRevision('slots', slot.id)).toBe(olderXid))
        return `"rev":"${olderXid}"`
      }
      const phone = await suite.device(seed.providerB, 'inverted', {
        wrapFetch: answersAfterTheStream(meanwhile),
      })
      await phone.provider.setCapacity(slot.id, 5)
      await eventually(async () => {
        const doc = (await phone.db.slots.findOne(slot.id).exec())?.toJSON()
        expect(doc).toMatchObject({ maxBookings: 5, blocked: true, rev: olderXid })
        expect(doc?.localPending).toBeFalsy()
        expect(await pendingCount(phone)).toBe(0)
      })
    },
  )

  it('a capacity change then a deletion made offline land on the server’s tombstone, nothing left pending', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await suite.device(seed.providerB, 'delete', { wrapFetch: answersAfterTheStream() })
    phone.goOffline()
    await phone.provider.setCapacity(slot.id, 5)
    await phone.provider.deleteSlot(slot.id)
    phone.goOnline()
    // The deletion superseded the capacity: the server's tombstone keeps 3, the pushed one said 5.
    await eventually(async () => expect(await serverRevision('slots', slot.id)).not.toBe('missing'))
    await eventually(async () => expect(await pendingCount(phone)).toBe(0))
    expect(await phone.db.slots.findOne(slot.id).exec()).toBeNull()
  })

  it('a booking left PENDING (so not answered) lands on the server’s document, nothing left pending', async () => {
    const { seed } = suite.server
    // Provider A confirms by hand: the server ends where the device is and answers nothing.
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3 })
    const phone = await suite.device(seed.customerA, 'booking', { wrapFetch: answersAfterTheStream() })
    const booking = await phone.bookings.book(slot.id, '')
    await eventually(async () => {
      const doc = (await phone.db.bookings.findOne(booking.id).exec())?.toJSON()
      expect(doc).toMatchObject({ rev: await serverRevision('bookings', booking.id) })
      expect(doc?.reference).not.toBe('')
      expect(doc?.localPending).toBeFalsy()
      expect(await pendingCount(phone)).toBe(0)
    })
  })
})
