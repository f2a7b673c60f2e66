/**
 * Slots a provider changes that the device shows but has not stored yet (the first REST window,
 * slotWindow.ts, before the first pull has stored it): the server copy on screen is written to the
 * device, and the change made on it, to be pushed like any other offline change. To RxDB such a
 * document is one made on the device (no assumed master state): pushed as it is, the server would
 * take it for a replayed creation and answer its own state, dropping the change unseen. So the copy
 * shown is kept here as the base of the document's first push (the state the provider saw and
 * changed), until the server has answered that push; from then on RxDB holds the base itself.
 * Kept in a local document, so another tab (the one replicating) and a reload find it.
 */
import type { RxDocument } from 'rxdb'
import type { SlotDoc } from '../../shared/replication.js'
import type { PushRow } from './answeredBases.js'
import type { ClientDatabase } from './database.js'
import { onePerDatabase } from './onePerDatabase.js'
import { localList } from './localList.js'

export interface ShownServerCopies {
  /** Stores the shown server copy on the device (the stored one if the pull stored it meanwhile). */
  store(shown: SlotDoc): Promise<RxDocument<SlotDoc>>
  /** The rows with no base whose document started as a shown server copy, on that copy. */
  based<R extends PushRow>(rows: readonly R[]): Promise<R[]>
  /** The server answered a push of these rows (`answer`: its conflict documents). */
  answered(rows: readonly PushRow[], answer: readonly { id: string }[]): Promise<void>
}

export const shownServerCopies: (db: ClientDatabase) => ShownServerCopies = onePerDatabase(openCopies)

function openCopies(db: ClientDatabase): ShownServerCopies {
  const list = localList<SlotDoc>(db, 'shownServerCopies')
  const forget = (ids: ReadonlySet<string>) =>
    list.update((copies) => {
      const left = copies.filter((c) => !ids.has(c.id))
      return left.length === copies.length ? copies : left
    })
  return {
    async store(shown) {
      const { localPending: _pending, ...server } = shown
      await list.update((copies) => [...copies.filter((c) => c.id !== server.id), server])
      try {
        return await db.slots.insert(server)
      } catch (error) {
        // Stored meanwhile (the pull, another tab): that copy is the device's, with its own base.
        const stored = await db.slots.findOne(server.id).exec()
        if (!stored) throw error
        return stored
      }
    },
    async based(rows) {
      // A row with a base: RxDB holds the document's base from now on.
      const based = new Set(
        rows.filter((row) => row.assumedMasterState).map((row) => row.newDocumentState.id),
      )
      if (based.size > 0) await forget(based)
      if (based.size === rows.length) return [...rows]
      const copies = new Map((await list.current()).map((c) => [c.id, c]))
      return rows.map((row) => {
        const copy = row.assumedMasterState ? undefined : copies.get(row.newDocumentState.id)
        return copy ? { ...row, assumedMasterState: copy } : row
      })
    },
    async answered(rows, answer) {
      // Accepted as sent, RxDB stores the pushed state as the base. A conflict's answer is stored as the
      // base only when RxDB could also write the resolved document (answeredBases.ts): until a later
      // push carries a base, the copy stays, so that answeredBases.ts can put that push on the answer.
      const answered = new Set(answer.map((doc) => doc.id))
      await forget(new Set(rows.map((row) => row.newDocumentState.id).filter((id) => !answered.has(id))))
    },
  }
}
