/**
 * A push batch sent in parts that each fit the server's request body limit
 * (shared/replication.ts MAX_REQUEST_BODY_BYTES). RxDB hands the push handler up to PUSH_BATCH_MAX
 * rows whatever their size; a batch over the limit was refused whole (413), and RxDB sent the same
 * batch again and again: the device never synced. The parts go one after another, in the batch's
 * order, and their answers are joined. A part that fails fails the batch, and RxDB sends it again;
 * the parts already accepted are then replays, which the server answers as such (pushDocuments.ts).
 */
const encoder = new TextEncoder()

/** The rows split, in order, into parts whose JSON array stays within `maxBytes` (a lone larger row is a part of its own). */
export function pushParts<Row>(rows: readonly Row[], maxBytes: number): Row[][] {
  const parts: Row[][] = []
  let part: Row[] = []
  let bytes = 2 // "[" and "]"
  for (const row of rows) {
    const size = encoder.encode(JSON.stringify(row)).length
    // After the first row, each one also takes a comma.
    if (part.length > 0 && bytes + 1 + size > maxBytes) {
      parts.push(part)
      part = []
      bytes = 2
    }
    bytes += part.length > 0 ? 1 + size : size
    part.push(row)
  }
  if (part.length > 0) parts.push(part)
  return parts
}

/** Sends `rows` in parts (see above) with `send`, and answers with every part's answer, in order. */
export async function sendInParts<Row, Answer>(
  rows: readonly Row[],
  maxBytes: number,
  send: (part: Row[]) => Promise<Answer[]>,
): Promise<Answer[]> {
  const answers: Answer[] = []
  for (const part of pushParts(rows, maxBytes)) answers.push(...(await send(part)))
  return answers
}
