/**
 * Processing a push batch row by row: each row is validated on its own and has its own outcome, so
 * one bad or refused row never fails the others. The well-formed rows of a batch run in ONE
 * transaction (issue 13: a device back from a long time offline pushes its bookings at a commit,
 * i.e. a WAL flush, per batch instead of per booking), and a collection may apply the batch as a
 * whole (applyBatch: the new bookings in one statement) as long as every row keeps its own outcome. That is safe without a savepoint per row
 * because a domain command's refusal leaves nothing behind even when its transaction commits
 * (server/domain/bookings.ts; a command that can only refuse after writing uses
 * server/db/savepoint.ts itself). A deadlock or serialisation failure retries the whole batch
 * (every row is idempotent on its id), and the outcomes are those of the attempt that committed. The answer
 * is RxDB's: the conflicts, i.e. the server's state of each document where the device's copy is not
 * the outcome (its assumed state was stale, or the server refused or changed what it sent; see the
 * collection's applyPush), plus the malformed rows, named. A refused row (an answer carrying a
 * refusal) is then recorded in the audit trail in a transaction of its own. Refusals are values, so
 * nothing is caught here: an exception is a bug or a lost connection and fails the request.
 */
import type { z } from 'zod'
import type { Database, Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import type { ChangeRefusal } from '../../shared/slotChangeRules.js'
import { repairFreeText } from './freeTextRepair.js'
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
  const malformed: MalformedRow[] = []
  const wellFormed: { newDocumentState: WireDocument }[] = []
  /** Rows whose free text was cleaned (freeTextRepair.ts), with the refusals their answers carry. */
  const cleaned = new Map<{ newDocumentState: WireDocument }, ChangeRefusal[]>()
  for (const [index, raw] of rows.entries()) {
    const parsed = collection.pushRow.safeParse(raw)
    if (parsed.success) {
      wellFormed.push(parsed.data)
      continue
    }
    const repaired = repairFreeText(raw, parsed.error.issues, collection.freeText ?? [], collection.pushRow)
    if (repaired) {
      wellFormed.push(repaired.parsed)
      cleaned.set(repaired.parsed, repaired.refusals)
    } else malformed.push({ index, id: documentId(raw), issues: parsed.error.issues })
  }
  if (wellFormed.length === 0) return { conflicts: [], malformed }
  type Answered = { row: { newDocumentState: WireDocument }; answer: WireDocument & { refusal?: unknown } }
  const answered = await db.transaction(async (tx) => {
    // Built afresh by each attempt: a retried batch answers with the outcomes that committed.
    const found: Answered[] = []
    const ids = wellFormed.map((row) => row.newDocumentState.id)
    // One locked read for the whole batch where the collection offers it and no id repeats (a
    // repeated id must see what the row before it wrote).
    const locked =
      collection.lockBatch && new Set(ids).size === ids.length
        ? await collection.lockBatch(tx, actor, ids)
        : undefined
    const answers =
      locked && collection.applyBatch
        ? await collection.applyBatch(tx, actor, wellFormed, locked)
        : await eachRow(wellFormed, (row) => collection.applyPush(tx, actor, row, locked))
    for (const [index, answer] of answers.entries()) {
      const row = wellFormed[index]
      if (!row) continue
      const refusals = cleaned.get(row)
      const answered = refusals ? await withCleanedText(tx, actor, collection, row, answer, refusals) : answer
      if (answered) found.push({ row, answer: answered })
    }
    return found
  })
  const { recordRefusal } = collection
  const refused = answered.filter(({ answer }) => answer.refusal)
  if (recordRefusal && refused.length > 0) {
    await db.transaction(async (tx) => {
      for (const { row, answer } of refused) await recordRefusal(tx, actor, row, answer)
    })
  }
  return { conflicts: answered.map(({ answer }) => answer), malformed }
}

/**
 * The answer to a row applied with its text cleaned: the server's state (the device holds the text as
 * typed, so it must land on the stored one even where the row was accepted) with the cleaning's
 * refusals, unless the row was refused for another reason, which then stands.
 */
async function withCleanedText(
  tx: Queryable,
  actor: Actor,
  collection: AnyReplicatedCollection,
  row: { newDocumentState: WireDocument },
  answer: (WireDocument & { refusal?: unknown }) | null,
  refusals: ChangeRefusal[],
): Promise<(WireDocument & { refusal?: unknown }) | null> {
  if (answer?.refusal) return answer
  const id = row.newDocumentState.id
  const server = answer ?? (await collection.lockBatch?.(tx, actor, [id]))?.get(id)
  if (!server) return null
  const refused: WireDocument & { refusal?: unknown; refusals: ChangeRefusal[] } = {
    ...server,
    refusal: refusals[0],
    refusals,
  }
  return refused
}

/** Runs `apply` on each row in turn (each may see what the one before it wrote). */
async function eachRow<R, A>(rows: readonly R[], apply: (row: R) => Promise<A>): Promise<A[]> {
  const answers: A[] = []
  for (const row of rows) answers.push(await apply(row))
  return answers
}

function documentId(raw: unknown): string | null {
  const id = (raw as { newDocumentState?: { id?: unknown } } | null)?.newDocumentState?.id
  return typeof id === 'string' ? id.slice(0, 64) : null
}
