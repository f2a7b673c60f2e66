/**
 * Who a change wakes: the open streams of this process, indexed by what each viewer may see, so a
 * poll's changed scopes reach only the devices that can see them (issue 15) instead of every device.
 *
 * The rule is the pull scopes' own (shared/policy.ts replicatedParty, which slotScope and
 * bookingScope state over SQL): a viewer reads each collection in one scope, every row or the rows
 * naming them as a party, and a change is in one scope per role (scopesChangedBy), so it reaches
 * exactly the streams that can see it. Waking too few would lose latency for a device until its
 * next wake-up or reconnect; waking too many costs a pull that returns nothing. Today:
 *  - a provider: its own slots and the bookings and waitlist entries on them;
 *  - a customer: its own bookings and waitlist entries, and every provider's slots (customers
 *    browse them all today);
 *  - everyone: their own notifications.
 *
 * Shared changes (issue 15): where the feed read a window's documents (streamedWindow.ts), a woken
 * stream gets its scope's documents instead of a wake-up, one message per scope and window, built
 * and serialized once for all of that scope's streams (a thousand customers browsing get the same
 * bytes). `scopeOf` names the scopes; `quietSince` remembers, per scope with streams, the end of the
 * last window that changed it, which tells a device whether the message continues its checkpoint
 * (shared/streamedChanges.ts).
 * Every index and scope key is per organisation (issue 9): a stream works in one organisation and a
 * change belongs to one, so a change in one organisation never wakes (or reaches) a device of another,
 * even the stream of the same person working in the other organisation; a window's documents are
 * handed to a scope only when they belong to its organisation (streamedWindow.ts reads which).
 */
import type { CollectionName } from '../../shared/replication.js'
import type { StreamedChanges } from '../../shared/streamedChanges.js'
import { type OrganisationActor, replicatedParty } from '../../shared/policy.js'
import { REPLICATED_COLLECTIONS } from '../../shared/replication.js'
import type { Role } from '../../shared/schemas.js'
import type { ChangedScope } from './changedScopes.js'
import { documentsFrame } from './eventStream.js'
import type { WireDocument } from './replicatedCollection.js'
import { isStreamed, type StreamedCollection, type StreamedWindow } from './streamedWindow.js'

/** A scope's message: the serialized StreamedChanges, and the same as an event-stream frame (built once). */
export interface SharedMessage {
  json: string
  frame: Uint8Array
}

/**
 * `spacingMs`: the least time the stream should leave before its next wake-up of this collection.
 * `documents`: the scope's message to send instead of a wake-up, when carried.
 */
export type WakeListener = (collection: CollectionName, spacingMs: number, documents?: SharedMessage) => void

export interface WakePacing {
  /** Spacing per stream woken by the same poll: N streams woken -> each waits N x this before the next. */
  perStreamMs: number
  /** The most any stream waits between two wake-ups. */
  maxMs: number
}

/**
 * A scope: the rows of one collection one kind of viewer reads (shared/policy.ts replicatedParty),
 * in one organisation: every row, or those naming `partyId` as their customer or provider. Its key
 * indexes the streams reading in it and the messages built for them.
 */
interface Scope {
  key: string
  collection: CollectionName
  organisationId: string
  holds(doc: WireDocument): boolean
}

type ScopedDocument = WireDocument & { providerId?: string; customerId?: string }
type Party = ReturnType<typeof replicatedParty>

function scopeKey(organisationId: string, collection: CollectionName, party: Party, partyId: string): string {
  return party === 'every'
    ? `${organisationId}|${collection}|every`
    : `${organisationId}|${collection}|${party}|${partyId}`
}

/** The scope a viewer reads `collection` in. */
function scopeOf(viewer: OrganisationActor, collection: CollectionName): Scope {
  const party = replicatedParty(viewer.role, collection)
  const id = viewer.userId
  return {
    key: scopeKey(viewer.organisationId, collection, party, id),
    collection,
    organisationId: viewer.organisationId,
    holds:
      party === 'every'
        ? () => true
        : party === 'provider'
          ? (d) => (d as ScopedDocument).providerId === id
          : (d) => (d as ScopedDocument).customerId === id,
  }
}

/**
 * The keys of the scopes one change is in: for each role, the scope its viewers read the change's
 * collection in (the same rule as scopeOf, so a change reaches exactly the viewers who can see it).
 */
function scopesChangedBy(change: ChangedScope): string[] {
  const keys = new Set<string>()
  for (const role of ROLES) {
    const party = replicatedParty(role, change.collection)
    const partyId = party === 'provider' ? change.providerId : party === 'customer' ? change.customerId : ''
    if (partyId !== null) keys.add(scopeKey(change.organisationId, change.collection, party, partyId))
  }
  return [...keys]
}

const ROLES = ['provider', 'customer'] as const satisfies readonly Role[]

/**
 * The most a scope's devices wait between two documents messages (the feed polls every 15 ms). A
 * message costs the server about 70 µs of CPU per stream (mostly the kernel's TCP send), whatever its
 * size, so a thousand devices watching one busy provider cost per message, not per change: at 150 ms
 * the fan-out bench's booking throughput with all 1,000 watching was 0.53 and 0.63 of the figure
 * without devices, against 0.38–0.49 at 100 ms, with every device showing each change within 81 ms
 * p99 (test/bench/fanOut.ts; a lone change still goes out at once).
 */
export const DOCUMENTS_MAX_SPACING_MS = 150

interface PendingMessage {
  scope: Scope
  collection: StreamedCollection
  quietSince: string
  until: string
  documents: Map<string, WireDocument>
  timer?: ReturnType<typeof setTimeout>
}

export class WakeAudience {
  /** Per scope with streams: the scope and the streams reading in it (one per collection per stream). */
  private readonly scopes = new Map<string, { scope: Scope; listeners: Set<WakeListener> }>()
  private readonly viewers = new Set<WakeListener>()
  /** Per streamed scope with streams: the end of the last window that changed it (null: unknown yet). */
  private readonly quiet = new Map<string, { since: string | null; streams: number }>()
  /** The end of the last window the feed read. */
  private horizon: string | null = null
  /** Per scope: its next message while it waits out the spacing, and when its last one went. */
  private readonly pending = new Map<string, PendingMessage>()
  private readonly lastSent = new Map<string, number>()

  get size(): number {
    return this.viewers.size
  }

  /** Registers a stream; returns its removal. */
  add(viewer: OrganisationActor, listener: WakeListener): () => void {
    const scopes = REPLICATED_COLLECTIONS.map((collection) => scopeOf(viewer, collection))
    for (const scope of scopes) {
      const entry = this.scopes.get(scope.key) ?? { scope, listeners: new Set<WakeListener>() }
      entry.listeners.add(listener)
      this.scopes.set(scope.key, entry)
    }
    this.viewers.add(listener)
    const streamedKeys = scopes.filter((scope) => isStreamed(scope.collection)).map((scope) => scope.key)
    for (const key of streamedKeys) {
      // Nothing of a scope nobody watched was remembered: from now on it is.
      const entry = this.quiet.get(key) ?? { since: this.horizon, streams: 0 }
      entry.streams++
      this.quiet.set(key, entry)
    }
    return () => {
      if (!this.viewers.delete(listener)) return
      for (const { key } of scopes) {
        const entry = this.scopes.get(key)
        entry?.listeners.delete(listener)
        if (entry?.listeners.size === 0) this.scopes.delete(key)
      }
      for (const key of streamedKeys) {
        const entry = this.quiet.get(key)
        if (entry && --entry.streams === 0) {
          this.quiet.delete(key)
          this.lastSent.delete(key)
        }
      }
    }
  }

  /** The scopes with streams that `change` is in (scopesChangedBy): one per role at most. */
  private *audiencesOf(change: ChangedScope): Iterable<{ scope: Scope; listeners: Set<WakeListener> }> {
    for (const key of scopesChangedBy(change)) {
      const entry = this.scopes.get(key)
      if (entry) yield entry
    }
  }

  /**
   * The collections of `changes` that some stream here can see: the only ones whose documents are
   * worth reading for the streams (a booking made by a customer with no open stream, on a provider
   * with none, needs no read of the window's bookings).
   */
  collectionsWatched(changes: readonly ChangedScope[]): Set<CollectionName> {
    const watched = new Set<CollectionName>()
    for (const change of changes) {
      if (!watched.has(change.collection) && !this.audiencesOf(change)[Symbol.iterator]().next().done)
        watched.add(change.collection)
    }
    return watched
  }

  /**
   * Wakes each listener at most once per collection for one poll's changes; returns how many
   * wake-ups (or documents messages). The spacing grows with the number of streams woken together: two devices editing
   * back and forth are woken at once every time, while a thousand devices watching a busy
   * provider are woken at most every `maxMs`, so the pulls they cause stay about constant.
   * With `streamed` (the window's documents), a scope whose documents were read gets them as one
   * message for all of its streams instead of a wake-up each: the work per poll is per scope, not
   * per stream (a thousand customers browsing are one scope).
   */
  wake(
    changes: readonly ChangedScope[],
    pacing: WakePacing = { perStreamMs: 0, maxMs: 0 },
    streamed?: StreamedWindow,
  ): number {
    const touched = new Map<string, { scope: Scope; listeners: Set<WakeListener> }>()
    for (const change of changes) {
      for (const audience of this.audiencesOf(change)) touched.set(audience.scope.key, audience)
    }
    const carried = new Set<string>()
    const wakeUps: [Set<WakeListener>, CollectionName][] = []
    let woken = 0
    for (const { scope, listeners } of touched.values()) {
      woken += listeners.size
      const { collection } = scope
      if (streamed && isStreamed(collection) && this.carry(scope, collection, streamed, carried)) continue
      wakeUps.push([listeners, collection])
    }
    if (wakeUps.length > 0) {
      const streams = new Set<WakeListener>()
      for (const { listeners } of touched.values()) for (const listener of listeners) streams.add(listener)
      const spacingMs = Math.min(pacing.maxMs, pacing.perStreamMs * streams.size)
      for (const [listeners, collection] of wakeUps) {
        for (const listener of listeners) listener(collection, spacingMs)
      }
    }
    for (const key of carried) this.schedule(key, pacing)
    return woken
  }

  /**
   * The feed has read every change up to `snapshot` and woken for it (`changes`, those of its last
   * window): the scopes they touched last changed in that window, and scopes whose quiet start was
   * unknown are quiet since then. Called after every successful poll, after wake().
   */
  advance(snapshot: string, changes: readonly ChangedScope[] = []): void {
    this.horizon = snapshot
    for (const change of changes) {
      for (const key of scopesChangedBy(change)) {
        const entry = this.quiet.get(key)
        if (entry) entry.since = snapshot
      }
    }
    for (const entry of this.quiet.values()) entry.since ??= snapshot
  }

  /**
   * Adds the window's documents of a scope to the scope's next message (once per scope and window);
   * false when they cannot be carried (not read, or the scope's quiet start is unknown).
   */
  private carry(
    scope: Scope,
    collection: StreamedCollection,
    window: StreamedWindow,
    carried: Set<string>,
  ): boolean {
    if (carried.has(scope.key)) return true
    const documents = window.documents[collection]
    const quietSince = this.quiet.get(scope.key)?.since
    if (!documents || !quietSince) return false
    // Messages not sent yet merge: the first one's quiet start, the last one's end, each document's newest state.
    const message = this.pending.get(scope.key) ?? {
      scope,
      collection,
      quietSince,
      until: window.until,
      documents: new Map(),
    }
    message.until = window.until
    for (const doc of documents) {
      // Only the scope's organisation's documents, whatever else the window read.
      if (window.organisationOf.get(doc.id) === scope.organisationId && scope.holds(doc))
        message.documents.set(doc.id, doc)
    }
    this.pending.set(scope.key, message)
    carried.add(scope.key)
    return true
  }

  /**
   * Sends a scope's message now, or once the scope's previous message is `spacing` old: a thousand
   * devices watching a busy scope get one merged message per spacing (at most DOCUMENTS_MAX_SPACING_MS)
   * instead of one per poll, while a lone change goes out at once.
   */
  private schedule(key: string, pacing: WakePacing): void {
    const message = this.pending.get(key)
    if (!message || message.timer) return
    const streams = [...this.listenersOf(message.scope.key)].length
    const spacing = Math.min(DOCUMENTS_MAX_SPACING_MS, pacing.perStreamMs * streams)
    const wait = (this.lastSent.get(key) ?? Number.NEGATIVE_INFINITY) + spacing - Date.now()
    if (wait <= 0) this.flush(key)
    else {
      message.timer = setTimeout(() => this.flush(key), wait)
      message.timer.unref?.()
    }
  }

  /** Serializes and frames a scope's message once and hands the same bytes to each of its streams. */
  private flush(key: string): void {
    const message = this.pending.get(key)
    if (!message) return
    this.pending.delete(key)
    this.lastSent.set(key, Date.now())
    const body: StreamedChanges = {
      collection: message.collection,
      quietSince: message.quietSince,
      checkpoint: { since: message.until, until: null, after: null },
      documents: [...message.documents.values()] as StreamedChanges['documents'],
    }
    const json = JSON.stringify(body)
    const shared: SharedMessage = { json, frame: documentsFrame(json) }
    for (const listener of this.listenersOf(key)) listener(message.collection, 0, shared)
  }

  /** The streams reading in a scope. */
  private listenersOf(key: string): Iterable<WakeListener> {
    return this.scopes.get(key)?.listeners ?? []
  }

  /** Stops the timers of messages not sent yet (the feed is closing). */
  close(): void {
    for (const message of this.pending.values()) clearTimeout(message.timer)
    this.pending.clear()
  }
}
