/**
 * The booking outcomes of a replication push, for the metrics: every pushed booking the server had
 * never seen (rev null) was a booking attempt, accepted unless its answer came back REJECTED.
 * Read from the push and its answer, so the domain and the push path stay free of metrics.
 */
interface PushedDocument {
  newDocumentState?: { id?: unknown; rev?: unknown; _deleted?: unknown }
  assumedMasterState?: unknown
}

interface AnsweredDocument {
  id?: unknown
  status?: unknown
  rejectionReason?: unknown
}

export function pushedBookingOutcomes(rows: readonly unknown[], conflicts: readonly unknown[]): string[] {
  const answers = new Map<unknown, AnsweredDocument>()
  for (const conflict of conflicts as AnsweredDocument[]) answers.set(conflict.id, conflict)
  const outcomes: string[] = []
  for (const row of rows as PushedDocument[]) {
    const doc = row?.newDocumentState
    if (!doc || doc.rev !== null || doc._deleted === true || row.assumedMasterState) continue
    const answer = answers.get(doc.id)
    outcomes.push(answer?.status === 'REJECTED' ? String(answer.rejectionReason ?? 'REJECTED') : 'accepted')
  }
  return outcomes
}
