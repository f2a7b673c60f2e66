/**
 * The base each push is judged on, kept current where RxDB does not store it. RxDB takes the server's
 * answer to a conflicting push as the document's new base (its assumed master state) only when it can
 * also write the resolved document; when the provider changed the document meanwhile (a second change
 * made offline while the first push was being retried) that write fails, and RxDB pushes the newer
 * change on the OLD base. The server would then judge the device's own earlier change as another
 * device's (a false STALE_BASE), or take a slot already created as a replay and drop the change.
 * The push handler remembers each answer with the base it answered, and sends a later push of the
 * same document still on that base on the answer instead.
 *
 * Only on what the device knew, though: the answer's fields that hold a value the device never had
 * (neither its base's nor the one it pushed: another device's or a customer's change, which the
 * answer carried back) keep the device's base. The later change was made without seeing them, on
 * that base: a capacity another device set meanwhile still makes it stale (a walk saw device A's
 * offline 5 refused as stale against device B's 2, and A's 6, made on the same base, laid over B's 2
 * unseen), and a field the device did not change is not pushed as a change back to the old value
 * (B's block was undone by A's later capacity). The device's own accepted values, and everything the
 * answer left as it was, are the answer's.
 */
import { deepEqual } from 'rxdb/plugins/utils'

interface PushedDocument {
  id: string
  rev?: string | null
}

export interface PushRow<D extends PushedDocument = PushedDocument> {
  assumedMasterState?: D | null
  newDocumentState: D
}

export interface AnsweredBases {
  /** The row on the server's last answer for its document, if RxDB still holds the older base. */
  rebase<R extends PushRow>(row: R): R
  /** The server's answer to a push (its conflict documents). */
  remember(rows: readonly PushRow[], answer: readonly PushedDocument[]): void
}

export function answeredBases(): AnsweredBases {
  const answers = new Map<string, { base: string | null; server: PushedDocument }>()
  const baseOf = (row: PushRow) => row.assumedMasterState?.rev ?? null
  return {
    rebase(row) {
      const known = answers.get(row.newDocumentState.id)
      if (!known || baseOf(row) !== known.base) return row
      return { ...row, assumedMasterState: known.server }
    },
    remember(rows, answer) {
      const answered = new Map(answer.map((doc) => [doc.id, doc]))
      for (const row of rows) {
        const id = row.newDocumentState.id
        const doc = answered.get(id)
        // Accepted as sent: RxDB stores the pushed state as the base itself.
        if (!doc) answers.delete(id)
        else {
          const {
            refusal: _refusal,
            refusals: _refusals,
            ...server
          } = doc as PushedDocument & {
            refusal?: unknown
            refusals?: unknown
          }
          answers.set(id, { base: baseOf(row), server: knownBase(row, server) })
        }
      }
    },
  }
}

/**
 * The answer as a base for the device's later change: each field the answer holds at a value the
 * device never had (not its base's, not the pushed one) keeps the base's value. The revision is the
 * answer's. A document the device made (no base) takes the answer whole.
 */
function knownBase(row: PushRow, server: PushedDocument): PushedDocument {
  const base = row.assumedMasterState as Record<string, unknown> | null | undefined
  if (!base) return server
  const pushed = row.newDocumentState as unknown as Record<string, unknown>
  const merged: Record<string, unknown> = { ...server }
  for (const [field, value] of Object.entries(server)) {
    if (field === 'rev' || field === 'id' || !(field in base)) continue
    if (!deepEqual(value, base[field]) && !deepEqual(value, pushed[field])) merged[field] = base[field]
  }
  return merged as unknown as PushedDocument
}
