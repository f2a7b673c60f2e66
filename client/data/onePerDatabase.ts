/**
 * One instance of something per client database, shared by everything that asks for it with that
 * database (the actions, the replication, the views): made by `open` on first use.
 */
import type { ClientDatabase } from './database.js'

export function onePerDatabase<T>(open: (db: ClientDatabase) => T): (db: ClientDatabase) => T {
  const made = new WeakMap<ClientDatabase, T>()
  return (db) => {
    const existing = made.get(db)
    if (existing !== undefined) return existing
    const instance = open(db)
    made.set(db, instance)
    return instance
  }
}
