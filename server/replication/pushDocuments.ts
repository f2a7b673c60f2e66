/**
 * Processing a push batch row by row: each row is validated on its own, runs in its own
 * transaction and has its own outcome, so one bad or refused row never fails the others. The answer
 * is RxDB's: the server's state of every document the device does not already hold exactly as it is
 * (conflicts, refusals, and accepted writes the server completed with its own fields), plus the
 * malformed rows, named.
 */
import { isDeepStrictEqual } from 'node:util'
import type { z } from 'zod'
import { DomainError } from '../../shared/errors.js'
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
    const server = await serverStateAfterPush(db, actor, collection, parsed.data)
    const sent = (raw as { newDocumentState: unknown }).newDocumentState
    if (!isDeepStrictEqual(server, sent)) outcome.conflicts.push(server)
  }
  return outcome
}

async function serverStateAfterPush(
  db: Database,
  actor: Actor,
  collection: AnyReplicatedCollection,
  row: { newDocumentState: WireDocument },
): Promise<WireDocument> {
  try {
    return await db.transaction((tx) => collection.applyPush(tx, actor, row))
  } catch (error) {
    // A refusal that escaped the collection's own handling: answer with the server's state.
    if (!(error instanceof DomainError)) throw error
    const current = await db.transaction((tx) => collection.read(tx, actor, row.newDocumentState.id))
    return current ?? { ...row.newDocumentState, _deleted: true }
  }
}

function documentId(raw: unknown): string | null {
  const id = (raw as { newDocumentState?: { id?: unknown } } | null)?.newDocumentState?.id
  return typeof id === 'string' ? id.slice(0, 64) : null
}
