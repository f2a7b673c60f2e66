/**
 * A customer's note with an invisible pasted character (Word's vertical tab) is booked with the
 * character cleaned (shared/freeTextCleaning.ts), not refused: the customer could not see it to
 * remove it (client/data/bookingActions.ts).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterEach, expect, it } from 'vitest'
import { bookingActions } from '../../client/data/bookingActions.js'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { slotDoc } from '../helpers/replicationDocs.js'

let db: ClientDatabase | undefined
afterEach(async () => {
  await db?.close()
  db = undefined
})

it('books a note pasted with a vertical tab as the customer saw it, its line breaks kept', async () => {
  db = await openClientDatabase({
    name: `notes_${Date.now()}`,
    indexedDB: new IDBFactory(),
    IDBKeyRange,
    devMode: false,
  })
  const slot = slotDoc(new Date(Date.now() + 86_400_000).toISOString())
  await db.slots.insert(slot)
  const actions = bookingActions(db, {
    token: 't',
    user: {
      id: '00000000-0000-4000-8000-00000000000c',
      name: 'Cu',
      email: 'c@example.test',
      role: 'customer',
    },
  } as never)
  const booked = await actions.book(slot.id, 'Knee\u000bbrace\u0000\nthanks')
  expect(booked.notes).toBe('Knee brace\nthanks')
  expect((await db.bookings.findOne(booked.id).exec())?.notes).toBe('Knee brace\nthanks')
})
