/**
 * Server documents that arrive while the device's own change to them is being pushed.
 *
 * RxDB's downstream drops a pulled or streamed document whose local copy holds a write the server
 * has not acknowledged yet ("the upstream will resolve it") and moves its checkpoint past it. The
 * server answers an accepted push with nothing when it ended where the device is
 * (server/replication/pushDocuments.ts), so when the stream brought the write's result (the new
 * `rev`, server-made fields, `localPending` gone) before the push's own HTTP answer, the device never
 * learnt it: the document kept `localPending` (the sync indicator said "1 change waiting" for good)
 * and its old `rev`. Under load that order is common: the feed sends within milliseconds of the
 * commit, while the push answer still has to travel back through a busy event loop.
 *
 * So every document that arrives while its id is being pushed is kept (the latest one) until that
 * push is answered, and then given to RxDB as the server's answer for the row where:
 * - the server answered nothing and the kept document already carries the change pushed (so it is
 *   the write's result or later, never an older state the device would step back to), or
 * - the server answered with an older state of the row than the kept one (the refusal is kept with it).
 * RxDB's conflict path then writes it to the local copy and stores it as the base, exactly what the
 * dropped pull would have done. A push that fails keeps its ids held: its retry may be answered
 * with nothing again.
 *
 * Which state of a row is later is never read off the revs: a rev is the writing transaction's id,
 * drawn at its first write, and a transaction that drew its id first can write the row after another
 * (it waited for the row lock), so the later state may carry the lower rev. Every document arrives
 * with the snapshot it was read as of (its pull page's or streamed window's checkpoint: it is its
 * row's latest version visible there), and a state with rev r is at or after the state written by
 * transaction w exactly when w is visible in r's snapshot: a snapshot sees every commit before it.
 * Documents that came without a snapshot are taken in the order they arrived.
 */
import { deepEqual } from 'rxdb/plugins/utils'
import { visibleInSnapshot } from '../../shared/replication.js'

export interface ServerDocument {
  id: string
  rev?: string | null
}

interface PushedRow {
  assumedMasterState?: ServerDocument | null
  newDocumentState: ServerDocument
}

/** Fields the device never pushes as an intent: the server's revision and the local marks. */
const NOT_INTENT = new Set(['rev', 'localPending', '_meta', '_rev', '_attachments'])

export interface InFlightArrivals {
  /** A push of these rows starts. */
  pushing(rows: readonly PushedRow[]): void
  /** Documents a pull or the stream delivered, read as of `snapshot` (pg_snapshot text; null: unknown). */
  arrived(documents: readonly ServerDocument[], snapshot: string | null): void
  /** The server's answer to the push of `rows`, with the documents it overtook. */
  answered<D extends ServerDocument>(rows: readonly PushedRow[], answer: readonly D[]): D[]
}

export function inFlightArrivals(): InFlightArrivals {
  const pushed = new Set<string>()
  const held = new Map<string, Arrival>()
  return {
    pushing(rows) {
      for (const row of rows) pushed.add(row.newDocumentState.id)
    },
    arrived(documents, snapshot) {
      if (pushed.size === 0) return
      for (const doc of documents) {
        if (!pushed.has(doc.id)) continue
        const kept = held.get(doc.id)
        const arrival = { doc, snapshot }
        if (!kept || !supersedes(kept.doc, arrival)) held.set(doc.id, arrival)
      }
    },
    answered<D extends ServerDocument>(rows: readonly PushedRow[], answer: readonly D[]): D[] {
      const answers = new Map(answer.map((doc) => [doc.id, doc]))
      const newerThanAnswer = new Map<string, ServerDocument>()
      const overtaken: ServerDocument[] = []
      for (const row of rows) {
        const id = row.newDocumentState.id
        pushed.delete(id)
        const arrival = held.get(id)
        held.delete(id)
        if (!arrival) continue
        const kept = arrival.doc
        const given = answers.get(id) as
          | (ServerDocument & { refusal?: unknown; refusals?: unknown })
          | undefined
        if (!given) {
          if (carriesIntent(kept, row)) overtaken.push(kept)
        } else if (follows(arrival, given)) {
          const { refusal, refusals } = given
          newerThanAnswer.set(id, {
            ...kept,
            ...(refusal ? { refusal } : {}),
            ...(refusals ? { refusals } : {}),
          })
        }
      }
      return [
        ...answer.map((doc) => (newerThanAnswer.get(doc.id) as D | undefined) ?? doc),
        ...(overtaken as D[]),
      ]
    },
  }
}

/** Whether the server's document already holds what the row pushed (a document it created does). */
function carriesIntent(server: ServerDocument, row: PushedRow): boolean {
  const before = row.assumedMasterState
  if (!before) return true
  // A deletion supersedes whatever else the same push changed (the server keeps the rest as it was).
  if (isDeleted(row.newDocumentState)) return isDeleted(server)
  const after = row.newDocumentState as unknown as Record<string, unknown>
  const base = before as unknown as Record<string, unknown>
  const now = server as unknown as Record<string, unknown>
  return Object.keys(after).every(
    (field) =>
      NOT_INTENT.has(field) || deepEqual(after[field], base[field]) || deepEqual(after[field], now[field]),
  )
}

const isDeleted = (doc: ServerDocument) => (doc as { _deleted?: boolean })._deleted === true

/** A document as it arrived, with the snapshot it was read as of (null: not known). */
interface Arrival {
  doc: ServerDocument
  snapshot: string | null
}

/** Whether `arrival` is a later state of the row than `state`; unknowable ones count as later. */
function follows(arrival: Arrival, state: ServerDocument): boolean {
  if (arrival.doc.rev === state.rev) return false
  if (!arrival.snapshot || !state.rev) return true
  return visibleInSnapshot(state.rev, arrival.snapshot)
}

/** Whether `state` is a later state of the row than `arrival` (an earlier arrival stays behind it). */
function supersedes(state: ServerDocument, arrival: Arrival): boolean {
  return (
    state.rev !== arrival.doc.rev &&
    arrival.snapshot !== null &&
    !!state.rev &&
    !visibleInSnapshot(state.rev, arrival.snapshot)
  )
}
