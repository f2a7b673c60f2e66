/**
 * An open event stream was authorised once, when it opened: it would go on carrying the
 * organisation's changes (documents included) to someone removed from it, given another role there,
 * or signed out meanwhile, in whichever process made that change. So each process checks its open
 * streams every `intervalMs`, all in one statement (a probe of the session and of the membership per
 * stream), and ends those whose session is gone or whose membership is no longer the one the stream
 * was opened with. The device's EventSource then reconnects, and the new stream's request is refused
 * (401, 403) or opened with the access it has now. Every other request looks its membership up anyway
 * (server/domain/sessions.ts), so a removed member's pulls and pushes are refused at once.
 *
 * The same statement tells which streams' users changed their account (the profile: a time zone
 * chosen on the phone must reach the laptop, which kept the user it read at sign-in): each stream
 * remembers a fingerprint of its user's profile, and is told (`accountChanged`) when it differs. A
 * profile saved through this process checks at once (accountChangedHere()); one saved through another
 * process is found by the next interval's check, as a removed member is.
 */
import type { MembershipRole } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'

/** What a stream was opened with. */
export interface StreamAccess {
  tokenHash: string
  organisationId: string
  organisationRole: MembershipRole
}

/** What the check tells a stream. */
export interface StreamAccessListener {
  /** The access is gone: end the stream. */
  end(): void
  /** The stream's user changed their profile (on any device). */
  accountChanged(): void
}

export interface StreamAccessWatch {
  /**
   * The fingerprint of the session's user's profile now (null: no such session), read before the
   * stream says it is connected; the device reads its user once connected, so a change after this read
   * is told, and one before it is in what the device reads.
   */
  account(tokenHash: string): Promise<string | null>
  /**
   * Tells `listener` once the access is gone or the account is no longer `account` (null: learnt at
   * the next check); the returned function stops watching.
   */
  watch(access: StreamAccess, listener: StreamAccessListener, account: string | null): () => void
  /** Stops the checks (the server is closing). */
  stop(): void
}

/** A fingerprint of the profile of the user of session `s` (a users row `u`). */
const ACCOUNT_FINGERPRINT =
  'md5(row(u.email, u.name, u.role, u.time_zone, u.phone, u.display_time_zone)::text)'

/**
 * The streams whose access lapsed (allowed false) or whose user's profile is not the one the stream
 * knows (`account`, null when the stream has not learnt it yet).
 */
const LAPSED_OR_CHANGED = `
  SELECT t.i::int AS i, a.allowed, a.account
  FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[])
    WITH ORDINALITY AS t(token_hash, organisation_id, role, account, i)
  CROSS JOIN LATERAL (
    SELECT
      EXISTS (
        SELECT 1 FROM sessions s JOIN memberships m ON m.user_id = s.user_id
        WHERE s.token_hash = t.token_hash AND s.expires_at > now()
          AND m.organisation_id = t.organisation_id AND m.role = t.role) AS allowed,
      (SELECT ${ACCOUNT_FINGERPRINT}
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = t.token_hash) AS account
  ) a
  WHERE NOT a.allowed OR a.account IS DISTINCT FROM t.account`

/** The checks of every StreamAccessWatch of this process, for accountChangedHere(). */
const checksHere = new Set<() => void>()

/** This process has just saved a user's profile: check the open streams now, not at the next interval. */
export function accountChangedHere(): void {
  for (const checkNow of checksHere) checkNow()
}

interface Watched {
  access: StreamAccess
  listener: StreamAccessListener
  /** The fingerprint of the user's profile last seen; null until the first check learns it. */
  account: string | null
}

/** `db`: the owner's (sessions, memberships and users are global tables). */
export function watchStreamAccess(db: Queryable, intervalMs: number): StreamAccessWatch {
  const watched = new Map<object, Watched>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  let checking = false
  /** A check was asked for while one ran (it may have read the profile before the change). */
  let again = false

  async function check(): Promise<void> {
    const entries = [...watched.entries()]
    if (entries.length === 0) return
    const { rows } = await db.query<{ i: number; allowed: boolean; account: string | null }>(
      LAPSED_OR_CHANGED,
      [
        entries.map(([, w]) => w.access.tokenHash),
        entries.map(([, w]) => w.access.organisationId),
        entries.map(([, w]) => w.access.organisationRole),
        entries.map(([, w]) => w.account),
      ],
    )
    for (const { i, allowed, account } of rows) {
      const entry = entries[i - 1]
      if (!entry || !watched.has(entry[0])) continue
      const [key, w] = entry
      if (!allowed) {
        watched.delete(key)
        w.listener.end()
        continue
      }
      // The first check learns the profile; a later one that finds another tells the device.
      const known = w.account
      w.account = account
      if (known !== null) w.listener.accountChanged()
    }
  }

  function run(): void {
    if (checking) {
      again = true
      return
    }
    checking = true
    // A failed check (the database unreachable) is tried again at the next interval.
    check()
      .catch(() => {})
      .finally(() => {
        checking = false
        if (again && !stopped) {
          again = false
          run()
        } else schedule()
      })
  }

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(run, intervalMs)
    timer.unref?.()
  }
  const checkNow = () => {
    if (stopped) return
    clearTimeout(timer)
    run()
  }
  checksHere.add(checkNow)
  schedule()

  return {
    async account(tokenHash) {
      const { rows } = await db.query<{ account: string }>(
        `SELECT ${ACCOUNT_FINGERPRINT} AS account FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1`,
        [tokenHash],
      )
      return rows[0]?.account ?? null
    },
    watch(access, listener, account) {
      const key = {}
      watched.set(key, { access, listener, account })
      return () => {
        watched.delete(key)
      }
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      checksHere.delete(checkNow)
      watched.clear()
    },
  }
}
