/**
 * A provider's "New request to confirm" notice is marked read once its request is answered
 * (server/domain/requestNotices.ts): confirmed or declined by the provider, withdrawn by the customer,
 * deleted. A walk saw answered requests' notices stay unread, the bell counting them.
 */
import { describe, expect, it } from 'vitest'
import { newCustomerRequest } from '../helpers/bookingRequests.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import type { TestUser } from '../helpers/testServer.js'

const suite = deviceSuite()

async function asUser(user: Pick<TestUser, 'email'>) {
  return suite.server.api(await suite.server.signIn(user.email))
}

/** Whether the provider's request notice of booking `id` is unread (undefined: there is none). */
async function requestNoticeUnread(id: string): Promise<boolean | undefined> {
  const provider = await asUser(suite.server.seed.providerA)
  const notices = (await provider.get('/api/notifications')).body as {
    bookingId: string | null
    kind: string
    readAt: string | null
  }[]
  const notice = notices.find((n) => n.bookingId === id && n.kind === 'NEW_BOOKING_REQUEST')
  return notice === undefined ? undefined : notice.readAt === null
}

describe("a provider's notice of a request", () => {
  it('is unread while the request waits, read once the provider confirms or declines it', async () => {
    const confirmed = await newCustomerRequest(suite.server, 50)
    const declined = await newCustomerRequest(suite.server, 52)
    expect(await requestNoticeUnread(confirmed.id)).toBe(true)
    expect(await requestNoticeUnread(declined.id)).toBe(true)
    const provider = await asUser(suite.server.seed.providerA)
    expect((await provider.patch(`/api/bookings/${confirmed.id}`, { status: 'CONFIRMED' })).status).toBe(200)
    expect(
      (await provider.patch(`/api/bookings/${declined.id}`, { status: 'CANCELLED', reason: 'Away' })).status,
    ).toBe(200)
    expect(await requestNoticeUnread(confirmed.id)).toBe(false)
    expect(await requestNoticeUnread(declined.id)).toBe(false)
  })

  it('is read once its customer withdraws the request or deletes it; another request stays unread', async () => {
    const withdrawn = await newCustomerRequest(suite.server, 54)
    const deleted = await newCustomerRequest(suite.server, 56)
    const waiting = await newCustomerRequest(suite.server, 58)
    const cancel = await (await asUser(withdrawn.customer)).patch(`/api/bookings/${withdrawn.id}`, {
      status: 'CANCELLED',
    })
    expect(cancel.status).toBe(200)
    expect((await (await asUser(deleted.customer)).delete(`/api/bookings/${deleted.id}`)).status).toBe(200)
    expect(await requestNoticeUnread(withdrawn.id)).toBe(false)
    expect(await requestNoticeUnread(deleted.id)).toBe(false)
    expect(await requestNoticeUnread(waiting.id)).toBe(true)
  })
})
