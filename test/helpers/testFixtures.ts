/**
 * Known users, services and slots for tests, created through the same domain functions the app
 * uses. Every account's password is FIXTURE_PASSWORD.
 */
import { randomUUID } from 'node:crypto'
import type { Role, Service, Slot } from '../../shared/schemas.js'
import { createAccount } from '../../server/auth/accounts.js'
import type { Database } from '../../server/db/database.js'
import { organisationDatabase } from '../../server/db/tenantScope.js'
import { DEFAULT_ORGANISATION_ID } from '../../server/domain/organisations.js'
import type { OrganisationActor } from '../../shared/policy.js'
import { insertService } from '../../server/domain/services.js'
import { createSlot } from '../../server/domain/slots.js'

export const FIXTURE_PASSWORD = 'correct horse battery staple'

/** A user of the default organisation (where createAccount puts new accounts), with their role there. */
export interface TestUser extends OrganisationActor {
  id: string
  email: string
  password: string
  name: string
  role: Role
  timeZone: string
}

export interface NewTestSlot {
  provider?: TestUser
  /** default: the provider's fixture service (serviceA or serviceB); else one of createService's */
  service?: Service
  maxBookings?: number
  /** default: tomorrow + `hoursFromNow` */
  startTime?: string
  hoursFromNow?: number
  durationMinutes?: number
}

export interface TestFixtures {
  password: string
  /** Berlin, bookings start PENDING */
  providerA: TestUser
  /** New York, auto-confirms bookings */
  providerB: TestUser
  customerA: TestUser
  customerB: TestUser
  customerC: TestUser
  serviceA: Service
  serviceB: Service
  /** Future slots of providerA with capacities 1, 2 and 5, and one of providerB with 3. */
  slots: { single: Slot; pair: Slot; five: Slot; providerB: Slot }
  /** Another slot (providerA by default), starting in the future unless startTime says otherwise. */
  createSlot(options?: NewTestSlot): Promise<Slot>
  /** Another service of the provider (providerA by default). */
  createService(name: string, provider?: TestUser): Promise<Service>
  /** A new customer with a unique email. */
  createCustomer(name?: string): Promise<TestUser>
}

/**
 * `organisationId`: the organisation the users join and the services and slots belong to (default:
 * the default organisation, where every test before issue 9 lives).
 */
export async function createFixtures(
  ownerDb: Database,
  organisationId = DEFAULT_ORGANISATION_ID,
): Promise<TestFixtures> {
  const db = organisationDatabase(ownerDb, organisationId)
  const tag = randomUUID().slice(0, 8)
  const makeUser = async (
    key: string,
    role: Role,
    timeZone: string,
    autoConfirm = false,
  ): Promise<TestUser> => {
    const email = `${key}-${tag}@test.example`
    const user = await createAccount(db, {
      email,
      name: key,
      role,
      password: FIXTURE_PASSWORD,
      timeZone,
      autoConfirm,
      organisationId,
    })
    return {
      ...user,
      userId: user.id,
      password: FIXTURE_PASSWORD,
      organisationId,
      organisationRole: role,
    }
  }
  const providerA = await makeUser('provider-a', 'provider', 'Europe/Berlin')
  const providerB = await makeUser('provider-b', 'provider', 'America/New_York', true)
  const customerA = await makeUser('customer-a', 'customer', 'Europe/Berlin')
  const customerB = await makeUser('customer-b', 'customer', 'Asia/Kolkata')
  const customerC = await makeUser('customer-c', 'customer', 'UTC')
  const serviceA = await insertService(db, providerA.id, { name: 'Physio', durationMinutes: 60 })
  const serviceB = await insertService(db, providerB.id, { name: 'Tutoring', durationMinutes: 60 })
  const services = new Map([
    [providerA.id, serviceA],
    [providerB.id, serviceB],
  ])

  let counter = 0
  const makeSlot = async (options: NewTestSlot = {}): Promise<Slot> => {
    const provider = options.provider ?? providerA
    const service = options.service ?? services.get(provider.id)
    if (!service) throw new Error('fixture slots belong to providerA or providerB')
    counter += 1
    const start = options.startTime
      ? new Date(options.startTime)
      : new Date(Date.now() + 86_400_000 + (options.hoursFromNow ?? counter) * 3_600_000)
    const end = new Date(start.getTime() + (options.durationMinutes ?? 60) * 60_000)
    const created = await db.transaction((tx) =>
      createSlot(
        tx,
        provider,
        {
          serviceId: service.id,
          startTime: start.toISOString(),
          endTime: end.toISOString(),
          maxBookings: options.maxBookings ?? 3,
        },
        // Fixtures place slots anywhere (past, overlapping) to test bookings against them.
        'anywhere',
      ),
    )
    if (!created.ok) throw new Error(`fixture slot refused: ${created.refusal.code}`)
    return created.value
  }
  const slots = {
    single: await makeSlot({ maxBookings: 1 }),
    pair: await makeSlot({ maxBookings: 2 }),
    five: await makeSlot({ maxBookings: 5 }),
    providerB: await makeSlot({ provider: providerB, maxBookings: 3 }),
  }
  let customers = 0
  return {
    password: FIXTURE_PASSWORD,
    providerA,
    providerB,
    customerA,
    customerB,
    customerC,
    serviceA,
    serviceB,
    slots,
    createSlot: makeSlot,
    createService: (name, provider = providerA) =>
      insertService(db, provider.id, { name, durationMinutes: 60 }),
    createCustomer: (name = `customer-${++customers}`) =>
      makeUser(`${name}-${randomUUID().slice(0, 6)}`, 'customer', 'UTC'),
  }
}
