/**
 * Changes carried by the stream (issue 15, shared/streamedChanges.ts): a device that takes a
 * scope's streamed documents as its next pull step, then pulls normally, gets every later change
 * exactly once: nothing the message carried comes again (no duplicate) and nothing committed after
 * it is skipped (no loss). Then the real client (RxDB's own loop) takes a slot change from the
 * stream without pulling, and still converges when it pulls afterwards; and the slot it carried is
 * shown from memory over the older stored copy until RxDB has stored it (client/data/arrivedSlots.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Slot } from '../../shared/schemas.js'
import type { Checkpoint, SlotDoc, SlotWireDoc } from '../../shared/replication.js'
import { type StreamedChanges, continuation } from '../../shared/streamedChanges.js'
import { updateSlot } from '../../server/domain/slots.js'
import { openDevice } from '../helpers/deviceClient.js'
import { eventually } from '../helpers/eventually.js'
import { type EventStreamReader, readEventStream } from '../helpers/replicationDocs.js'
import { startTestServer, type TestServer } from '../helpers/testServer.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ FEED_POLL_MS: 20 })
})
afterAll(async () => {
  await server?.close()
})

/** The `documents` messages for slots a stream has received so far. */
function slotMessages(stream: EventStreamReader): StreamedChanges[] {
  return [...stream.text().matchAll(/event: documents\ndata: (.*)\n\n/g)]
    .map((m) => JSON.parse(m[1] as string) as StreamedChanges)
    .filter((m) => m.collection === 'slots')
}

describe('a stream-carried change followed by a normal pull', () => {
  it('never loses or duplicates a document, round after round', async () => {
    const token = await server.signIn(server.seed.customerA.email)
    const api = server.api(token)
    const pull = async (checkpoint: Checkpoint | null) => {
      const query = checkpoint ? `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}` : ''
      const res = await api.get(`/api/replication/slots/pull?batchSize=1000${query}`)
      expect(res.status).toBe(200)
      return res.body as { documents: SlotWireDoc[]; checkpoint: Checkpoint }
    }
    // As the client does: connect, then pull.
    const stream = await readEventStream(`${server.url}/api/replication/stream`, token)
    try {
      await stream.waitFor(/: connected\n\n/)
      const first = await pull(null)
      const held = new Map(first.documents.map((d) => [d.id, d]))
      let checkpoint = first.checkpoint
      let seen = 0
      const slots: Slot[] = []
      for (let round = 0; round < 4; round++) {
        // A change the stream carries.
        const streamed = await server.seed.createSlot({ provider: server.seed.providerA })
        slots.push(streamed)
        await eventually(async () => {
          expect(slotMessages(stream).some((m) => m.documents.some((d) => d.id === streamed.id))).toBe(true)
        }, 5000)
        for (const message of slotMessages(stream).slice(seen)) {
          seen++
          const next = continuation(checkpoint, message)
          expect(next).not.toBe('resync')
          if (next !== 'apply') continue
          for (const doc of message.documents) held.set(doc.id, doc as unknown as SlotWireDoc)
          checkpoint = message.checkpoint
        }
        expect(held.has(streamed.id)).toBe(true)
        // A change the device pulls: exactly it, not the streamed one again.
        const pulledChange = await server.db.transaction((tx) =>
          updateSlot(tx, server.seed.providerA, (slots[round - 1] ?? streamed).id, {
            maxBookings: 7 + round,
          }),
        )
        expect(pulledChange.ok).toBe(true)
        // The device pulls once the stream has sent the change too, so the message's window ends
        // before the pull's snapshot. (Pulled before the feed's poll, the message would end after
        // it and be a valid 'apply', which this round does not test.)
        const changedId = (slots[round - 1] ?? streamed).id
        await eventually(async () => {
          const sent = slotMessages(stream)
            .slice(seen)
            .some((m) => m.documents.some((d) => d.id === changedId && d.maxBookings === 7 + round))
          expect(sent).toBe(true)
        }, 5000)
        const page = await pull(checkpoint)
        expect(page.documents.map((d) => d.id)).toEqual([changedId])
        for (const doc of page.documents) held.set(doc.id, doc)
        checkpoint = page.checkpoint
        // The messages for the pulled change are past the device's checkpoint now: skipped.
        for (const message of slotMessages(stream).slice(seen)) {
          seen++
          expect(continuation(checkpoint, message)).toBe('skip')
        }
      }
      // Everything the device holds is the server's current state.
      const everything = await pull(null)
      expect(new Map([...held].filter(([, d]) => !d._deleted))).toEqual(
        new Map(everything.documents.map((d) => [d.id, d])),
      )
    } finally {
      await stream.close()
    }
  })

  it('the real client takes a slot change from the stream without pulling, and converges', async () => {
    const customer = await server.seed.createCustomer()
    const device = await openDevice({
      baseUrl: server.url,
      email: customer.email,
      password: customer.password,
    })
    try {
      await device.awaitInSync()
      await expect.poll(() => device.replication().stream.connected$.value, { timeout: 5000 }).toBe(true)
      await device.awaitInSync()
      const items: string[] = []
      const watch = device
        .replication()
        .stream.resync.slots.subscribe((item) => items.push(item === 'RESYNC' ? item : 'documents'))
      const slot = await server.seed.createSlot({ provider: server.seed.providerB, maxBookings: 3 })
      await eventually(async () => expect(await device.slot(slot.id)).not.toBeNull(), 5000)
      watch.unsubscribe()
      expect(items).toContain('documents')
      expect(items).not.toContain('RESYNC')
      // A normal pull afterwards brings the next change and nothing is lost or doubled.
      const changed = await server.db.transaction((tx) =>
        updateSlot(tx, server.seed.providerB, slot.id, { maxBookings: 5 }),
      )
      expect(changed.ok).toBe(true)
      device.replication().reSync()
      await eventually(async () => expect(await device.slot(slot.id)).toMatchObject({ maxBookings: 5 }), 5000)
      await device.awaitInSync()
      const local = await device.db.slots.find().exec()
      const ids = local.map((d) => d.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids).toContain(slot.id)
    } finally {
      await device.close()
    }
  })

  it('the real client shows a streamed slot from memory until it is stored, then the stored copy', async () => {
    const customer = await server.seed.createCustomer()
    const slot = await server.seed.createSlot({ provider: server.seed.providerB, maxBookings: 3 })
    const device = await openDevice({
      baseUrl: server.url,
      email: customer.email,
      password: customer.password,
    })
    try {
      await eventually(async () => expect(await device.slot(slot.id)).not.toBeNull(), 5000)
      await expect.poll(() => device.replication().stream.connected$.value, { timeout: 5000 }).toBe(true)
      await device.awaitInSync()
      const before = (await device.db.slots.findOne(slot.id).exec())?.toJSON() as unknown as SlotDoc
      const arrivals = device.replication().arrivedSlots
      const all = () => true
      // A view shows the stored copy (useSlots lays arrivals over what its query gives at every change).
      arrivals.overlay([before], all)
      const changed = await server.db.transaction((tx) =>
        updateSlot(tx, server.seed.providerB, slot.id, { maxBookings: 6 }),
      )
      expect(changed.ok).toBe(true)
      // Over the copy stored before the change, the arrival shows (however far RxDB has got).
      await expect.poll(() => arrivals.overlay([before], all)[0]?.maxBookings, { timeout: 5000 }).toBe(6)
      await eventually(async () => expect(await device.slot(slot.id)).toMatchObject({ maxBookings: 6 }), 5000)
      // Stored: the stored copy shows, and the arrival has left memory.
      const after = (await device.db.slots.findOne(slot.id).exec())?.toJSON() as unknown as SlotDoc
      expect(arrivals.overlay([after], all)).toEqual([after])
      expect(arrivals.overlay([before], all)).toEqual([before])
    } finally {
      await device.close()
    }
  })
})
