/**
 * The replicated documents and the wire shapes of the replication protocol (RxDB's pull/push over
 * HTTP), shared by server/replication and client/data. Documents are the domain shapes plus:
 *  - `rev`: the server's revision of the row (the xid8 of the transaction that last wrote it, as
 *    text); null on a document the server has never seen. A push whose assumed `rev` differs from
 *    the server's is a conflict.
 *  - `seatTags` (slots): the seat tags (shared/seatTags.ts) of every active booking on the slot, read
 *    in the same snapshot as `currentBookings`, sorted; it lets a device tell which of its own bookings
 *    the counter already includes (see displayedBookings in availability.ts) while every viewer gets
 *    the same slot document.
 *  - `localPending` (client-only marker): set by a device on its own unacknowledged writes; the server
 *    never stores or returns it, so the server's copy replacing the local one clears it.
 */
import { z } from 'zod'
import { Booking, Id, IsoInstant, MAX_CAPACITY, NewId, Slot, StatusReason } from './schemas.js'
import { SeatTag } from './seatTags.js'
import { ChangeRefusal } from './slotChangeRules.js'

/** The largest xid8 PostgreSQL accepts (an unsigned 64-bit integer). */
const XID8_MAX = 2n ** 64n - 1n

export const Revision = z
  .string()
  .regex(/^\d{1,20}$/, 'expected a transaction id')
  .refine((text) => /^\d{1,20}$/.test(text) && BigInt(text) <= XID8_MAX, 'transaction id out of range')

export const SlotDoc = Slot.extend({
  rev: Revision.nullable(),
  seatTags: z.array(SeatTag).max(MAX_CAPACITY),
  localPending: z.boolean().optional(),
})
export type SlotDoc = z.infer<typeof SlotDoc>

export const BookingDoc = Booking.extend({
  rev: Revision.nullable(),
  localPending: z.boolean().optional(),
})
export type BookingDoc = z.infer<typeof BookingDoc>

/** A document on the wire carries RxDB's tombstone flag. */
const Tombstone = { _deleted: z.boolean() }
export const SlotWireDoc = SlotDoc.extend(Tombstone)
export const BookingWireDoc = BookingDoc.extend(Tombstone)
export type SlotWireDoc = z.infer<typeof SlotWireDoc>
export type BookingWireDoc = z.infer<typeof BookingWireDoc>

export const REPLICATED_COLLECTIONS = ['slots', 'bookings', 'waitlist', 'notifications'] as const
export const CollectionName = z.enum(REPLICATED_COLLECTIONS)
export type CollectionName = z.infer<typeof CollectionName>

const SNAPSHOT_FORM = /^\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20})*)?$/

/**
 * pg_snapshot text form 'xmin:xmax:xip1,xip2,...', with the rules PostgreSQL's pg_snapshot input
 * enforces (0 < xmin <= xmax, xmin <= each xip < xmax, xips ascending, and neither xmin nor xmax a
 * multiple of 2^32: its 32-bit part would be InvalidTransactionId): a checkpoint that only looks
 * like a snapshot is the client's mistake (400), never the database's error (500).
 */
export const SnapshotText = z
  .string()
  .max(20_000)
  .regex(SNAPSHOT_FORM, 'expected a pg_snapshot')
  .refine(
    isValidSnapshot,
    'not a valid pg_snapshot (needs 0 < xmin <= xmax, xmin <= xip < xmax, xips ascending, no xmin or xmax whose 32-bit part is 0)',
  )

/** PostgreSQL refuses an xmin or xmax whose 32-bit xid is 0 (InvalidTransactionId), in any epoch. */
const validXid = (xid: bigint) => (xid & 0xffffffffn) !== 0n

function isValidSnapshot(text: string): boolean {
  // zod runs refinements even after the regex failed: only parse what has the form.
  if (!SNAPSHOT_FORM.test(text)) return false
  const { xmin, xmax, xip } = parseSnapshot(text)
  if (!validXid(xmin) || xmin > xmax || !validXid(xmax) || xmax > XID8_MAX) return false
  let previous = xmin
  for (const x of xip) {
    if (x < previous || x >= xmax) return false
    previous = x
  }
  return true
}

export interface Snapshot {
  xmin: bigint
  xmax: bigint
  /** In progress when it was taken, in the text's order. */
  xip: bigint[]
}

/** The numbers of a pg_snapshot text 'xmin:xmax:xip1,xip2,...' (text of that form: SnapshotText). */
export function parseSnapshot(text: string): Snapshot {
  const [xmin = '0', xmax = '0', xips = ''] = text.split(':')
  return { xmin: BigInt(xmin), xmax: BigInt(xmax), xip: xips === '' ? [] : xips.split(',').map(BigInt) }
}

/**
 * Whether the transaction `xid` had committed when `snapshot` (pg_snapshot text) was taken, as
 * PostgreSQL's pg_visible_in_snapshot says: below xmin, or below xmax and not in progress.
 */
export function visibleInSnapshot(xid: string, snapshot: string): boolean {
  const { xmin, xmax, xip } = parseSnapshot(snapshot)
  const x = BigInt(xid)
  return x < xmin || (x < xmax && !xip.includes(x))
}

/**
 * The snapshot a page of documents was read as of: every document in a pull page or a streamed
 * window is its row's latest version visible in it (server/replication/pullChanges.ts).
 */
export function readAsOf(checkpoint: Checkpoint): string | null {
  return checkpoint.until ?? checkpoint.since
}

/**
 * Where a device is in the change feed: the window (since, until] of snapshots it is reading, and,
 * inside a window that spans several pages, the last (xid, id) it received. See server/replication/pullChanges.ts.
 */
export const Checkpoint = z.object({
  since: SnapshotText.nullable(),
  until: SnapshotText.nullable(),
  after: z.object({ xid: Revision, id: Id }).nullable(),
  /**
   * A collection bounded by a time horizon (a customer's slots, server/replication/slotHorizon.ts):
   * the end of the horizon the device holds (rows starting before it, plus those always in view).
   * Absent or null: no bound (the device holds the whole future).
   */
  horizon: IsoInstant.nullable().optional(),
  /**
   * Only inside a window (until set) during which the horizon advanced: the old end. Rows starting in
   * [band, horizon) entered the device's view without changing, so this window sends them all.
   */
  band: IsoInstant.nullable().optional(),
})
export type Checkpoint = z.infer<typeof Checkpoint>

/** The largest pull page (the device asks for it; client/data/replication.ts says why this size). */
export const PULL_BATCH_MAX = 2000

/** The pull query as sent; `checkpoint` is the JSON of a Checkpoint (absent on a first pull). */
export const PullQuery = z.object({
  checkpoint: z.string().max(25_000).optional(),
  batchSize: z.coerce.number().int().min(1).max(PULL_BATCH_MAX).default(100),
})

/** Parses the checkpoint text of a pull query; null for a first pull. */
export function parseCheckpoint(text: string | undefined): z.ZodSafeParseResult<Checkpoint | null> {
  if (text === undefined || text === '') return { success: true, data: null }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return Checkpoint.safeParse(undefined)
  }
  return Checkpoint.nullable().safeParse(json)
}

export interface PullResponse<D> {
  documents: D[]
  checkpoint: Checkpoint
}

/**
 * The slots of one time window (the week a device shows first), read at once while its first pull
 * is still storing the whole copy, or past the device's horizon:
 * `GET /api/replication/slots/window?from=&to=[&providerId=][&serviceId=]`. At most SLOT_WINDOW_MAX
 * documents, in start order; a view of one provider's or one service's slots (a weekly series'
 * sessions over a year) names them, so other providers' slots do not use up the window.
 */
export const SLOT_WINDOW_MAX = 2000
export const SlotWindowQuery = z
  .object({ from: IsoInstant, to: IsoInstant, providerId: Id.optional(), serviceId: Id.optional() })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'to must be after from', path: ['to'] })
export type SlotWindowQuery = z.infer<typeof SlotWindowQuery>

export const PUSH_BATCH_MAX = 500

/**
 * The largest request body the server takes (413 beyond it). A push batch can be larger (500 rows
 * with long notes, or slot documents carrying many seat tags, twice when the row has its assumed
 * state): the client sends it in parts that fit (client/data/pushParts.ts).
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024

/** One push row before per-collection validation (each row is validated on its own). */
export const PushBody = z.array(z.unknown()).max(PUSH_BATCH_MAX)

/**
 * A slot as a device pushes it: its capacity is parsed as any whole number, so one out of range is the
 * server's refusal (a conflict document with its reason), not a malformed row that blocks the queue.
 */
export const SlotPushDoc = SlotWireDoc.extend({ maxBookings: z.number().int() })
export type SlotPushDoc = z.infer<typeof SlotPushDoc>
export const SlotPushRow = z.object({
  assumedMasterState: SlotPushDoc.nullable().optional(),
  /** A device may create the document: its id is a NewId. */
  newDocumentState: SlotPushDoc.extend({ id: NewId }),
})
export type SlotPushRow = z.infer<typeof SlotPushRow>

/**
 * The server's answer to a pushed document: its state, and why it refused the change if it did: one
 * refusal per refused field (`refusals`, shared/slotChangeRules.ts), the first also as `refusal`.
 */
const Refused = { refusal: ChangeRefusal.optional(), refusals: z.array(ChangeRefusal).max(8).optional() }
export const SlotAnswer = SlotPushDoc.extend(Refused)
export type SlotAnswer = z.infer<typeof SlotAnswer>
export const BookingAnswer = BookingWireDoc.extend(Refused)
export type BookingAnswer = z.infer<typeof BookingAnswer>
/**
 * A booking as a device pushes it. `customerName` (from the users table), `reference` and `declined`
 * (the status command's) are the server's to fill: a
 * pushed one is stripped on parse and never read (nor required, so devices that predate it still push).
 * Its free text is held to the rules of the REST bodies: the notes (BookingNotes) already in Booking,
 * the provider's reason here (StatusReason; Booking's own is the stored text, which it may not be).
 */
export const BookingPushDoc = BookingWireDoc.omit({
  customerName: true,
  reference: true,
  declined: true,
}).extend({
  statusReason: StatusReason.nullish(),
})
export type BookingPushDoc = z.infer<typeof BookingPushDoc>
export const BookingPushRow = z.object({
  assumedMasterState: BookingPushDoc.nullable().optional(),
  /** A device may create the document: its id is a NewId. */
  newDocumentState: BookingPushDoc.extend({ id: NewId }),
})
export type BookingPushRow = z.infer<typeof BookingPushRow>

/** The server-sent event a stream subscriber receives when a collection changed. */
export const STREAM_CHANGE_EVENT = 'change'

/**
 * The server-sent event a user's streams receive when their account (the profile: name, phone, time
 * zones) changed, on any device: the device reads the user again (GET /api/session).
 */
export const STREAM_ACCOUNT_EVENT = 'account'
