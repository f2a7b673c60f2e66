/**
 * Changes carried by the live stream (issue 15: what a scope's devices receive for a change is
 * computed once per scope and shared). The server's change feed reads the documents a poll window
 * (F1, F2] changed once, splits them by scope (every slot for customers, a provider's slots and
 * bookings, a customer's bookings) and sends each scope's devices the same message:
 * the documents, the checkpoint {since: F2} they bring a device to, and `quietSince`, a snapshot
 * since which nothing in that scope changed before F1.
 *
 * A device may take the message as the next step of its pull (RxDB's pull.stream$ with
 * {documents, checkpoint}) only when it is a contiguous continuation of the device's own checkpoint
 * (RxDB stores whatever checkpoint comes with the documents): the device has read everything up to
 * its snapshot P, so with quietSince ⊑ P ⊑ F2 the message holds every change of its scope in
 * (P, F2] (and perhaps some it already has, in their state at F2, which is never older than the
 * device's). Otherwise the device pulls as before ('RESYNC'). The snapshot checkpoint stays the
 * truth (invariant 4): a lost or duplicated message costs a pull, never a document.
 */
import { z } from 'zod'
import {
  type Checkpoint,
  Checkpoint as CheckpointSchema,
  CollectionName,
  SnapshotText,
  parseSnapshot,
} from './replication.js'

/** The server-sent event carrying a scope's changed documents. */
export const STREAM_DOCUMENTS_EVENT = 'documents'

export const StreamedChanges = z.object({
  collection: CollectionName,
  quietSince: SnapshotText,
  checkpoint: CheckpointSchema,
  documents: z.array(z.looseObject({ id: z.string(), _deleted: z.boolean() })),
})
export type StreamedChanges = z.infer<typeof StreamedChanges>

/**
 * Whether every transaction visible in snapshot `earlier` is visible in `later` (earlier ⊑ later).
 * Conservative: it may answer false for a pair that is ordered (then the device only pulls).
 * A transaction is invisible in `later` when it is at or past later's xmax or in later's in-progress
 * list; each of those must be invisible in `earlier` too.
 */
export function snapshotCovers(later: string, earlier: string): boolean {
  const l = parseSnapshot(later)
  const e = parseSnapshot(earlier)
  if (e.xmax > l.xmax) return false
  const inProgressEarlier = new Set(e.xip)
  for (const xid of l.xip) if (xid < e.xmax && !inProgressEarlier.has(xid)) return false
  return true
}

export type Continuation = 'apply' | 'skip' | 'resync'

/**
 * What a device whose pull stands at `device` does with a streamed message: 'apply' it as the next
 * pull step, 'skip' it (the device has read past its end already), or 'resync' (pull).
 * `device` is null/undefined when the device does not know its checkpoint (before its first pull, or
 * while a pull is running); a checkpoint with `until` is in the middle of a multi-page window.
 */
export function continuation(device: Checkpoint | null | undefined, message: StreamedChanges): Continuation {
  const at = device?.since
  if (!device || !at || device.until !== null || device.after !== null) return 'resync'
  const end = message.checkpoint.since
  if (!end) return 'resync'
  if (snapshotCovers(at, end)) return 'skip'
  return snapshotCovers(at, message.quietSince) && snapshotCovers(end, at) ? 'apply' : 'resync'
}
