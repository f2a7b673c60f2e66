/**
 * The demo data set `npm start` puts into an empty database: two organisations (issue 9), each run
 * by its provider as admin, in different time zones (one auto-confirms), with its own customers, and
 * one customer who belongs to both (the organisation switcher); services, two weeks of slots with
 * mixed capacities, and some bookings made through the domain operations so every counter is right;
 * and eight weeks of past slots and bookings before them (demoHistory.ts), so Insights has a story.
 */
import { TZDate } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import type { MembershipRole, Role } from '../../shared/schemas.js'
import { createAccount } from '../auth/accounts.js'
import type { Database, Queryable } from '../db/database.js'
import { organisationDatabase } from '../db/tenantScope.js'
import type { Actor } from '../domain/actor.js'
import { changeBookingStatus, createBooking } from '../domain/bookings.js'
import { insertService } from '../domain/services.js'
import { createRecurringSlots } from '../domain/slots.js'
import { addMembership } from '../domain/organisations.js'
import { countUsers } from '../domain/users.js'
import {
  type HistoricService,
  RETURNING_CLIENTS,
  addReturningClients,
  seedServiceHistory,
} from './demoHistory.js'

export const DEMO_ORGANISATIONS = [
  { slug: 'weber-physio', name: 'Weber Physio Berlin' },
  { slug: 'ortiz-tutoring', name: 'Ortiz Tutoring New York' },
] as const
type DemoOrganisation = (typeof DEMO_ORGANISATIONS)[number]['slug']

export interface DemoAccount {
  email: string
  password: string
  name: string
  role: Role
  timeZone: string
  autoConfirm: boolean
  /** Where the account is a member, and as what (the first is where it works by default). */
  memberships: readonly { organisation: DemoOrganisation; role: MembershipRole }[]
}

const PASSWORD = 'demo-password'

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'ana@demo.test',
    password: PASSWORD,
    name: 'Dr. Ana Weber (Berlin physio)',
    role: 'provider',
    timeZone: 'Europe/Berlin',
    autoConfirm: true,
    memberships: [{ organisation: 'weber-physio', role: 'admin' }],
  },
  {
    email: 'sam@demo.test',
    password: PASSWORD,
    name: 'Sam Ortiz (New York tutoring)',
    role: 'provider',
    timeZone: 'America/New_York',
    autoConfirm: false,
    memberships: [{ organisation: 'ortiz-tutoring', role: 'admin' }],
  },
  {
    email: 'carla@demo.test',
    password: PASSWORD,
    name: 'Carla Customer',
    role: 'customer',
    timeZone: 'Europe/Berlin',
    autoConfirm: false,
    memberships: [{ organisation: 'weber-physio', role: 'customer' }],
  },
  {
    email: 'dev@demo.test',
    password: PASSWORD,
    name: 'Dev Customer (both organisations)',
    role: 'customer',
    timeZone: 'Asia/Kolkata',
    autoConfirm: false,
    memberships: [
      { organisation: 'weber-physio', role: 'customer' },
      { organisation: 'ortiz-tutoring', role: 'customer' },
    ],
  },
  {
    email: 'lee@demo.test',
    password: PASSWORD,
    name: 'Lee Customer',
    role: 'customer',
    timeZone: 'America/New_York',
    autoConfirm: false,
    memberships: [{ organisation: 'ortiz-tutoring', role: 'customer' }],
  },
]

interface Pattern {
  startTimes: string[]
  maxBookings: number
}

/** Each provider's services; a provider's slots and bookings belong to their first organisation. */
const PROVIDER_PLANS: Record<
  string,
  {
    services: {
      name: string
      durationMinutes: number
      description: string
      /** In the currency's minor unit (cents). */
      priceMinor: number
      currency: string
      patterns: Pattern[]
    }[]
  }
> = {
  'ana@demo.test': {
    services: [
      {
        name: 'Physiotherapy session',
        durationMinutes: 45,
        description: 'One-to-one assessment and treatment.',
        priceMinor: 8500,
        currency: 'EUR',
        patterns: [{ startTimes: ['09:00', '10:00', '11:00'], maxBookings: 1 }],
      },
      {
        name: 'Back-care group class',
        durationMinutes: 60,
        description: 'Exercises for a stronger back, in a small group.',
        priceMinor: 2500,
        currency: 'EUR',
        patterns: [{ startTimes: ['17:00'], maxBookings: 8 }],
      },
    ],
  },
  'sam@demo.test': {
    services: [
      {
        name: 'Maths tutoring',
        durationMinutes: 60,
        description: 'High-school maths, two students at most.',
        priceMinor: 6000,
        currency: 'USD',
        patterns: [{ startTimes: ['15:00', '16:00'], maxBookings: 2 }],
      },
      {
        name: 'Exam prep workshop',
        durationMinutes: 90,
        description: 'Past papers and exam technique.',
        priceMinor: 4500,
        currency: 'USD',
        patterns: [{ startTimes: ['18:30'], maxBookings: 5 }],
      },
    ],
  },
}

/** Seeds only an empty database; returns whether it did. */
export async function seedDemoData(db: Database, now: Date = new Date()): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false
  const organisations = new Map<DemoOrganisation, string>()
  const actors = new Map<string, Actor>()
  await db.transaction(async (tx) => {
    for (const organisation of DEMO_ORGANISATIONS) {
      const id = crypto.randomUUID()
      await tx.query('INSERT INTO organisations (id, name, slug) VALUES ($1, $2, $3)', [
        id,
        organisation.name,
        organisation.slug,
      ])
      organisations.set(organisation.slug, id)
    }
    for (const { memberships, ...account } of DEMO_ACCOUNTS) {
      const [first, ...more] = memberships
      const user = await createAccount(tx, {
        ...account,
        organisationId: first && organisations.get(first.organisation),
        organisationRole: first?.role,
      })
      for (const other of more) {
        await addMembership(tx, organisations.get(other.organisation) ?? '', user.id, other.role)
      }
      actors.set(account.email, { userId: user.id, role: user.role })
    }
  })
  // Each organisation's rows are written in its own scope (the rows take its id).
  for (const organisation of DEMO_ORGANISATIONS) {
    const organisationId = organisations.get(organisation.slug) ?? ''
    const scoped = organisationDatabase(db, organisationId)
    await scoped.transaction((tx) => seedOrganisation(tx, organisation.slug, organisationId, actors, now))
  }
  return true
}

/** The demo accounts with their role in `organisation`. */
function membersOf(organisation: DemoOrganisation): { account: DemoAccount; role: MembershipRole }[] {
  return DEMO_ACCOUNTS.flatMap((account) =>
    account.memberships
      .filter((m) => m.organisation === organisation)
      .map((m) => ({ account, role: m.role })),
  )
}

async function seedOrganisation(
  tx: Queryable,
  organisation: DemoOrganisation,
  organisationId: string,
  actors: ReadonlyMap<string, Actor>,
  now: Date,
): Promise<void> {
  const members = membersOf(organisation)
  const slotIds: string[] = []
  const histories: HistoricService[] = []
  for (const { account } of members) {
    const plan = PROVIDER_PLANS[account.email]
    if (!plan) continue
    const provider = actors.get(account.email) as Actor
    const today = new TZDate(now.getTime(), account.timeZone)
    const fromDate = format(today, 'yyyy-MM-dd')
    const toDate = format(addDays(today, 13), 'yyyy-MM-dd')
    for (const service of plan.services) {
      const defaultCapacity = Math.max(...service.patterns.map((p) => p.maxBookings))
      const created = await insertService(tx, provider.userId, { ...service, defaultCapacity })
      for (const pattern of service.patterns) {
        histories.push({
          providerId: provider.userId,
          timeZone: account.timeZone,
          serviceId: created.id,
          durationMinutes: service.durationMinutes,
          startTimes: pattern.startTimes,
          maxBookings: pattern.maxBookings,
        })
        const expanded = await createRecurringSlots(tx, provider, {
          serviceId: created.id,
          fromDate,
          toDate,
          weekdays: [1, 2, 3, 4, 5, 6],
          startTimes: pattern.startTimes,
          durationMinutes: service.durationMinutes,
          maxBookings: pattern.maxBookings,
        })
        // The plans are constants: a refusal here is a bug in them, not something to seed around.
        if (!expanded.ok) throw new Error(`demo slots refused: ${expanded.refusal.message}`)
        slotIds.push(...expanded.value.slots.filter((s) => s.isAvailable).map((s) => s.id))
      }
    }
  }
  // A spread of bookings: every 3rd future slot gets one per customer while seats last.
  const customers = members
    .filter((m) => m.role === 'customer')
    .map((m) => actors.get(m.account.email) as Actor)
  // The past: the same slots over the last weeks, booked by these customers and returning clients.
  const firstHistory = histories[0]
  if (firstHistory) {
    const clients = await addReturningClients(
      tx,
      organisationId,
      RETURNING_CLIENTS[organisation] ?? [],
      firstHistory.timeZone,
    )
    const pool = [...customers.map((c) => c.userId), ...clients]
    for (const history of histories) await seedServiceHistory(tx, history, pool, now)
  }
  for (const [index, slotId] of slotIds.entries()) {
    if (index % 3 !== 0) continue
    for (const [c, customer] of customers.entries()) {
      if ((index + c) % 2 === 1) continue
      const booking = await createBooking(tx, customer, {
        id: crypto.randomUUID(),
        slotId,
        notes: 'demo booking',
      })
      // A full slot refuses the later customers: they simply have no booking there.
      if (booking.ok && index % 9 === 0 && c === 0) {
        await changeBookingStatus(tx, customer, booking.value.id, 'CANCELLED')
      }
    }
  }
}
