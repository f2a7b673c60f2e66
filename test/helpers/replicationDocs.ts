/**
 * Replication wire documents and the stream, by hand: what a device would push for a new booking,
 * and a raw reader of the server-sent events (tests that look at the protocol itself).
 */
import type { BookingWireDoc, SlotDoc } from '../../shared/replication.js'
import type { Slot } from '../../shared/schemas.js'

/** A slot document as a device stores it: an hour from `startTime`, 2 seats, none taken; `fields` override. */
export function slotDoc(startTime: string, fields: Partial<SlotDoc> = {}): SlotDoc {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    providerId: '00000000-0000-4000-8000-0000000000a1',
    providerName: 'Pro',
    serviceId: '00000000-0000-4000-8000-0000000000b1',
    serviceName: 'Service',
    startTime,
    endTime: new Date(Date.parse(startTime) + 3_600_000).toISOString(),
    maxBookings: 2,
    currentBookings: 0,
    isBooked: false,
    isAvailable: true,
    blocked: false,
    updatedAt: '2026-01-01T00:00:00.000Z',
    rev: '1',
    seatTags: [],
    ...fields,
  }
}

/** A booking document as a device pushes it when it books `slot` (never seen by the server). */
export function newBookingDoc(
  slot: Pick<Slot, 'id' | 'providerId' | 'serviceId' | 'startTime'>,
  customerId: string,
  notes = '',
): BookingWireDoc {
  const now = new Date().toISOString()
  return {
    id: crypto.randomUUID(),
    slotId: slot.id,
    providerId: slot.providerId,
    serviceId: slot.serviceId,
    customerId,
    // What a device sends; the server ignores it and reads the name from users.
    customerName: '',
    reference: '',
    startTime: slot.startTime,
    status: 'PENDING',
    rejectionReason: null,
    declined: false,
    notes,
    createdAt: now,
    updatedAt: now,
    rev: null,
    localPending: true,
    _deleted: false,
  }
}

export interface EventStreamReader {
  response: Response
  /** Everything received so far, comments included. */
  text(): string
  /** Resolves with the arrival time (performance.now()) of the next event whose text matches. */
  nextEvent(pattern: RegExp, timeoutMs?: number): Promise<number>
  /** Resolves once the received text matches, with how long that took. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<number>
  close(): Promise<void>
}

/** A stream event announcing `collection`: a wake-up (`change`) or its documents (`documents`). */
export function announces(collection: string): RegExp {
  return new RegExp(
    `event: (change\\ndata: ${collection}\\n\\n|documents\\ndata: \\{"collection":"${collection}")`,
  )
}

/** Every collection a stream's text has announced, either way, once per announcement, sorted. */
export function announcedCollections(text: string): string[] {
  return [...text.matchAll(/event: (?:change\ndata: (\w+)\n\n|documents\ndata: \{"collection":"(\w+)")/g)]
    .map((m) => (m[1] ?? m[2]) as string)
    .sort()
}

/** Reads a text/event-stream response as it arrives (EventSource hides comments such as heartbeats). */
export async function readEventStream(url: string, token?: string): Promise<EventStreamReader> {
  const controller = new AbortController()
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  const response = await fetch(url, { signal: controller.signal, headers })
  let text = ''
  let buffer = ''
  const waiting = new Set<{ pattern: RegExp; arrived: (at: number) => void }>()
  const reading = (async () => {
    const reader = response.body?.getReader()
    const decoder = new TextDecoder()
    if (!reader) return
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (done) return
      const chunk = decoder.decode(value, { stream: true })
      text += chunk
      buffer += chunk
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const event = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const at = performance.now()
        for (const waiter of waiting) if (waiter.pattern.test(event)) waiter.arrived(at)
      }
    }
  })()
  return {
    response,
    text: () => text,
    nextEvent(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          pattern,
          arrived: (at: number) => {
            clearTimeout(timer)
            waiting.delete(waiter)
            resolve(at)
          },
        }
        const timer = setTimeout(() => {
          waiting.delete(waiter)
          reject(new Error(`no event matching ${pattern} within ${timeoutMs} ms`))
        }, timeoutMs)
        waiting.add(waiter)
      })
    },
    async waitFor(pattern, timeoutMs = 5000) {
      const started = Date.now()
      while (!pattern.test(text)) {
        if (Date.now() - started > timeoutMs) {
          throw new Error(`no ${pattern} within ${timeoutMs} ms; got ${JSON.stringify(text)}`)
        }
        await new Promise((r) => setTimeout(r, 5))
      }
      return Date.now() - started
    },
    async close() {
      controller.abort()
      await reading
    },
  }
}
