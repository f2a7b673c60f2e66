/**
 * An open event stream was authorised once, when it opened: it would go on carrying the
 * organisation's changes (documents included) to someone removed from it, given another role there,
 * or signed out meanwhile, in whichever process made that change. So each process checks its open
 * streams every `intervalMs`, all in one statement (a probe of the session and of the membership per
 * stream), and ends those whose session is gone or whose membership is no longer the one the stream
 * was opened with. The device's EventSource then reconnects, and the new stream's request is refused
 * (401, 403) or opened with the access it has now. Every other request looks its membership up anyway
 * (server/domain/sessions.ts), so a removed member's pulls and pushes are refused at once.
 */
import type { MembershipRole } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'

/** What a stream was opened with. */
export interface StreamAccess {
  tokenHash: string
  organisationId: string
  organisationRole: MembershipRole
}

export interface StreamAccessWatch {
  /** Calls `end` once the access is gone; the returned function stops watching (the stream ended). */
  watch(access: StreamAccess, end: () => void): () => void
  /** Stops the checks (the server is closing). */
  stop(): void
}

const LAPSED = `
  SELECT t.i::int AS i
  FROM unnest($1::text[], $2::uuid[], $3::text[]) WITH ORDINALITY AS t(token_hash, organisation_id, role, i)
  WHERE NOT EXISTS (
    SELECT 1 FROM sessions s JOIN memberships m ON m.user_id = s.user_id
    WHERE s.token_hash = t.token_hash AND s.expires_at > now()
      AND m.organisation_id = t.organisation_id AND m.role = t.role)`

/** `db`: the owner's (sessions and memberships are global tables). */
export function watchStreamAccess(db: Queryable, intervalMs: number): StreamAccessWatch {
  const watched = new Map<object, { access: StreamAccess; end: () => void }>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  async function check(): Promise<void> {
    const entries = [...watched.entries()]
    if (entries.length === 0) return
    const { rows } = await db.query<{ i: number }>(LAPSED, [
      entries.map(([, w]) => w.access.tokenHash),
      entries.map(([, w]) => w.access.organisationId),
      entries.map(([, w]) => w.access.organisationRole),
    ])
    for (const { i } of rows) {
      const entry = entries[i - 1]
      if (!entry || !watched.delete(entry[0])) continue
      entry[1].end()
    }
  }

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(() => {
      // A failed check (the database unreachable) is tried again at the next interval.
      check()
        .catch(() => {})
        .finally(schedule)
    }, intervalMs)
    timer.unref?.()
  }
  schedule()

  return {
    watch(access, end) {
      const key = {}
      watched.set(key, { access, end })
      return () => {
        watched.delete(key)
      }
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      watched.clear()
    },
  }
}
