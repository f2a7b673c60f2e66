/**
 * Who a session token belongs to, remembered for a short while in this process, for the routes
 * whose own SQL statement checks again that the session is live (route config
 * `sessionCheckedInStatement`, today the booking: server/domain/bookSeat.ts). Such a route skips
 * the per-request session lookup, a round trip, and a sign-out or revocation still takes effect at
 * once in every process: the statement that would change anything finds the session row gone and
 * writes nothing. Every other route looks the session up on each request, as before.
 *
 * What is cached (user id and role in the organisation, keyed by the token's hash and the
 * organisation named) may change while cached: an admin removes the member or changes their role
 * (server/domain/memberManagement.ts), in any process. So the statement checks the membership as
 * well as the session (mayBookHere in server/domain/bookSeat.ts) and writes nothing for a member who
 * may no longer book there (403, which drops the entry, as a 401 does). Bounded in size and age, so
 * memory stays small.
 */
import type { OrganisationActor as Actor } from '../../shared/policy.js'

export const SESSION_CACHE_TTL_MS = 60_000
const MAX_ENTRIES = 10_000

interface Entry {
  actor: Actor
  until: number
}

export interface SessionCache {
  get(tokenHash: string): Actor | null
  set(tokenHash: string, actor: Actor): void
  forget(tokenHash: string): void
}

export function sessionCache(now: () => number = Date.now): SessionCache {
  const entries = new Map<string, Entry>()
  return {
    get(tokenHash) {
      const entry = entries.get(tokenHash)
      if (!entry) return null
      if (entry.until <= now()) {
        entries.delete(tokenHash)
        return null
      }
      return entry.actor
    },
    set(tokenHash, actor) {
      entries.delete(tokenHash)
      // Map keeps insertion order: the first key is the oldest entry.
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string)
      entries.set(tokenHash, { actor, until: now() + SESSION_CACHE_TTL_MS })
    },
    forget(tokenHash) {
      entries.delete(tokenHash)
    },
  }
}
