/**
 * fast-check arbitraries for the hostile inputs a public API meets: wrong types, huge and
 * exotic strings, SQL-ish text, out-of-range numbers, other people's ids, broken JSON and
 * mislabelled bodies. None of them is a valid request by construction where it matters (see
 * fuzzedRequests.ts); these are the raw material.
 */
import fc from 'fast-check'

const SQL_ISH = [
  "'; DROP TABLE bookings; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(30); --',
  '$1',
  "'); UPDATE slots SET current_bookings = 0; --",
  "00000000-0000-4000-8000-000000000000' OR 1=1 --",
  '%',
  '\\',
  'NULL',
  'current_bookings = max_bookings',
]

const WEIRD_UNICODE = [
  '\u0000',
  '\uD800',
  '\uDFFF\uD800',
  '\uFEFF{}',
  '\u202Etxt.exe',
  'ｓｌｏｔ',
  'e\u0301\u0301\u0301',
  '\u0085\u2028\u2029',
  '🙂'.repeat(400),
  'Ω≈ç√∫˜µ≤≥÷',
]

/** Big enough to pass field limits, and bigger than the server's 1 MiB body limit. */
const hugeString = fc.constantFrom(600, 20_000, 1_100_000).map((n) => 'Ä'.repeat(n))

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.constantFrom(...SQL_ISH), weight: 3 },
  { arbitrary: fc.constantFrom(...WEIRD_UNICODE), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: fc.constant(''), weight: 1 },
)

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1.5, 1001, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, Number.NaN),
  fc.integer(),
  fc.double(),
)

/** A capacity no validator may accept (never an integer in 1..1000). */
export const invalidCapacity: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ max: 0 }),
  fc.integer({ min: 1001 }),
  fc.double({ noInteger: true }),
  fc.constantFrom('5', '1e3', null, true, [], {}, Number.POSITIVE_INFINITY),
)

/** Anything JSON can carry, biased towards the nasty. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.array(hostileString, { maxLength: 5 }), weight: 1 },
)

/** Ids: random, nil, malformed, and the given real ids (other people's), also upper-cased. */
export function hostileId(realIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: fc.constantFrom(...realIds), weight: 4 },
    { arbitrary: fc.constantFrom(...realIds).map((id) => id.toUpperCase()), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
      ),
      weight: 1,
    },
    { arbitrary: hostileString, weight: 2 },
  )
}

/** A JSON object with the expected keys given hostile (or expected) values, plus junk keys. */
export function hostileObject(
  fields: Record<string, fc.Arbitrary<unknown>>,
  requiredKeys: string[] = [],
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.record(fields, { requiredKeys }),
      fc.dictionary(
        fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'currentBookings')),
        hostileValue,
        {
          maxKeys: 2,
        },
      ),
    )
    .map(([known, junk]) => ({ ...junk, ...known }))
}

/** Bodies that are not the JSON object a route expects at all. */
export const brokenBody: fc.Arbitrary<{ body: string; contentType: string }> = fc.record({
  body: fc.oneof(
    fc.constantFrom(
      '{',
      '{"slotId":',
      'null',
      '[]',
      '"just a string"',
      '1e999',
      '{"__proto__":{"role":"provider"},"constructor":{"prototype":{"isAdmin":true}}}',
      '\uFEFF{"notes":"bom"}',
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_001)}`,
    ),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-16',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
  ),
})

/**
 * Instants a validator of the ISO form accepts but PostgreSQL may not: year 0 (there is none: 1 BC
 * follows 1 AD), a +14:00 offset that puts 0001-01-01 into year 0 in UTC, the last instants of year
 * 9999 and past it in UTC.
 */
export const BOUNDARY_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '0000-06-15T12:00:00.000Z',
  '0001-01-01T00:00:00+14:00',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59-14:00',
]

/** Calendar dates of the same kind (year 0, the first and last days of the form's range). */
export const BOUNDARY_DATES = ['0000-01-01', '0000-02-29', '0001-01-01', '9999-12-31']

/** Boundary instants, and ordinary ones. */
export const boundaryInstant: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...BOUNDARY_INSTANTS),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
)

export const boundaryDate: fc.Arbitrary<string> = fc.constantFrom(...BOUNDARY_DATES)

/**
 * pg_snapshot texts of the right form whose xmin or xmax PostgreSQL refuses (its 32-bit part is 0,
 * InvalidTransactionId in some epoch), and well-formed ones across an epoch boundary.
 */
export const boundarySnapshot: fc.Arbitrary<string> = fc.constantFrom(
  '4294967296:4294967296:',
  '4294967296:4294967300:',
  '4294967297:8589934592:',
  '4294967295:8589934593:4294967296',
  '18446744073709551615:18446744073709551615:',
)
