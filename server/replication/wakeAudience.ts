/**
 * Who a change wakes: the open streams of this process, indexed by what each viewer may see, so a
 * poll's changed scopes reach only the devices that can see them (issue 15) instead of every device.
 *
 * These rules mirror the pull scopes (slotDocuments.ts, bookingDocuments.ts) and must agree with
 * them: waking too few loses latency for that device until its next wake-up or reconnect, waking
 * too many costs a pull that returns nothing.
 *  - a provider: its own slots and the bookings on them;
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
import type { OrganisationActor } from '../../shared/policy.js'
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

/** A streamed scope: its key and which of a window's documents belong to it. */
interface Scope {
  key: string
  organisationId: string
  holds(doc: WireDocument): boolean
}

type ScopedDocument = WireDocument & { providerId?: string; customerId?: string }

/** The scope a viewer reads a streamed collection in (the pull scopes of shared/policy.ts). */
function scopeOf(viewer: OrganisationActor, collection: StreamedCollection): Scope {
  const { userId: id, organisationId } = viewer
  const scope = (key: string, holds: Scope['holds']): Scope => ({
    key: `${organisationId}|${key}`,
    organisationId,
    holds,
  })
  if (collection === 'slots') {
    return viewer.role === 'provider'
      ? scope(`slots|provider|${id}`, (d) => (d as ScopedDocument).providerId === id)
      : scope('slots|every', () => true)
  }
  return viewer.role === 'provider'
    ? scope(`bookings|provider|${id}`, (d) => (d as ScopedDocument).providerId === id)
    : scope(`bookings|customer|${id}`, (d) => (d as ScopedDocument).customerId === id)
}

/** The scope keys one change touches (the same keys scopeOf gives its viewers). */
function scopesChangedBy(change: ChangedScope): string[] {
  const keys: string[] = []
  if (change.collection === 'slots') keys.push('slots|every', `slots|provider|${change.providerId}`)
  if (change.collection === 'bookings') {
    keys.push(`bookings|provider|${change.providerId}`)
    if (change.customerId) keys.push(`bookings|customer|${change.customerId}`)
  }
  return keys.map((key) => `${change.organisationId}|${key}`)
}

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
  private readonly providers = new Map<string, Set<WakeListener>>()
  private readonly customers = new Map<string, Set<WakeListener>>()
  /** Keyed by organisation. */
  private readonly slotBrowsers = new Map<string, Set<WakeListener>>()
  private readonly viewers = new Map<WakeListener, OrganisationActor>()
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
    const index = viewer.role === 'provider' ? this.providers : this.customers
    const removeOwn = addTo(index, memberKey(viewer.organisationId, viewer.userId), listener)
    const removeBrowser =
      viewer.role === 'customer' ? addTo(this.slotBrowsers, viewer.organisationId, listener) : () => {}
    this.viewers.set(listener, viewer)
    const keys = (['slots', 'bookings'] as const).map((c) => scopeOf(viewer, c).key)
    for (const key of keys) {
      // Nothing of a scope nobody watched was remembered: from now on it is.
      const entry = this.quiet.get(key) ?? { since: this.horizon, streams: 0 }
      entry.streams++
      this.quiet.set(key, entry)
    }
    return () => {
      if (!this.viewers.delete(listener)) return
      removeOwn()
      removeBrowser()
      for (const key of keys) {
        const entry = this.quiet.get(key)
        if (entry && --entry.streams === 0) {
          this.quiet.delete(key)
          this.lastSent.delete(key)
        }
      }
    }
  }

  /**
   * The streams that can see `change`: one listener set per scope it touches (the rules in this
   * file's comment, in one place). A stream is in at most one of these sets per collection, and all
   * of one set read the collection in the same scope.
   */
  private *audiencesOf(change: ChangedScope): Iterable<Set<WakeListener>> {
    const provider = this.providers.get(memberKey(change.organisationId, change.providerId))
    if (provider) yield provider
    if (change.collection === 'slots') {
      const browsers = this.slotBrowsers.get(change.organisationId)
      if (browsers) yield browsers
    } else if (change.customerId) {
      // Bookings and waitlist entries are their customer's too; a notification is its reader's.
      const customer = this.customers.get(memberKey(change.organisationId, change.customerId))
      if (customer) yield customer
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
    const touched = new Map<Set<WakeListener>, Set<CollectionName>>()
    for (const change of changes) {
      for (const audience of this.audiencesOf(change)) {
        const collections = touched.get(audience) ?? new Set<CollectionName>()
        touched.set(audience, collections)
        collections.add(change.collection)
      }
    }
    const carried = new Set<string>()
    const wakeUps: [Set<WakeListener>, CollectionName][] = []
    let woken = 0
    for (const [audience, collections] of touched) {
      for (const collection of collections) {
        woken += audience.size
        const viewer = this.viewers.get(audience.values().next().value as WakeListener)
        if (streamed && viewer && isStreamed(collection)) {
          if (this.carry(scopeOf(viewer, collection), collection, streamed, carried)) continue
        }
        wakeUps.push([audience, collection])
      }
    }
    if (wakeUps.length > 0) {
      const streams = new Set<WakeListener>()
      for (const audience of touched.keys()) for (const listener of audience) streams.add(listener)
      const spacingMs = Math.min(pacing.maxMs, pacing.perStreamMs * streams.size)
      for (const [audience, collection] of wakeUps) {
        for (const listener of audience) listener(collection, spacingMs)
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

  /** The streams reading a scope (the inverse of scopeOf). */
  private *listenersOf(key: string): Iterable<WakeListener> {
    const [organisationId = '', collection, kind, id = ''] = key.split('|')
    if (kind === 'every') yield* this.slotBrowsers.get(organisationId) ?? []
    else if (kind === 'provider') yield* this.providers.get(memberKey(organisationId, id)) ?? []
    else if (kind === 'customer' && collection === 'bookings')
      yield* this.customers.get(memberKey(organisationId, id)) ?? []
  }

  /** Stops the timers of messages not sent yet (the feed is closing). */
  close(): void {
    for (const message of this.pending.values()) clearTimeout(message.timer)
    this.pending.clear()
  }
}

function memberKey(organisationId: string, userId: string): string {
  return `${organisationId}/${userId}`
}

/** Adds `listener` to the set at `key`; returns its removal (which drops an emptied set). */
function addTo(index: Map<string, Set<WakeListener>>, key: string, listener: WakeListener): () => void {
  const set = index.get(key) ?? new Set<WakeListener>()
  index.set(key, set)
  set.add(listener)
  return () => {
    set.delete(listener)
    if (set.size === 0) index.delete(key)
  }
}
