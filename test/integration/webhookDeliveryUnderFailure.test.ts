/**
 * The must-show: 500 bookings, each created, confirmed and cancelled (1500 events), delivered
 * to a receiver on 127.0.0.1 that fails 30 % of requests at random (seeded: answers 500 or closes the
 * connection) and is down (connection refused) for a while in the middle. Every event arrives at
 * least once, every signature verifies with the standardwebhooks library, and the receiver can put
 * each booking's events in order (created, confirmed, cancelled) by their sequence.
 */
import { randomUUID } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Queryable } from '../../server/db/database.js'
import { changeBookingStatus, createBooking } from '../../server/domain/bookings.js'
import { eventually } from '../helpers/eventually.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'
import { acceptedMessages, eventOrderByEntity } from '../helpers/webhookMessages.js'
import { OK, type WebhookReceiver, startWebhookReceiver } from '../helpers/webhookReceiver.js'
import { seededRandom } from '../torture/customerTraffic.js'

const BOOKINGS = 500
const FAILURE_PERCENT = 30
const DOWN_AFTER_BOOKING = 150
const DOWN_FOR_MS = 2000
const LANES = 8
const EVENTS = ['booking.created', 'booking.confirmed', 'booking.cancelled']

let server: TestServer
let receiver: WebhookReceiver

beforeAll(async () => {
  server = await startTestServer({
    WEBHOOK_ALLOW_PRIVATE_HOSTS: true,
    WEBHOOK_RELAY_MS: 20,
    WEBHOOK_RETRY_BASE_MS: 50,
    WEBHOOK_RETRY_MAX_MS: 1000,
    WEBHOOK_MAX_ATTEMPTS: 100,
    WEBHOOK_TIMEOUT_MS: 2000,
  })
  receiver = await startWebhookReceiver()
})
afterAll(async () => {
  await server?.close()
  await receiver?.close()
})

it(`delivers every event of ${BOOKINGS} bookings at least once through random failures and an outage`, async () => {
  const token = await server.signIn(server.seed.providerA.email)
  const registered = await server.api(token).post('/api/webhooks', { url: receiver.url, events: EVENTS })
  expect(registered.status).toBe(201)
  const secret: string = registered.body.secret
  const random = seededRandom(17_2026)
  receiver.behaviour = () => {
    const roll = random(100)
    if (roll >= FAILURE_PERCENT) return OK
    return roll % 2 === 0 ? { kind: 'status', status: 500 } : { kind: 'close' }
  }

  const { db, seed } = server
  // Lanes of bookings in parallel (each its own slot), so the writes take seconds on PostgreSQL.
  const slots = await Promise.all(Array.from({ length: LANES }, () => seed.createSlot({ maxBookings: 1000 })))
  const bookingIds = Array.from({ length: BOOKINGS }, () => randomUUID())
  const started = performance.now()
  let written = 0
  let outage: Promise<void> = Promise.resolve()
  const bookThrough = async (id: string, slotId: string) => {
    if (written++ === DOWN_AFTER_BOOKING) {
      await receiver.down()
      outage = new Promise((resolve) => setTimeout(resolve, DOWN_FOR_MS)).then(() => receiver.up())
    }
    const steps = [
      (tx: Queryable) => createBooking(tx, seed.customerA, { id, slotId, notes: '' }),
      (tx: Queryable) => changeBookingStatus(tx, seed.providerA, id, 'CONFIRMED'),
      (tx: Queryable) => changeBookingStatus(tx, seed.customerA, id, 'CANCELLED'),
    ]
    for (const step of steps) {
      const outcome = await db.transaction(step)
      expect(outcome.ok).toBe(true)
    }
  }
  await Promise.all(
    slots.map(async (slot, lane) => {
      for (let i = lane; i < BOOKINGS; i += LANES) await bookThrough(bookingIds[i] as string, slot.id)
    }),
  )
  await outage
  const wrote = performance.now()
  console.info(`wrote ${BOOKINGS} bookings x 3 changes in ${Math.round(wrote - started)} ms`)

  const expected = Number(
    (await db.query<{ n: string }>('SELECT count(*) AS n FROM webhook_events')).rows[0]?.n,
  )
  expect(expected).toBe(BOOKINGS * EVENTS.length)
  // Cheap to poll (the server runs in this process): distinct ids the receiver accepted.
  await eventually(async () => {
    const ids = receiver.received.filter((r) => r.answer === OK).map((r) => r.headers['webhook-id'])
    expect(new Set(ids).size).toBe(expected)
  }, 180_000)
  const messages = acceptedMessages(receiver.received, secret)
  expect(new Set(messages.map((m) => m.id)).size).toBe(expected)

  const deliveredWithin = Math.round(performance.now() - wrote)
  // Every request the receiver got, failed or not, carries a valid signature.
  const webhook = new Webhook(secret)
  for (const r of receiver.received) {
    expect(() => webhook.verify(r.body, r.headers as Record<string, string>)).not.toThrow()
  }
  const order = eventOrderByEntity(messages)
  for (const id of bookingIds) expect(order.get(id)).toEqual(EVENTS)
  const failed = receiver.received.filter((r) => r.answer !== OK && r.answer.kind !== 'status').length
  // The log ends with every delivery delivered (an attempt whose 200 came back after the attempt's
  // time limit counts as failed and is sent again: at least once).
  await eventually(async () => {
    const log = await db.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM webhook_deliveries GROUP BY status',
    )
    expect(log.rows.map((r) => [r.status, Number(r.n)])).toEqual([['delivered', expected]])
  }, 60_000)
  console.info(
    `webhooks under failure: ${expected} events, ${receiver.received.length} requests received ` +
      `(${receiver.received.length - messages.length} refused by the receiver, ${failed} closed), ` +
      `${messages.length - expected} duplicates delivered; all delivered ${deliveredWithin} ms after the last booking`,
  )
}, 300_000)
