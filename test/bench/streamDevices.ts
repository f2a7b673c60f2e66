/**
 * Simulated live devices for the fan-out bench: each keeps the replication stream open (raw
 * server-sent events over node:http) and pulls a collection whenever the stream names it, page
 * after page while pages come back full, as the web client's RxDB loop does; a wake-up during a
 * pull makes it pull again afterwards. Documents the stream carries are taken as the next pull step
 * under the client's own rule (shared/streamedChanges.ts: only when they continue the device's
 * checkpoint and no pull is running; else it pulls). No RxDB and no storage: a thousand of them fit
 * in the bench process. Each counts its pulls and remembers when it first and last received each
 * document id it watches.
 */
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import type { Checkpoint, CollectionName } from '../../shared/replication.js'
import { STREAM_DOCUMENTS_EVENT, type StreamedChanges, continuation } from '../../shared/streamedChanges.js'
import type { HttpClient } from '../helpers/httpRequest.js'

const PAGE = 200
const COLLECTIONS: CollectionName[] = ['slots', 'bookings']

export interface StreamDevice {
  readonly token: string
  pulls: number
  /** Documents messages taken from the stream instead of a pull. */
  streamed: number
  /**
   * Records arrivals of document `id` from now on (only watched ids are recorded: a thousand devices
   * noting every document of every message would be most of the bench process's work).
   */
  watch(id: string): void
  /** performance.now() when a watched document id first arrived. */
  readonly received: Map<string, number>
  /** performance.now() when a watched document id last arrived (a change to a document the device has). */
  readonly lastReceived: Map<string, number>
  /** Resolves when no pull is running or queued. */
  idle(): Promise<void>
  close(): void
}

export async function openStreamDevice(
  baseUrl: string,
  token: string,
  pulls: HttpClient,
): Promise<StreamDevice> {
  const checkpoints: Record<CollectionName, Checkpoint | null> = {
    slots: null,
    bookings: null,
    waitlist: null,
    notifications: null,
  }
  const running: Partial<Record<CollectionName, Promise<void>>> = {}
  const again: Record<CollectionName, boolean> = {
    slots: false,
    bookings: false,
    waitlist: false,
    notifications: false,
  }
  const watched = new Set<string>()
  const device: StreamDevice = {
    token,
    pulls: 0,
    streamed: 0,
    watch: (id) => watched.add(id),
    received: new Map(),
    lastReceived: new Map(),
    async idle() {
      await Promise.all(Object.values(running))
    },
    close: () => request.destroy(),
  }

  async function pullOnce(collection: CollectionName): Promise<void> {
    for (let page = 0; page < 1000; page++) {
      const query = new URLSearchParams({ batchSize: String(PAGE) })
      const checkpoint = checkpoints[collection]
      if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint))
      device.pulls++
      const res = await pulls.request({
        method: 'GET',
        path: `/api/replication/${collection}/pull?${query}`,
        token,
      })
      if (res.status !== 200) throw new Error(`pull answered ${res.status}`)
      const body = res.body as { documents: { id: string }[]; checkpoint: Checkpoint }
      arrived(new Set(body.documents.map((d) => d.id)))
      if (body.documents.length === 0) return
      checkpoints[collection] = body.checkpoint
      if (body.documents.length < PAGE) return
    }
  }
  function arrived(ids: ReadonlySet<string>): void {
    const at = performance.now()
    for (const id of watched) {
      if (!ids.has(id)) continue
      if (!device.received.has(id)) device.received.set(id, at)
      device.lastReceived.set(id, at)
    }
  }
  function carried(data: Buffer): void {
    const { message, ids } = parseShared(data)
    const collection = message.collection
    if (!COLLECTIONS.includes(collection)) return
    const next = running[collection] ? 'resync' : continuation(checkpoints[collection], message)
    if (next === 'resync') wake(collection)
    else if (next === 'apply') {
      device.streamed++
      arrived(ids)
      checkpoints[collection] = message.checkpoint
    }
  }
  function wake(collection: CollectionName): void {
    if (running[collection]) {
      again[collection] = true
      return
    }
    running[collection] = (async () => {
      do {
        again[collection] = false
        await pullOnce(collection).catch(() => {})
      } while (again[collection])
      delete running[collection]
    })()
  }

  let connected: () => void = () => {}
  let refused: (error: Error) => void = () => {}
  const opened = new Promise<void>((resolve, reject) => {
    connected = resolve
    refused = reject
  })
  const request = http.get(`${baseUrl}/api/replication/stream`, {
    headers: { authorization: `Bearer ${token}` },
  })
  request.on('response', (response) => {
    // A refused stream (no membership, a limit) must fail the bench, not leave it waiting forever.
    if (response.statusCode !== 200) {
      refused(new Error(`the stream answered ${response.statusCode}`))
      response.resume()
      return
    }
    // Bytes, not text: a documents message is compared with the last one and parsed once for all
    // devices (parseShared); the small events are decoded on their own.
    let pending: Buffer = Buffer.alloc(0)
    response.on('data', (chunk: Buffer) => {
      pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk
      let start = 0
      for (let end = pending.indexOf(EVENT_END, start); end >= 0; end = pending.indexOf(EVENT_END, start)) {
        const event = pending.subarray(start, end)
        start = end + EVENT_END.length
        if (startsWith(event, DOCUMENTS_PREFIX)) {
          carried(event.subarray(DOCUMENTS_PREFIX.length))
          continue
        }
        const text = event.toString('utf8')
        if (text.includes(': connected')) connected()
        const change = /event: change\ndata: (\w+)/.exec(text)
        if (change && COLLECTIONS.includes(change[1] as CollectionName)) wake(change[1] as CollectionName)
      }
      pending = pending.subarray(start)
    })
  })
  request.on('error', (error) => refused(error))
  await opened
  // As the client does on every (re)connect: pull everything once.
  for (const collection of COLLECTIONS) wake(collection)
  await device.idle()
  return device
}

/** Opens `tokens.length` devices, `batch` at a time (a thousand connects at once would only queue). */
export async function openStreamDevices(
  baseUrl: string,
  tokens: readonly string[],
  pulls: HttpClient,
  batch = 50,
): Promise<StreamDevice[]> {
  const devices: StreamDevice[] = []
  for (let i = 0; i < tokens.length; i += batch) {
    devices.push(
      ...(await Promise.all(tokens.slice(i, i + batch).map((t) => openStreamDevice(baseUrl, t, pulls)))),
    )
  }
  return devices
}

/**
 * The server sends a scope's devices the same message; a real device decodes and parses its own copy
 * on its own machine, but a thousand simulated ones share this machine's CPU with the server, so
 * they share one decode and parse of the same bytes (the last message seen) instead of charging the
 * server's machine a thousand of each per message.
 */
let lastBytes: Buffer = Buffer.alloc(0)
let lastParsed: { message: StreamedChanges; ids: Set<string> } | null = null
function parseShared(bytes: Buffer): { message: StreamedChanges; ids: Set<string> } {
  if (!lastParsed || !bytes.equals(lastBytes)) {
    const message = JSON.parse(bytes.toString('utf8')) as StreamedChanges
    lastParsed = { message, ids: new Set(message.documents.map((d) => d.id)) }
    lastBytes = bytes
  }
  return lastParsed
}

const EVENT_END = Buffer.from('\n\n')
const DOCUMENTS_PREFIX = Buffer.from(`event: ${STREAM_DOCUMENTS_EVENT}\ndata: `)

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix)
}

/** The pulls the devices made in all. */
export function totalPulls(devices: readonly StreamDevice[]): number {
  return devices.reduce((n, d) => n + d.pulls, 0)
}

/** The documents messages the devices took from their streams in all. */
export function totalStreamed(devices: readonly StreamDevice[]): number {
  return devices.reduce((n, d) => n + d.streamed, 0)
}
