/**
 * How a device learns that its user is no member of the organisation it works in any more
 * (client/app/lostMembership.ts): replication and the API report the server's 403 NOT_A_MEMBER
 * (shared/membershipRefusal.ts), and the stream's refused reconnect (403), but not a rule's 403;
 * and the session then works in an organisation still listed, or in none.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { BehaviorSubject } from 'rxjs'
import { afterEach, describe, expect, it } from 'vitest'
import { withOrganisations } from '../../client/app/lostMembership.js'
import type { Session } from '../../client/data/api.js'
import type { EventSourceConstructor, EventSourceLike } from '../../client/data/changeStream.js'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { type ClientReplication, startReplication } from '../../client/data/replication.js'
import { serverApi } from '../../client/data/serverApi.js'
import { notAMemberDetails } from '../../shared/membershipRefusal.js'
import type { MyOrganisation } from '../../shared/organisations.js'

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const notAMember = async () =>
  json(403, {
    code: 'FORBIDDEN',
    message: 'You are not a member of this organisation.',
    details: notAMemberDetails('o'),
  })
const ruleRefusal = async () => json(403, { code: 'FORBIDDEN', message: 'Only an organisation admin …' })

/** An EventSource that never connects. */
class SilentEventSource implements EventSourceLike {
  readonly readyState = 0
  onopen = null
  onerror = null
  addEventListener() {}
  close() {}
}

/** An EventSource whose request the server refuses with `code`, as the `eventsource` package reports it. */
const refusedEventSource = (code: number): EventSourceConstructor =>
  class implements EventSourceLike {
    readonly readyState = 2
    onopen = null
    onerror: ((event: Event) => void) | null = null
    constructor() {
      setTimeout(() => this.onerror?.(Object.assign(new Event('error'), { code })), 0)
    }
    addEventListener() {}
    close() {}
  }

const open: { db: ClientDatabase; replication: ClientReplication }[] = []
afterEach(async () => {
  for (const { db, replication } of open.splice(0)) {
    await replication.cancel()
    await db.close()
  }
})

async function replicate(
  serverFetch: typeof fetch,
  EventSource: EventSourceConstructor,
  onNotAMember: () => void,
) {
  const db = await openClientDatabase({ name: 'lostmembership', indexedDB: new IDBFactory(), IDBKeyRange })
  const replication = startReplication(db, {
    baseUrl: 'http://127.0.0.1:9',
    token: 't',
    organisationId: 'o',
    fetch: serverFetch,
    EventSource,
    online$: new BehaviorSubject(true),
    onNotAMember,
  })
  open.push({ db, replication })
  return { db, replication }
}

const told = async (count: () => number) => {
  for (let i = 0; i < 100 && count() === 0; i++) await new Promise((r) => setTimeout(r, 20))
  return count()
}

describe('the device is told the user is no member any more', () => {
  it('by a pull refused NOT_A_MEMBER, keeping the database', async () => {
    let calls = 0
    const { db } = await replicate(notAMember, SilentEventSource, () => calls++)
    expect(await told(() => calls)).toBeGreaterThan(0)
    expect(db.closed).toBe(false)
  })

  it('by the stream refused with 403', async () => {
    let calls = 0
    await replicate(
      async () => json(200, { documents: [], checkpoint: null }),
      refusedEventSource(403),
      () => calls++,
    )
    expect(await told(() => calls)).toBeGreaterThan(0)
  })

  it('not by a rule refusing one request (a 403 without the detail)', async () => {
    let calls = 0
    const api = serverApi({ baseUrl: '', token: 't', fetch: ruleRefusal, onNotAMember: () => calls++ })
    await expect(api.get('/api/organisation/members')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const member = serverApi({ baseUrl: '', token: 't', fetch: notAMember, onNotAMember: () => calls++ })
    await expect(member.get('/api/bookings')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(calls).toBe(1)
  })
})

describe('the session after reading the organisations again', () => {
  const alpha: MyOrganisation = { id: 'a', name: 'Alpha Org', slug: 'alpha', role: 'customer' }
  const beta: MyOrganisation = { id: 'b', name: 'Beta Org', slug: 'beta', role: 'provider' }
  const session = {
    token: 't',
    expiresAt: '2999-01-01T00:00:00Z',
    organisations: [alpha, beta],
    organisationId: 'a',
  } as Session

  it('keeps working where it works while that is listed', () => {
    expect(withOrganisations(session, [alpha, beta])).toEqual({ session, lost: null })
  })

  it('works in the first still listed, naming the one lost', () => {
    const next = withOrganisations(session, [beta])
    expect(next.lost).toEqual(alpha)
    expect(next.session).toMatchObject({ organisations: [beta], organisationId: 'b' })
  })

  it('works in none when none is listed', () => {
    const next = withOrganisations(session, [])
    expect(next.lost).toEqual(alpha)
    expect(next.session.organisations).toEqual([])
    expect(next.session.organisationId).toBeUndefined()
  })
})
