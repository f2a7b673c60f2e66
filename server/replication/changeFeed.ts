/**
 * The process's change feed: it polls the snapshot horizon every `pollMs` (changedScopes.ts: one
 * indexed statement answering "which scopes changed since my last snapshot") and wakes only the
 * streams of this process whose viewer can see a changed scope (wakeAudience.ts). Every process
 * polls, so a write through any process reaches the devices connected to all of them.
 *
 * Why polling and not NOTIFY: a transaction that has called NOTIFY takes PostgreSQL's instance-wide
 * notify lock at commit, serialising every booking commit of the instance for the sake of fan-out
 * (issue 15 measured ~1,900 vs ~1,400 tx/s at 8 clients). Polling reads what is already written
 * (change_xid, stamped by every write anyway), so writes carry nothing for the feed (invariant 10).
 *
 * Why polling and not logical replication (pgoutput, as Electric and Supabase Realtime do): it
 * would also keep the commit path clean and give row images, but needs wal_level=logical (a server
 * restart and a setting managed databases restrict), a replication slot per reader whose WAL piles
 * up when a reader stalls (a disk-full risk on the primary), and it does not exist in embedded
 * PGlite, the default engine. Polling costs one indexed query per process per interval whatever
 * the number of devices, works the same on PGlite and PostgreSQL, and adds at most `pollMs` of
 * latency; a write this process answers polls at once when the feed is quiet (nudge()), so on a quiet
 * system a change reaches the other devices without that wait. A process with no stream open polls
 * every `idlePollMs` instead (nobody to wake; an idle server at 15 ms polls cost ~13% of a core
 * between Node and PostgreSQL). Logical replication becomes worth its operations cost when the
 * stream should carry row images to many processes (issue 15's last item); the feed's interface
 * would stay the same.
 *
 * Where devices watch slots and bookings, the poll also reads the window's changed documents once
 * (streamedWindow.ts) and the streams carry them, per scope, instead of a wake-up (wakeAudience.ts,
 * shared/streamedChanges.ts): the devices need not pull, and a thousand devices watching one scope
 * cost one read and one serialization.
 *
 * A wake-up is a hint, never the truth (invariant 10): devices pull with their snapshot checkpoint.
 * A failed poll keeps its last snapshot, so the next successful one covers the gap and nobody's
 * wake-up is lost; a restarted process starts from a new snapshot, and its devices reconnect their
 * streams, which makes them pull (client/data/changeStream.ts).
 */
import type { Database } from '../db/database.js'
import type { OrganisationActor } from '../../shared/policy.js'
import { changedScopesSince, type HorizonStep } from './changedScopes.js'
import { readStreamedWindow, type StreamedWindow } from './streamedWindow.js'
import { WakeAudience, type WakeListener, type WakePacing } from './wakeAudience.js'

export interface ChangeFeedOptions {
  /** Pause between two polls (each waits for the previous one to finish) while streams are open. */
  pollMs: number
  /**
   * Pause between two polls while this process has no stream open (default: pollMs). Nobody here
   * needs waking then; the polls only keep the feed's snapshot recent, and the first stream that
   * opens starts a poll at once.
   */
  idlePollMs?: number
  /** How wake-ups are spaced out when many streams are woken together (wakeAudience.ts). */
  pacing?: WakePacing
}

export interface ChangeFeedStats {
  polls: number
  failedPolls: number
  /** Stream wake-ups sent (one per stream and changed collection). */
  wakeUps: number
  listeners: number
  /** Windows whose documents were read to be carried by the streams, and reads that failed. */
  streamedWindows: number
  failedWindowReads: number
  /** When the last poll succeeded (epoch ms; 0 before the first): every change committed before it was announced. */
  lastPollAt: number
}

export interface ChangeFeed {
  /**
   * Resolves once the feed has read every change committed before the call. A new stream awaits it
   * before it says it is connected (its device then pulls): on a feed that was idle the catch-up
   * poll announces the older changes to nobody, instead of waking the new stream for changes its
   * first pull reads anyway.
   */
  ready(): Promise<void>
  /** Calls `wake` with a collection's name whenever a change the viewer can see committed. */
  watch(viewer: OrganisationActor, wake: WakeListener): () => void
  /**
   * This process has just committed a write: poll now if the feed is quiet (its last poll found
   * nothing), instead of at the end of the pause. A busy feed keeps its cadence, so a stream of
   * writes never makes it poll more often than every `pollMs`; a hint only, the regular poll reads
   * the change anyway.
   */
  nudge(): void
  stats(): ChangeFeedStats
  close(): Promise<void>
}

export function openChangeFeed(db: Database, options: ChangeFeedOptions): ChangeFeed {
  const audience = new WakeAudience()
  const stats = {
    polls: 0,
    failedPolls: 0,
    wakeUps: 0,
    lastPollAt: 0,
    streamedWindows: 0,
    failedWindowReads: 0,
  }
  let since: string | null = null
  let closed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  /** The last poll found no change (see nudge). */
  let quiet = true
  let running = false
  /** A write was committed while a poll ran, maybe after its snapshot. */
  let nudgedWhileRunning = false

  async function poll(): Promise<void> {
    try {
      const step = await changedScopesSince(db, since)
      const windowStart = since
      since = step.snapshot
      quiet = step.changes.length === 0
      stats.polls++
      stats.lastPollAt = Date.now()
      if (step.changes.length > 0) {
        const streamed = windowStart && audience.size > 0 ? await readWindow(windowStart, step) : undefined
        stats.wakeUps += audience.wake(step.changes, options.pacing, streamed)
      }
      audience.advance(step.snapshot, step.changes)
    } catch {
      // The database is unreachable or the connection died: keep `since`, the next poll covers the gap.
      stats.failedPolls++
    }
  }
  /**
   * The window's documents of the collections some stream can see, read once for every stream; none
   * (plain wake-ups) if the read fails.
   */
  async function readWindow(windowStart: string, step: HorizonStep): Promise<StreamedWindow | undefined> {
    const changed = audience.collectionsWatched(step.changes)
    try {
      const window = await readStreamedWindow(db, windowStart, step.snapshot, changed)
      stats.streamedWindows++
      return window
    } catch {
      stats.failedWindowReads++
      return undefined
    }
  }
  let polling: Promise<void> = Promise.resolve()
  /** The pending timer waits the idle pause (no stream was open when it was set). */
  let idleWait = false
  const run = () => {
    timer = undefined
    running = true
    nudgedWhileRunning = false
    polling = poll().then(() => {
      running = false
      schedule()
    })
  }
  const schedule = () => {
    if (closed) return
    idleWait = audience.size === 0
    // A write committed during a poll that found nothing may be after its snapshot: read it now.
    const pause = idleWait
      ? (options.idlePollMs ?? options.pollMs)
      : nudgedWhileRunning && quiet
        ? 0
        : options.pollMs
    timer = setTimeout(run, pause)
    timer.unref()
  }
  run()

  /** Polls now instead of at the end of the idle pause; whether it did. */
  const pollNowIfIdle = (): boolean => {
    if (!timer || !idleWait || closed) return false
    clearTimeout(timer)
    run()
    return true
  }

  return {
    async ready() {
      // A poll started now reads up to a snapshot taken after this call. One already running when
      // called may not: wait for it, then (still idle) for the one started after it.
      const startedNow = pollNowIfIdle()
      await polling
      if (!startedNow && audience.size === 0 && pollNowIfIdle()) await polling
    },
    watch(viewer, wake) {
      const remove = audience.add(viewer, wake)
      // The first stream of an idle process: poll now rather than at the end of the idle pause.
      pollNowIfIdle()
      return remove
    },
    nudge() {
      // Nobody to wake (the idle cadence only keeps the snapshot recent), or busy: leave the cadence.
      if (closed || audience.size === 0 || !quiet) return
      if (running) nudgedWhileRunning = true
      else if (timer && !idleWait) {
        clearTimeout(timer)
        run()
      }
    },
    stats: () => ({ ...stats, listeners: audience.size }),
    async close() {
      closed = true
      clearTimeout(timer)
      await polling
      audience.close()
    },
  }
}
