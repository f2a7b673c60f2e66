/**
 * Processing a push batch row by row: each row is validated on its own, runs in its own
 * transaction and has its own outcome, so one bad or refused row never fails the others. The answer
 * is RxDB's: the conflicts, i.e. the server's state of each document where the device's copy is not
 * the outcome (its assumed state was stale, or the server refused or changed what it sent; see the
 * collection's applyPush), plus the malformed rows, named. Refusals are values, so nothing is caught
 * here: an exception is a bug or a lost connection and fails the request.
 */
import type { z } from 'zod'
import type { Database } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import type { AnyReplicatedCollection, WireDocument } from './replicatedCollection.js'

export interface MalformedRow {
  index: number
  id: string | null
  issues: z.core.$ZodIssue[]
}

export interface PushOutcome {
  conflicts: WireDocument[]
  malformed: MalformedRow[]
}

export async function pushDocuments(
  db: Database,
  actor: Actor,
  collection: AnyReplicatedCollection,
  rows: readonly unknown[],
): Promise<PushOutcome> {
  const outcome: PushOutcome = { conflicts: [], malformed: [] }
  for (const [index, raw] of rows.entries()) {
    const parsed = collection.pushRow.safeParse(raw)
    if (!parsed.success) {
      outcome.malformed.push({ index, id: documentId(raw), issues: parsed.error.issues })
      continue
    }
    const row = parsed.data
    const conflict = await db.transaction((tx) => collection.applyPush(tx, actor, row))
    if (!conflict) continue
    const { recordRefusal } = collection
    if (conflict.refusal && recordRefusal)
      await db.transaction((tx) => recordRefusal(tx, actor, row, conflict))
    outcome.conflicts.push(conflict)
  }
  return outcome
}

function documentId(raw: unknown): string | null {
  const id = (raw as { newDocumentState?: { id?: unknown } } | null)?.newDocumentState?.id
  return typeof id === 'string' ? id.slice(0, 64) : null
}
