/**
 * The demo data set `npm start` puts into an empty database: two providers in different time zones
 * (one auto-confirms), three customers, services, two weeks of slots with mixed capacities, and some
 * bookings made through the domain operations so every counter is right.
 */
import { TZDate } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import type { Role } from '../../shared/schemas.js'
import { createAccount } from '../auth/accounts.js'
import type { Database } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import { changeBookingStatus, createBooking } from '../domain/bookings.js'
import { insertService } from '../domain/services.js'
import { createRecurringSlots } from '../domain/slots.js'
import { countUsers } from '../domain/users.js'

export interface DemoAccount {
  email: string
  password: string
  name: string
  role: Role
  timeZone: string
  autoConfirm: boolean
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
  },
  {
    email: 'sam@demo.test',
    password: PASSWORD,
    name: 'Sam Ortiz (New York tutoring)',
    role: 'provider',
    timeZone: 'America/New_York',
    autoConfirm: false,
  },
  {
    email: 'carla@demo.test',
    password: PASSWORD,
    name: 'Carla Customer',
    role: 'customer',
    timeZone: 'Europe/Berlin',
    autoConfirm: false,
  },
  {
    email: 'dev@demo.test',
    password: PASSWORD,
    name: 'Dev Customer',
    role: 'customer',
    timeZone: 'Asia/Kolkata',
    autoConfirm: false,
  },
  {
    email: 'lee@demo.test',
    password: PASSWORD,
    name: 'Lee Customer',
    role: 'customer',
    timeZone: 'America/New_York',
    autoConfirm: false,
  },
]

interface Pattern {
  startTimes: string[]
  maxBookings: number
}

const PROVIDER_PLANS: Record<
  string,
  { services: { name: string; durationMinutes: number; patterns: Pattern[] }[] }
> = {
  'ana@demo.test': {
    services: [
      {
        name: 'Physiotherapy session',
        durationMinutes: 45,
        patterns: [{ startTimes: ['09:00', '10:00', '11:00'], maxBookings: 1 }],
      },
      {
        name: 'Back-care group class',
        durationMinutes: 60,
        patterns: [{ startTimes: ['17:00'], maxBookings: 8 }],
      },
    ],
  },
  'sam@demo.test': {
    services: [
      {
        name: 'Maths tutoring',
        durationMinutes: 60,
        patterns: [{ startTimes: ['15:00', '16:00'], maxBookings: 2 }],
      },
      {
        name: 'Exam prep workshop',
        durationMinutes: 90,
        patterns: [{ startTimes: ['18:30'], maxBookings: 5 }],
      },
    ],
  },
}

/** Seeds only an empty database; returns whether it did. */
export async function seedDemoData(db: Database, now: Date = new Date()): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false
  await db.transaction(async (tx) => {
    const actors = new Map<string, Actor>()
    for (const account of DEMO_ACCOUNTS) {
      const user = await createAccount(tx, account)
      actors.set(account.email, { userId: user.id, role: user.role })
    }
    const slotIds: string[] = []
    for (const [email, plan] of Object.entries(PROVIDER_PLANS)) {
      const provider = actors.get(email) as Actor
      const zone = DEMO_ACCOUNTS.find((a) => a.email === email)?.timeZone ?? 'UTC'
      const today = new TZDate(now.getTime(), zone)
      const fromDate = format(today, 'yyyy-MM-dd')
      const toDate = format(addDays(today, 13), 'yyyy-MM-dd')
      for (const service of plan.services) {
        const defaultCapacity = Math.max(...service.patterns.map((p) => p.maxBookings))
        const created = await insertService(tx, provider.userId, { ...service, defaultCapacity })
        for (const pattern of service.patterns) {
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
    const customers = DEMO_ACCOUNTS.filter((a) => a.role === 'customer').map(
      (a) => actors.get(a.email) as Actor,
    )
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
  })
  return true
}
