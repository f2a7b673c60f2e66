/**
 * Sizes of the torture tests. CI runs them inside `npm test` at the bounded default size;
 * `npm run test:torture` sets TORTURE_SCALE=full for the sizes issue 5 asks for.
 */
const full = process.env.TORTURE_SCALE === 'full'

export const tortureScale = {
  full,
  /** 2a: server SIGKILLs during a booking load, and requests per load between kills. */
  crash: { kills: full ? 5 : 2, requestsPerKill: full ? 400 : 120, concurrency: 8 },
  /** 2b: REST writes through a proxy that drops every `dropEvery`-th response; device pushes (every 2nd dropped). */
  droppedResponses: {
    bookings: full ? 600 : 120,
    dropEvery: 3,
    concurrency: 4,
    devicePushes: full ? 300 : 60,
  },
  /** 2c: fuzzed requests in total over every endpoint. */
  fuzz: { requests: full ? 10_000 : 1_200 },
  /** 2d: operations made while offline before reconnecting. */
  offlineSoak: { operations: full ? 500 : 120 },
  /** Upper bound for one torture test, in ms (vitest timeout). */
  timeoutMs: full ? 900_000 : 150_000,
}
