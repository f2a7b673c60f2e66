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

export interface ReplicatedCollection<Row, PushRow extends { newDocumentState: WireDocument }> {
  name: string
  source: ChangeSource<Row>
  pushRow: z.ZodType<PushRow>
  /**
   * Applies one pushed row in its transaction and returns the server's state of the document after
   * it (unchanged on a conflict or a refusal). Domain refusals are handled inside.
   */
  applyPush(tx: Queryable, actor: Actor, row: PushRow): Promise<WireDocument>
  /** The caller's view of one document, or null when it does not exist for them. */
  read(tx: Queryable, actor: Actor, id: string): Promise<WireDocument | null>
}

export type AnyReplicatedCollection = ReplicatedCollection<never, { newDocumentState: WireDocument }>

export type RoleStatements = Record<Role, string>
