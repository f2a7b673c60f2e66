/**
 * The base each push is judged on, kept current where RxDB does not store it. RxDB takes the server's
 * answer to a conflicting push as the document's new base (its assumed master state) only when it can
 * also write the resolved document; when the provider changed the document meanwhile (a second change
 * made offline while the first push was being retried) that write fails, and RxDB pushes the newer
 * change on the OLD base. The server would then judge the device's own earlier change as another
 * device's (a false STALE_BASE), or take a slot already created as a replay and drop the change.
 * The push handler remembers each answer with the base it answered, and sends a later push of the
 * same document still on that base on the answer instead.
 */
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
          answers.set(id, { base: baseOf(row), server })
        }
      }
    },
  }
}
