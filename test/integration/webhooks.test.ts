/**
 * Webhooks through the real server and its pg-boss queue, delivering to receivers on 127.0.0.1:
 * validation, the outbox (no event for a change that rolled back), retries of receivers that fail,
 * hang, answer slowly or close the connection, automatic disabling, replay and secret rotation.
 */
import { randomUUID } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createBooking } from '../../server/domain/bookings.js'
import { createWebhookEndpoint } from '../../server/domain/webhookEndpoints.js'
import { eventually } from '../helpers/eventually.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'
import { acceptedMessages, eventOrderByEntity } from '../helpers/webhookMessages.js'
import { OK, type WebhookReceiver, startWebhookReceiver } from '../helpers/webhookReceiver.js'

const DISABLE_AFTER_MS = 3000

let server: TestServer
let receiver: WebhookReceiver
let provider: ApiClient
let customer: ApiClient

beforeAll(async () => {
  server = await startTestServer({
    WEBHOOK_ALLOW_PRIVATE_HOSTS: true,
    WEBHOOK_RELAY_MS: 20,
    WEBHOOK_RETRY_BASE_MS: 50,
    WEBHOOK_RETRY_MAX_MS: 400,
    WEBHOOK_TIMEOUT_MS: 500,
    WEBHOOK_DISABLE_AFTER_MS: DISABLE_AFTER_MS,
    WEBHOOK_SECRET_GRACE_MS: 60_000,
  })
  provider = server.api(await server.signIn(server.seed.providerA.email))
  customer = server.api(await server.signIn(server.seed.customerA.email))
  receiver = await startWebhookReceiver()
})
afterEach(async () => {
  await server.db.query('DELETE FROM webhook_endpoints')
  receiver.behaviour = () => OK
  receiver.received.length = 0
})
afterAll(async () => {
  await server?.close()
  await receiver?.close()
})

const BOOKING_EVENTS = ['booking.created', 'booking.confirmed', 'booking.cancelled']

async function registerEndpoint(events = BOOKING_EVENTS) {
  const res = await provider.post('/api/webhooks', { url: receiver.url, events })
  expect(res.status).toBe(201)
  return res.body as { id: string; secret: string }
}

async function book(): Promise<string> {
  const slot = await server.seed.createSlot({ maxBookings: 5 })
  const res = await customer.post('/api/bookings', { id: randomUUID(), slotId: slot.id })
  expect(res.status).toBe(201)
  return res.body.id
}

async function deliveries(endpointId: string) {
  const res = await provider.get(`/api/webhooks/${endpointId}/deliveries`)
  expect(res.status).toBe(200)
  return res.body as {
    id: number
    eventId: number
    status: string
    attempts: number
    lastError: string | null
  }[]
}

describe('registering endpoints', () => {
  it.each([
    [{ url: 'ftp://127.0.0.1/hook', events: ['booking.created'] }, 'url'],
    [{ url: 'not a url', events: ['booking.created'] }, 'url'],
    [{ url: 'http://user:secret@127.0.0.1/hook', events: ['booking.created'] }, 'url'],
    [{ url: 'http://127.0.0.1/hook', events: ['booking.exploded'] }, 'events'],
    [{ url: 'http://127.0.0.1/hook', events: [] }, 'events'],
  ])('refuses %j with 400 VALIDATION_FAILED naming the field, and creates nothing', async (body, field) => {
    const res = await provider.post('/api/webhooks', body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    const paths = (res.body.details as { path: string[] }[]).map((i) => i.path.join('.'))
    expect(paths.some((p) => p.includes(field))).toBe(true)
    expect((await provider.get('/api/webhooks')).body).toEqual([])
  })

  it('refuses loopback and private hosts where WEBHOOK_ALLOW_PRIVATE_HOSTS is off', async () => {
    const outcome = await server.db.transaction((tx) =>
      createWebhookEndpoint(
        tx,
        server.seed.providerA,
        { url: 'http://169.254.169.254/latest', events: ['booking.created'] },
        { allowPrivateHosts: false },
      ),
    )
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) expect(outcome.refusal.code).toBe('VALIDATION_FAILED')
  })

  it('lets only providers manage endpoints, and only their own', async () => {
    expect(
      (await customer.post('/api/webhooks', { url: receiver.url, events: ['booking.created'] })).status,
    ).toBe(403)
    const endpoint = await registerEndpoint()
    const other = server.api(await server.signIn(server.seed.providerB.email))
    expect((await other.get(`/api/webhooks/${endpoint.id}/deliveries`)).status).toBe(404)
    expect((await other.delete(`/api/webhooks/${endpoint.id}`)).status).toBe(404)
    expect((await other.get('/api/webhooks')).body).toEqual([])
  })

  it('shows the secret once: at creation, never in the list', async () => {
    const endpoint = await registerEndpoint()
    expect(endpoint.secret).toMatch(/^whsec_/)
    const listed = (await provider.get('/api/webhooks')).body
    expect(listed).toHaveLength(1)
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret)
  })
})

describe('delivery', () => {
  it('delivers a booking’s events signed per Standard Webhooks, in an order the receiver can reconstruct', async () => {
    const endpoint = await registerEndpoint()
    const bookingId = await book()
    expect((await provider.patch(`/api/bookings/${bookingId}`, { status: 'CONFIRMED' })).status).toBe(200)
    expect((await customer.patch(`/api/bookings/${bookingId}`, { status: 'CANCELLED' })).status).toBe(200)
    const order = await eventually(async () => {
      const byEntity = eventOrderByEntity(acceptedMessages(receiver.received, endpoint.secret))
      expect(byEntity.get(bookingId)).toHaveLength(3)
      return byEntity
    })
    expect(order.get(bookingId)).toEqual(BOOKING_EVENTS)
    const log = await deliveries(endpoint.id)
    expect(log.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered'])
    expect(log[0]).toMatchObject({ attempts: 1, lastStatusCode: 200, lastError: null })
    expect(typeof (log[0] as unknown as { lastDurationMs: number }).lastDurationMs).toBe('number')
  })

  it('sends the booking as the API shows it, its text as written', async () => {
    // The body is put together around the event's jsonb as the database writes it out
    // (webhookDeliveries.ts messageBody): quotes, backslashes, line breaks and non-ASCII text survive.
    const endpoint = await registerEndpoint(['booking.created'])
    const slot = await server.seed.createSlot({ maxBookings: 5 })
    const notes = 'Bring "the" form\\C:\\path\nsecond line, Zoë 日本 🙂'
    const res = await customer.post('/api/bookings', { id: randomUUID(), slotId: slot.id, notes })
    expect(res.status).toBe(201)
    const [message] = await eventually(async () => {
      const messages = acceptedMessages(receiver.received, endpoint.secret)
      expect(messages).toHaveLength(1)
      return messages
    })
    expect(message?.payload).toMatchObject({ type: 'booking.created', data: { entityId: res.body.id } })
    expect(message?.payload.data.object).toEqual(res.body)
    expect(message?.payload.data.object).toMatchObject({ notes })
  })

  it('raises slot.changed for every slot of a weekly pattern, the slot as the API shows it', async () => {
    // The pattern writes its slots' audit rows and events in one statement of its own (slots.ts).
    const endpoint = await registerEndpoint(['slot.changed'])
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const res = await provider.post('/api/slots/recurring', {
      serviceId: server.seed.serviceA.id,
      fromDate: day(60),
      toDate: day(66),
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTimes: ['06:00'],
      durationMinutes: 30,
      maxBookings: 2,
    })
    expect(res.status).toBe(201)
    const created = res.body.slots as { id: string }[]
    expect(created).toHaveLength(7)
    const messages = await eventually(async () => {
      const accepted = acceptedMessages(receiver.received, endpoint.secret)
      expect(accepted).toHaveLength(7)
      return accepted
    })
    const objects = new Map(messages.map((m) => [m.payload.data.entityId, m.payload.data.object]))
    for (const slot of created) {
      expect(objects.get(slot.id)).toEqual(slot)
    }
    const trail = await provider.get(`/api/audit?entityId=${created[0]?.id}`)
    expect(trail.body[0]).toMatchObject({ action: 'slot.created', after: created[0] })
  })

  it('tells of a reschedule with the booking on its new slot', async () => {
    const endpoint = await registerEndpoint(['booking.rescheduled'])
    const bookingId = await book()
    const target = await server.seed.createSlot({ maxBookings: 5 })
    const moved = await customer.post(`/api/bookings/${bookingId}/reschedule`, { slotId: target.id })
    expect(moved.status).toBe(200)
    const [message] = await eventually(async () => {
      const messages = acceptedMessages(receiver.received, endpoint.secret)
      expect(messages).toHaveLength(1)
      return messages
    })
    expect(message?.payload).toMatchObject({ type: 'booking.rescheduled', data: { entityId: bookingId } })
    expect(message?.payload.data.object).toEqual(moved.body)
    expect(moved.body).toMatchObject({ slotId: target.id })
  })

  it('writes no event for a booking that rolled back or was refused, and none without a subscriber', async () => {
    await registerEndpoint(['booking.created'])
    const slot = await server.seed.createSlot({ maxBookings: 1 })
    const rolledBack = randomUUID()
    await expect(
      server.db.transaction(async (tx) => {
        const outcome = await createBooking(tx, server.seed.customerA, {
          id: rolledBack,
          slotId: slot.id,
          notes: '',
        })
        expect(outcome.ok).toBe(true)
        throw new Error('the caller fails after the booking')
      }),
    ).rejects.toThrow('the caller fails')
    const count = async (entityId: string) =>
      Number(
        (
          await server.db.query<{ n: string }>(
            'SELECT count(*) AS n FROM webhook_events WHERE entity_id = $1',
            [entityId],
          )
        ).rows[0]?.n,
      )
    expect(await count(rolledBack)).toBe(0)
    // Booked for real: its event exists; the next one is refused (full) and leaves none.
    const kept = await customer.post('/api/bookings', { id: randomUUID(), slotId: slot.id })
    expect(kept.status).toBe(201)
    expect(await count(kept.body.id)).toBe(1)
    const full = randomUUID()
    expect(
      (
        await server
          .api(await server.signIn(server.seed.customerB.email))
          .post('/api/bookings', { id: full, slotId: slot.id })
      ).status,
    ).toBe(409)
    expect(await count(full)).toBe(0)
    // providerB has no endpoint: its bookings write no event at all.
    const unsubscribed = await customer.post('/api/bookings', {
      id: randomUUID(),
      slotId: server.seed.slots.providerB.id,
    })
    expect(unsubscribed.status).toBe(201)
    expect(await count(unsubscribed.body.id)).toBe(0)
  })

  it.each([
    ['answers 500', { kind: 'status', status: 500 } as const],
    ['closes the connection', { kind: 'close' } as const],
    ['answers too slowly', { kind: 'slow', ms: 2000, status: 200 } as const],
  ])('retries a receiver that %s until it succeeds, and logs the attempts', async (_, failure) => {
    const endpoint = await registerEndpoint(['booking.created'])
    let calls = 0
    receiver.behaviour = () => (++calls <= 2 ? failure : OK)
    const bookingId = await book()
    const log = await eventually(async () => {
      const [delivery] = await deliveries(endpoint.id)
      expect(delivery?.status).toBe('delivered')
      return delivery
    })
    expect(log?.attempts).toBe(3)
    const messages = acceptedMessages(receiver.received, endpoint.secret)
    expect(messages.map((m) => m.payload.data.entityId)).toEqual([bookingId])
    // Every attempt carried the same webhook-id, so a receiver can de-duplicate.
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1)
    expect(receiver.received).toHaveLength(3)
  })

  it('never blocks bookings while the receiver hangs', async () => {
    const endpoint = await registerEndpoint(['booking.created'])
    receiver.behaviour = () => ({ kind: 'hang' })
    const ids = [await book()]
    await eventually(async () => expect(receiver.received.length).toBeGreaterThan(0))
    // The attempt is cut off at WEBHOOK_TIMEOUT_MS, and the log says so.
    await eventually(async () =>
      expect((await deliveries(endpoint.id))[0]?.lastError).toBe('timed out after 500 ms'),
    )
    // A delivery is hanging (and hangs again after each timeout) while ten more bookings go through.
    const started = performance.now()
    for (let i = 0; i < 10; i++) ids.push(await book())
    expect(performance.now() - started).toBeLessThan(15_000)
    receiver.behaviour = () => OK
    await eventually(async () => {
      const got = new Set(
        acceptedMessages(receiver.received, endpoint.secret).map((m) => m.payload.data.entityId),
      )
      expect(ids.every((id) => got.has(id))).toBe(true)
    })
    const log = await deliveries(endpoint.id)
    expect(log.some((d) => d.attempts > 1)).toBe(true)
  })
})

describe('endpoint health', () => {
  it('disables an endpoint that fails for WEBHOOK_DISABLE_AFTER_MS, says why, and re-enables it', async () => {
    const endpoint = await registerEndpoint(['booking.created'])
    receiver.behaviour = () => ({ kind: 'status', status: 503 })
    await book()
    const disabled = await eventually(async () => {
      const [listed] = (await provider.get('/api/webhooks')).body
      expect(listed.enabled).toBe(false)
      return listed
    }, DISABLE_AFTER_MS + 10_000)
    expect(disabled.disabledReason).toMatch(/failing continuously since .* HTTP 503/)
    // The audit trail says the system disabled it, and why (once, however many failures follow).
    const { rows: trail } = await server.db.query<{
      actor_id: string | null
      provider_id: string
      before: unknown
      after: unknown
    }>(
      `SELECT actor_id, provider_id, before, after FROM audit_log
       WHERE entity_type = 'webhook_endpoint' AND entity_id = $1 AND action = 'webhook_endpoint.updated'`,
      [endpoint.id],
    )
    expect(trail).toEqual([
      {
        actor_id: null,
        provider_id: server.seed.providerA.id,
        before: { url: receiver.url, events: ['booking.created'], enabled: true },
        after: {
          url: receiver.url,
          events: ['booking.created'],
          enabled: false,
          disabledReason: disabled.disabledReason,
        },
      },
    ])
    // While disabled, changes write no deliveries for it.
    const before = (await deliveries(endpoint.id)).length
    await book()
    expect((await deliveries(endpoint.id)).length).toBe(before)
    const enabled = await provider.patch(`/api/webhooks/${endpoint.id}`, { enabled: true })
    // Re-enabled, the failure run is over: a new failure starts another (webhookEndpointRules.test.ts).
    expect(enabled.body).toMatchObject({
      enabled: true,
      disabledReason: null,
      failingSince: null,
    })
  })
})

describe('replay and rotation', () => {
  it('replays a delivery and an event with the same webhook-id', async () => {
    const endpoint = await registerEndpoint(['booking.created'])
    await book()
    const [delivery] = await eventually(async () => {
      const log = await deliveries(endpoint.id)
      expect(log[0]?.status).toBe('delivered')
      return log
    })
    if (!delivery) throw new Error('expected a delivery')
    // The answer says how the delivery stands now: pending, its attempts counted afresh.
    expect((await provider.post(`/api/webhooks/deliveries/${delivery.id}/replay`)).body).toMatchObject({
      replayed: 1,
      deliveries: [{ id: delivery.id, eventId: delivery.eventId, status: 'pending', attempts: 0 }],
    })
    await eventually(async () => expect(receiver.received).toHaveLength(2))
    await eventually(async () => expect((await deliveries(endpoint.id))[0]?.status).toBe('delivered'))
    expect((await provider.post(`/api/webhooks/events/${delivery.eventId}/replay`)).body).toMatchObject({
      replayed: 1,
      deliveries: [{ id: delivery.id, status: 'pending' }],
    })
    await eventually(async () => expect(receiver.received).toHaveLength(3))
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([`msg_${delivery.eventId}`]),
    )
    expect(acceptedMessages(receiver.received, endpoint.secret)).toHaveLength(3)
    expect((await provider.post('/api/webhooks/deliveries/999999999/replay')).status).toBe(404)
  })

  it('rotates the secret: shown once, and the old one still verifies during the grace period', async () => {
    const endpoint = await registerEndpoint(['booking.created'])
    const rotated = await provider.post(`/api/webhooks/${endpoint.id}/rotate-secret`)
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).toMatch(/^whsec_/)
    expect(rotated.body.secret).not.toBe(endpoint.secret)
    expect(rotated.body.previousSecretUntil).not.toBeNull()
    await book()
    await eventually(async () => expect(receiver.received).toHaveLength(1))
    expect(acceptedMessages(receiver.received, rotated.body.secret)).toHaveLength(1)
    expect(acceptedMessages(receiver.received, endpoint.secret)).toHaveLength(1)
    const [message] = receiver.received
    const stranger = new Webhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`)
    expect(() => stranger.verify(message?.body ?? '', message?.headers as Record<string, string>)).toThrow()
  })
})
