/**
 * One fast-check arbitrary per endpoint, producing requests that must change nothing: malformed,
 * unauthenticated, or aimed at what the caller does not own. Where a caller may legitimately
 * write (a customer booking, a provider editing their slot), the generator only offers targets or
 * values the server must refuse (full, past, blocked or deleted slots; capacities outside 1..1000;
 * other people's ids), so any state change the fuzz run causes is a bug.
 */
import fc from 'fast-check'
import type { HttpRequest } from '../helpers/httpRequest.js'
import {
  brokenBody,
  hostileId,
  hostileNumber,
  hostileObject,
  hostileString,
  hostileValue,
  invalidCapacity,
  boundaryDate,
  boundaryInstant,
  boundarySnapshot,
} from './hostileValues.js'

/** The fixture world the fuzz run attacks (see fuzzEndpoints.test.ts). */
export interface FuzzWorld {
  tokens: {
    customerA: string
    /** Owner of `bookingOfB`. */
    customerB: string
    customerC: string
    /** Owner of every slot below except `providerBSlot`. */
    providerA: string
    providerB: string
  }
  emails: string[]
  users: string[]
  services: { ofA: string; ofB: string }
  slots: {
    open: string
    /** Capacity 1, held by customerB. */
    full: string
    /** Has customerB's `bookingOfB`, one seat left. */
    held: string
    past: string
    blocked: string
    deleted: string
    providerBSlot: string
  }
  bookingOfB: string
  /** Replication documents as the owners pulled them: customerB's booking, providerA's open slot. */
  documents: { booking: Record<string, unknown>; slot: Record<string, unknown> }
}

export interface FuzzRequest extends HttpRequest {
  /** Which endpoint the request aims at, for coverage counts. */
  endpoint: string
}

const BAD_TOKENS = ['', 'null', 'Bearer', 'x'.repeat(199), 'x'.repeat(5000), "' OR 1=1 --", '%00']

/** Mostly real callers, so most requests get past authentication to the validators and rules. */
function anyToken(world: FuzzWorld): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(undefined, ...BAD_TOKENS), weight: 1 },
    { arbitrary: fc.constantFrom(...Object.values(world.tokens)), weight: 3 },
  )
}

/** Callers who neither own customerB's booking nor provide its slot. */
function strangerToBooking(world: FuzzWorld): fc.Arbitrary<string | undefined> {
  const { customerA, customerC, providerB } = world.tokens
  return fc.constantFrom(undefined, ...BAD_TOKENS, customerA, customerC, providerB)
}

/** Callers who do not own providerA's slots. */
function strangerToSlots(world: FuzzWorld): fc.Arbitrary<string | undefined> {
  const { customerA, customerB, customerC, providerB } = world.tokens
  return fc.constantFrom(undefined, ...BAD_TOKENS, customerA, customerB, customerC, providerB)
}

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as on any real wire). */
function segment(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return value.map((v) =>
    [...Buffer.from(v.slice(0, 3000), 'utf8')]
      .map((byte) =>
        UNRESERVED.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `%${byte.toString(16).padStart(2, '0')}`,
      )
      .join(''),
  )
}
const UNRESERVED = /^[A-Za-z0-9\-_.~]$/

function query(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  return fc.record(fields, { requiredKeys: [] }).map((q) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(q)) params.set(key, String(value).slice(0, 3000))
    const text = params.toString()
    return text ? `?${text}` : ''
  })
}

/** A body: a hostile object for the route's fields, any hostile value, or broken bytes. */
function body(
  fields: Record<string, fc.Arbitrary<unknown>>,
  requiredKeys: string[] = [],
): fc.Arbitrary<Pick<HttpRequest, 'body' | 'contentType'>> {
  return fc.oneof(
    { arbitrary: hostileObject(fields, requiredKeys).map((b) => ({ body: b })), weight: 5 },
    { arbitrary: hostileValue.map((b) => ({ body: JSON.stringify(b) ?? 'null' })), weight: 1 },
    { arbitrary: brokenBody, weight: 2 },
  )
}

function request(
  endpoint: string,
  method: string,
  path: fc.Arbitrary<string>,
  token: fc.Arbitrary<string | undefined>,
  payload?: fc.Arbitrary<Pick<HttpRequest, 'body' | 'contentType'>>,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(path, token, payload ?? fc.constant({}))
    .map(([p, t, b]) => ({ endpoint, method, path: p, ...(t === undefined ? {} : { token: t }), ...b }))
}

/** A request to one fixed path, labelled by method and path. */
function fixed(
  method: string,
  path: string,
  token: fc.Arbitrary<string | undefined>,
  payload?: fc.Arbitrary<Pick<HttpRequest, 'body' | 'contentType'>>,
): fc.Arbitrary<FuzzRequest> {
  return request(`${method} ${path}`, method, fc.constant(path), token, payload)
}

export function restRequests(world: FuzzWorld): fc.Arbitrary<FuzzRequest>[] {
  const { slots, tokens } = world
  const anySlot = hostileId(Object.values(slots))
  /** Write targets never include providerB's own slot (providerB is among the strangers). */
  const slotOfA = hostileId([slots.open, slots.full, slots.held, slots.past, slots.blocked, slots.deleted])
  const unbookable = hostileId([slots.full, slots.past, slots.blocked, slots.deleted])
  const anyUser = hostileId(world.users)
  const anyBooking = hostileId([world.bookingOfB])
  const time = fc.oneof(hostileString, boundaryInstant)
  const slotFields = {
    serviceId: hostileId([world.services.ofA, world.services.ofB]),
    startTime: time,
    endTime: time,
    maxBookings: fc.oneof(hostileNumber, invalidCapacity, hostileValue),
  }
  const recurringFields = {
    ...slotFields,
    fromDate: fc.oneof(hostileString, boundaryDate),
    toDate: fc.oneof(hostileString, boundaryDate),
    weekdays: fc.oneof(fc.array(hostileNumber, { maxLength: 10 }), hostileValue),
    startTimes: fc.oneof(fc.array(hostileString, { maxLength: 60 }), hostileValue),
    durationMinutes: hostileNumber,
  }
  // Providers writing slots only ever name a service they do not own.
  const foreignService = (service: string) => ({ ...slotFields, serviceId: fc.constantFrom(service) })

  return [
    fixed(
      'POST',
      '/api/session',
      anyToken(world),
      body({
        email: fc.oneof(fc.constantFrom(...world.emails), hostileString),
        password: hostileString,
      }),
    ),
    fixed('DELETE', '/api/session', fc.constantFrom(undefined, ...BAD_TOKENS)),
    fixed('GET', '/api/session', anyToken(world)),
    request(
      'GET /api/slots',
      'GET',
      query({ from: time, to: time, providerId: anyUser, serviceId: hostileString, limit: hostileValue }).map(
        (q) => `/api/slots${q}`,
      ),
      anyToken(world),
    ),
    request(
      'GET /api/slots/:id',
      'GET',
      segment(anySlot).map((id) => `/api/slots/${id}`),
      anyToken(world),
    ),
    request(
      'GET /api/slots/:id/stats',
      'GET',
      segment(anySlot).map((id) => `/api/slots/${id}/stats`),
      anyToken(world),
    ),
    request(
      'GET /api/bookings',
      'GET',
      query({ slotId: anySlot, status: hostileString, from: time, to: time }).map((q) => `/api/bookings${q}`),
      anyToken(world),
    ),
    request(
      'GET /api/bookings/:id',
      'GET',
      segment(anyBooking).map((id) => `/api/bookings/${id}`),
      anyToken(world),
    ),
    fixed('GET', '/api/providers', anyToken(world)),
    request(
      'GET /api/providers/:id/stats',
      'GET',
      fc
        .tuple(segment(anyUser), query({ from: time, to: time }))
        .map(([id, q]) => `/api/providers/${id}/stats${q}`),
      anyToken(world),
    ),
    request(
      'GET /api/services',
      'GET',
      query({ providerId: anyUser }).map((q) => `/api/services${q}`),
      anyToken(world),
    ),
    request(
      'GET /api/audit',
      'GET',
      query({ entityId: anyBooking, from: time, to: time, limit: hostileValue }).map((q) => `/api/audit${q}`),
      anyToken(world),
    ),
    fixed('GET', '/api/demo-credentials', anyToken(world)),
    // Customers may book: only slots that must refuse, or a replay of an existing id.
    fixed(
      'POST',
      '/api/bookings',
      fc.constantFrom(tokens.customerA, tokens.customerB, tokens.customerC),
      body({
        id: anyBooking,
        slotId: unbookable,
        notes: hostileValue,
      }),
    ),
    fixed(
      'POST',
      '/api/bookings',
      fc.constantFrom(tokens.customerA, tokens.customerC),
      body(
        {
          id: fc.constant(world.bookingOfB),
          slotId: fc.constantFrom(slots.open, slots.held),
          notes: hostileString,
        },
        ['id'],
      ),
    ),
    fixed(
      'POST',
      '/api/bookings',
      fc.constantFrom(undefined, ...BAD_TOKENS, tokens.providerA, tokens.providerB),
      body({
        id: anyBooking,
        slotId: anySlot,
        notes: hostileValue,
      }),
    ),
    request(
      'PATCH /api/bookings/:id',
      'PATCH',
      segment(anyBooking).map((id) => `/api/bookings/${id}`),
      strangerToBooking(world),
      body({
        status: fc.oneof(
          hostileValue,
          fc.constantFrom('CONFIRMED', 'CANCELLED', 'COMPLETED', 'REJECTED', 'PENDING'),
        ),
      }),
    ),
    request(
      'PATCH /api/bookings/:id',
      'PATCH',
      fc.constant(`/api/bookings/${world.bookingOfB}`),
      fc.constantFrom(tokens.customerB, tokens.providerA),
      body({
        status: fc.oneof(hostileValue, fc.constantFrom('REJECTED', 'PENDING', 'cancelled', 'CANCELLED ')),
      }),
    ),
    request(
      'DELETE /api/bookings/:id',
      'DELETE',
      segment(anyBooking).map((id) => `/api/bookings/${id}`),
      strangerToBooking(world),
    ),
    fixed(
      'POST',
      '/api/slots',
      strangerToSlots(world).filter((t) => t !== tokens.providerB),
      body(slotFields),
    ),
    fixed('POST', '/api/slots', fc.constant(tokens.providerB), body(foreignService(world.services.ofA))),
    fixed('POST', '/api/slots', fc.constant(tokens.providerA), body(foreignService(world.services.ofB))),
    fixed(
      'POST',
      '/api/slots/recurring',
      strangerToSlots(world).filter((t) => t !== tokens.providerB),
      body(recurringFields),
    ),
    fixed(
      'POST',
      '/api/slots/recurring',
      fc.constant(tokens.providerA),
      body({ ...recurringFields, serviceId: fc.constant(world.services.ofB) }),
    ),
    request(
      'PATCH /api/slots/:id',
      'PATCH',
      segment(slotOfA).map((id) => `/api/slots/${id}`),
      strangerToSlots(world),
      body({
        maxBookings: fc.oneof(hostileValue, fc.integer({ min: 1, max: 1000 })),
        blocked: fc.oneof(hostileValue, fc.boolean()),
        currentBookings: hostileValue,
      }),
    ),
    request(
      'PATCH /api/slots/:id',
      'PATCH',
      fc.constantFrom(slots.open, slots.held, slots.full).map((id) => `/api/slots/${id}`),
      fc.constant(tokens.providerA),
      body({
        maxBookings: invalidCapacity,
        blocked: hostileString,
      }),
    ),
    request(
      'DELETE /api/slots/:id',
      'DELETE',
      segment(slotOfA).map((id) => `/api/slots/${id}`),
      strangerToSlots(world),
    ),
    request(
      'DELETE /api/slots/:id',
      'DELETE',
      fc.constantFrom(slots.full, slots.held).map((id) => `/api/slots/${id}`),
      fc.constant(tokens.providerA),
    ),
  ]
}

/** A pushed document: the template with a few fields made hostile (none, sometimes: a well-formed push). */
function mutated(template: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const overrides = fc.dictionary(
    fc.constantFrom(...Object.keys(template), 'currentBookings', '_deleted', 'extra'),
    hostileValue,
    { minKeys: 1, maxKeys: 3 },
  )
  return fc.oneof(
    { arbitrary: fc.constant(template), weight: 2 },
    { arbitrary: overrides.map((o) => ({ ...template, ...o })), weight: 3 },
  )
}

function pushRows(row: fc.Arbitrary<unknown>): fc.Arbitrary<Pick<HttpRequest, 'body' | 'contentType'>> {
  return fc.oneof(
    {
      arbitrary: fc.array(fc.oneof(row, hostileValue), { maxLength: 6 }).map((rows) => ({ body: rows })),
      weight: 5,
    },
    {
      arbitrary: fc.array(row, { minLength: 201, maxLength: 205 }).map((rows) => ({ body: rows })),
      weight: 1,
    },
    { arbitrary: hostileValue.map((b) => ({ body: JSON.stringify(b) ?? 'null' })), weight: 1 },
    { arbitrary: brokenBody, weight: 1 },
  )
}

export function replicationRequests(world: FuzzWorld): fc.Arbitrary<FuzzRequest>[] {
  const { tokens, documents } = world
  const collection = fc.oneof(
    { arbitrary: fc.constantFrom('slots', 'bookings'), weight: 3 },
    { arbitrary: hostileString, weight: 1 },
  )
  const snapshot = fc.oneof(
    hostileString,
    fc
      .tuple(hostileNumber, hostileNumber, fc.array(hostileNumber, { maxLength: 4 }))
      .map(([a, b, xs]) => `${a}:${b}:${xs.join(',')}`),
    boundarySnapshot,
    fc.constantFrom(
      '1:1:',
      '99999999999999999999:1:',
      '5:3:4',
      `1:1000000:${Array.from({ length: 3000 }, (_, i) => i + 2).join(',')}`,
    ),
  )
  const checkpoint = fc.oneof(
    fc.constant(''),
    hostileString,
    hostileObject({
      since: snapshot,
      until: snapshot,
      after: fc.oneof(hostileValue, hostileObject({ xid: hostileValue, id: hostileString })),
      horizon: fc.oneof(hostileValue, boundaryInstant),
      band: fc.oneof(hostileValue, boundaryInstant),
    }).map((c) => JSON.stringify(c)),
  )
  // Strangers to customerB's booking and to providerA's slots may push well-formed documents; nothing may change.
  const assumed = (template: Record<string, unknown>) =>
    fc.oneof(
      fc.constant(null),
      mutated(template),
      mutated(template).map((d) => ({ ...d, rev: '1' })),
      hostileValue,
    )
  const row = (template: Record<string, unknown>, assumedState = assumed(template)) =>
    hostileObject({ assumedMasterState: assumedState, newDocumentState: mutated(template) }, [
      'newDocumentState',
    ])
  const bookingRow = row(documents.booking)
  const slotRow = row(documents.slot)
  // The owner only ever pushes against a stale or missing assumed state: answered with the server's.
  // Stale means the editable fields the device assumed are not the server's (the base is judged per
  // field, shared/slotChangeRules.ts, not on `rev`, which moves with every booking on the slot): both
  // are stale here, so any capacity or block change, or a deletion, is refused or already the server's.
  const staleRev = fc.oneof(
    fc.constant(null),
    fc.constant({
      ...documents.slot,
      rev: '1',
      maxBookings: Number(documents.slot.maxBookings) + 1,
      blocked: !documents.slot.blocked,
    }),
  )
  const staleSlotRow = hostileObject(
    { assumedMasterState: staleRev, newDocumentState: mutated(documents.slot) },
    ['newDocumentState'],
  )
  // Well-formed documents with real intents (cancel, confirm, delete, re-capacity) from callers who
  // may not make them: each must be answered with the server's state and change nothing.
  const wellFormed = (rows: fc.Arbitrary<unknown>) =>
    fc.array(rows, { minLength: 1, maxLength: 3 }).map((b) => ({ body: b }))
  const bookingIntent = fc.record({
    assumedMasterState: fc.constantFrom(null, documents.booking, { ...documents.booking, rev: '1' }),
    newDocumentState: fc
      .record({
        status: fc.constantFrom('PENDING', 'CONFIRMED', 'CANCELLED', 'COMPLETED', 'REJECTED'),
        _deleted: fc.boolean(),
        notes: fc.oneof(
          fc.string({ maxLength: 50 }),
          fc.constantFrom('nul \u0000 byte', "'; DROP TABLE bookings; --"),
        ),
      })
      .map((change) => ({ ...documents.booking, ...change })),
  })
  const slotIntent = (assumedState: fc.Arbitrary<unknown>) =>
    fc.record({
      assumedMasterState: assumedState,
      newDocumentState: fc
        .record({
          maxBookings: fc.integer({ min: 1, max: 1000 }),
          blocked: fc.boolean(),
          _deleted: fc.boolean(),
        })
        .map((change) => ({ ...documents.slot, ...change })),
    })
  return [
    request(
      'GET /api/replication/:collection/pull',
      'GET',
      fc
        .tuple(
          segment(collection),
          query({ checkpoint, batchSize: fc.oneof(hostileValue, fc.integer({ min: 1, max: 1000 })) }),
        )
        .map(([c, q]) => `/api/replication/${c}/pull${q}`),
      anyToken(world),
    ),
    fixed(
      'POST',
      '/api/replication/bookings/push',
      fc.constantFrom(undefined, ...BAD_TOKENS, tokens.customerA, tokens.customerC, tokens.providerB),
      pushRows(bookingRow),
    ),
    fixed('POST', '/api/replication/slots/push', strangerToSlots(world), pushRows(slotRow)),
    fixed('POST', '/api/replication/slots/push', fc.constant(tokens.providerA), pushRows(staleSlotRow)),
    request(
      'POST /api/replication/:collection/push',
      'POST',
      segment(hostileString).map((c) => `/api/replication/${c}/push`),
      anyToken(world),
      pushRows(hostileValue),
    ),
    request(
      'POST /api/replication/bookings/push (well-formed, not yours)',
      'POST',
      fc.constant('/api/replication/bookings/push'),
      fc.constantFrom(tokens.customerA, tokens.customerC, tokens.providerB),
      wellFormed(bookingIntent),
    ),
    request(
      'POST /api/replication/slots/push (well-formed, not yours)',
      'POST',
      fc.constant('/api/replication/slots/push'),
      fc.constantFrom(tokens.customerA, tokens.customerB, tokens.providerB),
      wellFormed(slotIntent(fc.constantFrom(null, documents.slot))),
    ),
    request(
      'POST /api/replication/slots/push (well-formed, stale)',
      'POST',
      fc.constant('/api/replication/slots/push'),
      fc.constant(tokens.providerA),
      wellFormed(slotIntent(staleRev)),
    ),
    // A valid token would open a never-ending stream: only callers the server must turn away.
    request(
      'GET /api/replication/stream',
      'GET',
      query({ access_token: hostileString }).map((q) => `/api/replication/stream${q}`),
      fc.constantFrom(undefined, ...BAD_TOKENS),
    ),
  ]
}
