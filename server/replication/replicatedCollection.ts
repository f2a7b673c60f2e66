/**
 * What the replication endpoints need to know about one collection. Adding a collection (e.g.
 * notifications) = one more of these in collections.ts, a table with id, deleted and change_xid
 * stamped by the stamp_change trigger (the change feed polls it), and its client schema.
 */
import type { z } from 'zod'
import type { Role } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import type { ChangeSource } from './pullChanges.js'

export interface WireDocument {
  id: string
  _deleted: boolean
}

export interface ReplicatedCollection<
  Row,
  PushRow extends { newDocumentState: WireDocument },
  Answer extends WireDocument = WireDocument,
> {
  name: string
  source: ChangeSource<Row>
  pushRow: z.ZodType<PushRow>
  /**
   * The fields of a pushed document holding text a user typed: a row malformed only there is applied
   * with the text cleaned, and answered with the server's state and a refusal per cleaned field
   * (freeTextRepair.ts), never refused whole (a 400 would stop the device's sync for good).
   */
  freeText?: readonly string[]
  /**
   * Applies one pushed row in its transaction. Returns the server's state of the document when the
   * device must correct its copy (its assumed state was stale, or the server refused or changed what
   * it sent), or null when the device's copy already is the outcome. Refusals are values here: the
   * transaction commits whatever the command accepted and nothing of what it refused.
   */
  applyPush(tx: Queryable, actor: Actor, row: PushRow, locked?: LockedDocuments): Promise<Answer | null>
  /**
   * Optional: reads and locks the caller's view of every document of a push batch in one statement
   * (ids are distinct), so that applyPush need not read each row on its own (issue 13: one round trip
   * per batch instead of one per row). applyPush then gets the result as `locked`.
   */
  lockBatch?(tx: Queryable, actor: Actor, ids: readonly string[]): Promise<LockedDocuments>
  /**
   * Optional, with lockBatch: applies a whole batch of distinct ids (locked by lockBatch) with the
   * outcome of each row exactly as applyPush would give it, in batch order; the answers are in the
   * rows' order. Lets a collection do the common work of many rows in a few set-based statements
   * (issue 13: bookings made offline).
   */
  applyBatch?(
    tx: Queryable,
    actor: Actor,
    rows: readonly PushRow[],
    locked: LockedDocuments,
  ): Promise<(Answer | null)[]>
  /**
   * Records a refused push (an answer carrying a refusal) in the audit trail. Runs in a transaction of
   * its own after the batch's, so it is recorded whatever the batch's transaction did.
   */
  recordRefusal?(tx: Queryable, actor: Actor, row: PushRow, answer: Answer): Promise<void>
}

/** Documents of a push batch as the caller sees them, locked; an id absent here does not exist for them. */
export type LockedDocuments = ReadonlyMap<string, WireDocument>

export type AnyReplicatedCollection = ReplicatedCollection<
  never,
  { newDocumentState: WireDocument },
  WireDocument & { refusal?: unknown }
>

export type RoleStatements = Record<Role, string>

const revisions = new WeakMap<Queryable, Promise<string>>()

/**
 * The revision a row written by the transaction `tx` carries (its change_xid, see pullChanges.ts).
 * A transaction has one id while it runs, so it is asked once per transaction (a push answering 500
 * new bookings used to ask 500 times). `tx` must be a transaction's own Queryable (each is a new object).
 */
export function currentRevision(tx: Queryable): Promise<string> {
  let revision = revisions.get(tx)
  if (!revision) {
    revision = tx.query<{ rev: string }>('SELECT pg_current_xact_id()::text AS rev').then(({ rows }) => {
      const rev = rows[0]?.rev
      if (rev === undefined) throw new Error('pg_current_xact_id() returned no row')
      return rev
    })
    revisions.set(tx, revision)
  }
  return revision
}
