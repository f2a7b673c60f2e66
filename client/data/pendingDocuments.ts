/**
 * The documents of one collection the device marked `localPending` and the server has not answered
 * yet, deletions included. RxDB's queries never return deleted documents, so they are asked of the
 * storage itself, where a deletion is a tombstone that keeps its mark until the server's tombstone
 * replaces it.
 *
 * The storage has no index on the mark, so each read scans the whole collection: a first pull of a
 * thousand slots re-read it after every stored page, once per subscriber, concurrently with the
 * pull's own writes (0.6 s each in Chromium, issue 13 goal 2). A change can alter the set only when
 * it touches a marked document (marked before or after it) or one the last read found, so the storage
 * is read again only then, and whenever a change arrives while a read is under way (the read may
 * have missed it).
 */
import {
  type Observable,
  auditTime,
  distinctUntilChanged,
  filter,
  finalize,
  startWith,
  switchMap,
} from 'rxjs'
import { type RxChangeEvent, type RxCollection, normalizeMangoQuery, prepareQuery } from 'rxdb'
import { sameItems } from './sameItems.js'

type Marked = { localPending?: boolean }

/** Emits the ids of the collection's pending documents whenever that list changes. */
export function pendingDocumentIds$(collection: RxCollection<Marked>): Observable<readonly string[]> {
  const schema = collection.schema.jsonSchema
  const primary = collection.schema.primaryPath as string
  const query = prepareQuery(schema, normalizeMangoQuery(schema, { selector: { localPending: true } }))
  let found = new Set<string>()
  let reading = 0
  const mayChangePending = (event: RxChangeEvent<Marked>) =>
    reading > 0 ||
    event.documentData?.localPending === true ||
    event.previousDocumentData?.localPending === true ||
    found.has(event.documentId)
  return collection.$.pipe(
    filter(mayChangePending),
    startWith(null),
    auditTime(20),
    switchMap(() => {
      reading++
      return collection.storageInstance
        .query(query)
        .then((result) => {
          const ids = result.documents.map((doc) => String((doc as Record<string, unknown>)[primary]))
          found = new Set(ids)
          return ids
        })
        .finally(() => reading--)
    }),
    distinctUntilChanged(sameItems),
    finalize(() => {
      found = new Set()
    }),
  )
}
