/**
 * The documents one change-feed window (F1, F2] changed, read once for every device (issue 15): one
 * statement per streamed collection over every row, whoever may see it, then split by scope in
 * wakeAudience.ts, so the cost is per window and not per device. The statement is the pull's own
 * (pullChanges.ts) with a scope that admits every row; a row rewritten after F2 is not in this
 * window (its newer xid belongs to the next one), exactly as a device's pull would see it.
 *
 * Only slots and bookings are carried: they are what many devices watch. A window with more
 * documents than a message should hold is not carried: its devices pull as before.
 */
import type { CollectionName } from '../../shared/replication.js'
import type { Queryable } from '../db/database.js'
import { bookingsCollection } from './bookingDocuments.js'
import { type ChangeSource, pullStatement } from './pullChanges.js'
import type { WireDocument } from './replicatedCollection.js'
import { slotsCollection } from './slotDocuments.js'

export const STREAMED_COLLECTIONS = ['slots', 'bookings'] as const satisfies readonly CollectionName[]
export type StreamedCollection = (typeof STREAMED_COLLECTIONS)[number]

/** The most documents one window carries per collection (the client pulls 200 a page). */
export const STREAMED_DOCUMENTS_MAX = 200

export interface StreamedWindow {
  /** F2: the checkpoint the documents bring a device to. */
  until: string
  /** Per collection, every document of the window, or absent when not carried. */
  documents: Partial<Record<StreamedCollection, WireDocument[]>>
  /** The organisation of each carried document (documents name none; a scope takes only its own). */
  organisationOf: Map<string, string>
}

/** Every row, whoever may see it; `$1` (no caller) stays typed. */
const EVERY_ROW = '$1::uuid IS NULL'

/**
 * The pull statement over every row, each row also naming its organisation (documents name none, and
 * the feed reads as the owner, across organisations), in the same statement.
 */
function windowStatement(source: ChangeSource<never>): string {
  return pullStatement(
    {
      ...source,
      // Every row, whatever a device's horizon: a device bounded by one checks the documents against
      // it before taking a message (client/data/changeStream.ts).
      horizon: undefined,
      select: `${source.select}, ${source.alias}.organisation_id::text AS window_organisation_id`,
      scope: { customer: EVERY_ROW, provider: EVERY_ROW },
    },
    'customer',
  )
}

const SOURCES: Record<StreamedCollection, { source: ChangeSource<never>; statement: string }> = {
  slots: {
    source: slotsCollection.source as unknown as ChangeSource<never>,
    statement: windowStatement(slotsCollection.source as unknown as ChangeSource<never>),
  },
  bookings: {
    source: bookingsCollection.source as unknown as ChangeSource<never>,
    statement: windowStatement(bookingsCollection.source as unknown as ChangeSource<never>),
  },
}

export function isStreamed(collection: CollectionName): collection is StreamedCollection {
  return (STREAMED_COLLECTIONS as readonly string[]).includes(collection)
}

/** Reads the window (since, until] of each changed streamed collection in `changed` (one statement each). */
export async function readStreamedWindow(
  db: Queryable,
  since: string,
  until: string,
  changed: ReadonlySet<CollectionName>,
): Promise<StreamedWindow> {
  const window: StreamedWindow = { until, documents: {}, organisationOf: new Map() }
  const now = new Date()
  for (const collection of STREAMED_COLLECTIONS) {
    if (!changed.has(collection)) continue
    const { source, statement } = SOURCES[collection]
    const { rows } = await db.query<{ window_organisation_id: string }>(statement, [
      null,
      since,
      until,
      null,
      null,
      STREAMED_DOCUMENTS_MAX + 1,
      null,
      null,
    ])
    if (rows.length > STREAMED_DOCUMENTS_MAX) continue
    const documents = rows.map((row) => {
      const doc = source.toDocument(row as never, now) as WireDocument
      window.organisationOf.set(doc.id, row.window_organisation_id)
      return doc
    })
    window.documents[collection] = documents
  }
  return window
}
