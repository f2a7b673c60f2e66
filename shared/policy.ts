/**
 * Who may do what: every permission rule of the system, in one place (invariant 7 in docs/INVARIANTS.md, least
 * privilege). The server's domain commands, REST routes and replication scopes and the client's UI
 * guards all ask here, so adding a role or a rule means editing this file and its test
 * (test/unit/policy.test.ts), nothing else.
 *
 * Two forms of the same rules: predicates over one row (used by commands and the UI), and SQL
 * predicates over many (used by list reads and the replication pull, where filtering in SQL is the
 * only way to page). The SQL texts are constants built from constants: `$1` is always the caller's
 * user id, and nothing from a request is ever spliced in.
 */
import { type BookingStatus, MembershipRole, type Role, type SettableStatus } from './schemas.js'

/** Who performs an operation: the signed-in user, as the server's authentication resolved them. */
export interface Actor {
  userId: string
  role: Role
}

/**
 * A signed-in user working in one organisation (what every authenticated request carries). `role`
 * is derived from the membership (domainRole); the organisation itself is enforced by the database
 * (row-level security), so domain commands keep taking a plain Actor.
 */
export interface OrganisationActor extends Actor {
  organisationId: string
  organisationRole: MembershipRole
}

interface Owned {
  providerId: string
}

interface BookingParties {
  customerId: string
  providerId: string
}

/**
 * What each role may do. Adding a role means adding its row here (the compiler then asks for every
 * entry); the rules below only read this table and compare ids, so they need no change.
 */
const ROLES: Record<
  Role,
  {
    /** May book a seat. */
    books: boolean
    /** May create slots and change their own (capacity, block, delete). */
    managesSlots: boolean
    /** Which party of a booking the user must be to see, change or delete it. */
    bookingParty: 'customer' | 'provider'
    /** The statuses they may ask for on a booking they may see. */
    settable: readonly SettableStatus[]
    /** Replicates every slot (browsing) rather than only their own. */
    seesEverySlot: boolean
    /** Reads the audit trail of their own slots. */
    readsAudit: boolean
    /** Has a business zone (slots are entered and shown in it) rather than a personal display zone. */
    hasBusinessZone: boolean
    /** Registers webhook endpoints for the changes of their own slots and bookings. */
    managesWebhooks: boolean
  }
> = {
  customer: {
    books: true,
    managesSlots: false,
    bookingParty: 'customer',
    settable: ['CANCELLED'],
    seesEverySlot: true,
    readsAudit: false,
    hasBusinessZone: false,
    managesWebhooks: false,
  },
  provider: {
    books: false,
    managesSlots: true,
    bookingParty: 'provider',
    settable: ['CONFIRMED', 'CANCELLED', 'COMPLETED'],
    seesEverySlot: false,
    readsAudit: true,
    hasBusinessZone: true,
    managesWebhooks: true,
  },
}

const PARTY_ID = { customer: 'customerId', provider: 'providerId' } as const
const PARTY_COLUMN = { customer: 'customer_id', provider: 'provider_id' } as const

// ---- slots ----

/** Providers publish and manage slots; customers book them. */
export function mayManageSlots(actor: Actor): boolean {
  return ROLES[actor.role].managesSlots
}

/** A provider changes (capacity, block, delete) only their own slots. */
export function mayManageSlot(actor: Actor, slot: Owned): boolean {
  return mayManageSlots(actor) && slot.providerId === actor.userId
}

/** A provider creates slots only for their own services. */
export function mayUseService(actor: Actor, service: Owned): boolean {
  return mayManageSlots(actor) && service.providerId === actor.userId
}

// ---- bookings ----

/** Only customers book (a provider does not book their own or anyone's slot). */
export function mayBook(actor: Actor): boolean {
  return ROLES[actor.role].books
}

/** A customer sees their own bookings; a provider the bookings on their own slots. */
export function maySeeBooking(actor: Actor, booking: BookingParties): boolean {
  return booking[PARTY_ID[ROLES[actor.role].bookingParty]] === actor.userId
}

/** The statuses a role may ask for: a customer may only cancel; a provider confirms, completes, cancels. */
export function statusesSettableBy(role: Role): readonly SettableStatus[] {
  return ROLES[role].settable
}

export function maySetBookingStatus(actor: Actor, booking: BookingParties, status: SettableStatus): boolean {
  return maySeeBooking(actor, booking) && ROLES[actor.role].settable.includes(status)
}

/**
 * A provider cancels or declines a booking only with a reason, which the customer is shown (README,
 * "Cancelling"); a customer cancels their own without one. Asked by the status command for every
 * path (REST, bulk, a provider device's push) and by the client before it saves the change.
 */
export function statusNeedsReason(role: Role, status: SettableStatus): boolean {
  return ROLES[role].bookingParty === 'provider' && status === 'CANCELLED'
}

/**
 * Whoever may see a booking may delete it (the tombstone frees its seat if it held one), except that
 * a customer may not delete a COMPLETED one: it is the provider's record of work done (their revenue
 * and history in insights), which only the provider may remove.
 */
export function mayDeleteBooking(actor: Actor, booking: BookingParties & { status: BookingStatus }): boolean {
  if (!maySeeBooking(actor, booking)) return false
  return ROLES[actor.role].bookingParty === 'provider' || booking.status !== 'COMPLETED'
}

/** The provider of a booking may reach its customer (name, email, phone); the customer's peers may not. */
export function mayReadCustomerContact(actor: Actor, booking: BookingParties): boolean {
  return ROLES[actor.role].bookingParty === 'provider' && booking.providerId === actor.userId
}

// ---- profile ----

/**
 * Which zone a user sets in their profile: a provider their business zone (`timeZone`), in which
 * slots are entered and shown; a customer the zone they read times in (`displayTimeZone`, null: the
 * device's). Setting the other one is refused.
 */
export function profileZoneField(role: Role): 'timeZone' | 'displayTimeZone' {
  return ROLES[role].hasBusinessZone ? 'timeZone' : 'displayTimeZone'
}

/** The zone a user reads every time in: the provider's business zone, or the customer's choice or device's. */
export function readingZone(
  user: { role: Role; timeZone: string; displayTimeZone?: string | null | undefined },
  deviceZone: string,
): string {
  return ROLES[user.role].hasBusinessZone ? user.timeZone : (user.displayTimeZone ?? deviceZone)
}

/**
 * Either party may move a booking to another slot: the customer who holds it, or the provider it is
 * with (the target slot must be the same provider's: checked by the reschedule command, a domain rule).
 */
export function mayRescheduleBooking(actor: Actor, booking: BookingParties): boolean {
  return maySeeBooking(actor, booking)
}

/** Declining answers a booking request: the provider's act (a customer cancels instead). */
export function mayDeclineRequests(actor: Actor): boolean {
  return mayManageSlots(actor)
}

/** Only a provider cancels every booking of a date range, and only on their own slots (the query's scope). */
export function mayCancelDateRange(actor: Actor): boolean {
  return mayManageSlots(actor)
}

// ---- reports ----

/** The provider themself (not another provider, not a customer whose id happened to match). */
function isTheProvider(actor: Actor, providerId: string): boolean {
  return mayManageSlots(actor) && actor.userId === providerId
}

/** A provider reads the statistics of their own slots; nobody else's. */
export function mayReadProviderStats(actor: Actor, providerId: string): boolean {
  return isTheProvider(actor, providerId)
}

/**
 * A provider manages their own services (name, price, default capacity) and reads their own
 * insights and their export; nobody else does (an organisation admin will, once tenancy exists).
 */
export function mayManageProviderData(actor: Actor, providerId: string): boolean {
  return isTheProvider(actor, providerId)
}

/**
 * Whether a provider's new bookings are confirmed at once or wait for them (shared/bookingConfirmation.ts):
 * the provider's own choice, nobody else's. Not an organisation admin's: the choice belongs to the
 * account (users.auto_confirm), so it applies in every organisation the provider works in, and an
 * admin of one would decide how another organisation's bookings are confirmed.
 */
export function mayChooseBookingConfirmation(actor: Actor, providerId: string): boolean {
  return isTheProvider(actor, providerId)
}

/** Providers read the audit trail of their own slots and the bookings on them (see auditScope). */
export function mayReadAudit(actor: Actor): boolean {
  return ROLES[actor.role].readsAudit
}

/**
 * Who registers webhook endpoints, reads their delivery log, replays and rotates: a provider, for
 * the events of their own slots and bookings (the organisation admin, once tenancy exists: change
 * this rule and webhookScope, nothing else).
 */
export function mayManageWebhooks(actor: Actor): boolean {
  return ROLES[actor.role].managesWebhooks
}

// ---- organisations ----

/**
 * What a membership lets a user do with slots and bookings: an admin runs the business, so they
 * act as a provider (they may publish their own slots; other providers' slots stay theirs).
 */
export function domainRole(role: MembershipRole): Role {
  return role === 'customer' ? 'customer' : 'provider'
}

/** Admins invite people, list the members and read the whole organisation's audit trail. */
export function mayAdministerOrganisation(actor: OrganisationActor): boolean {
  return actor.organisationRole === 'admin'
}

/** A change of one member's membership an admin asks for: a new role, or removal (`newRole` null). */
export interface MembershipChange {
  member: { userId: string; role: MembershipRole }
  newRole: MembershipRole | null
}

/**
 * Whether `actor` may change a membership of their organisation (its role, or remove it), given how
 * many admins it has now: only its admins may, and an organisation always keeps at least one admin,
 * so demoting or removing its last admin is refused (LAST_ADMIN). An admin may remove (or demote)
 * themself the same way: only while another admin remains. Null: allowed. The server asks under a
 * lock of the organisation (server/domain/memberManagement.ts); the organisation page asks too, to
 * offer only what will be accepted.
 */
export function membershipChangeRefusal(
  actor: OrganisationActor,
  change: MembershipChange,
  admins: number,
): 'FORBIDDEN' | 'LAST_ADMIN' | null {
  if (!mayAdministerOrganisation(actor)) return 'FORBIDDEN'
  const losesAdmin = change.member.role === 'admin' && change.newRole !== 'admin'
  return losesAdmin && admins <= 1 ? 'LAST_ADMIN' : null
}

/**
 * Whether a membership change takes the member off the side of bookings they work on: a removal, or
 * a move between customer and provider (admin and provider both act as provider: domainRole). Their
 * upcoming slots (as provider) and active bookings (either side) would then be left with nobody to
 * serve or attend them, so such a change is refused while they have any (MEMBER_HAS_UPCOMING_WORK);
 * past slots and bookings stay as they are (history, statistics, the audit trail).
 */
export function leavesUpcomingWork(change: MembershipChange): boolean {
  return change.newRole === null || domainRole(change.newRole) !== domainRole(change.member.role)
}

// ---- the same rules as SQL predicates ($1 = the caller's user id) ----

/** The bookings (table alias `alias`) a role may see: maySeeBooking over many rows. */
export function bookingScope(role: Role, alias: string): string {
  return `${alias}.${PARTY_COLUMN[ROLES[role].bookingParty]} = $1`
}

/**
 * The slots (alias `alias`) a role replicates: a customer every slot (so a slot that becomes full or
 * blocked reaches them too; slots name no customer), a provider their own.
 */
export function slotScope(role: Role, alias: string): string {
  return ROLES[role].seesEverySlot ? 'TRUE' : `${alias}.provider_id = $1`
}

/**
 * Whose rows of a replicated collection a role reads: every row, or those where they are the named
 * party (a slot's provider; a booking's or waitlist entry's customer or provider; a notification
 * names its reader as both). slotScope and bookingScope above say the same over SQL; the change
 * feed's wake-ups (server/replication/wakeAudience.ts) route by it.
 */
export function replicatedParty(role: Role, collection: string): 'every' | 'customer' | 'provider' {
  const rules = ROLES[role]
  if (collection === 'slots') return rules.seesEverySlot ? 'every' : 'provider'
  return rules.bookingParty
}

/**
 * The membership roles (table memberships, column role) whose holders book (mayBook), as an SQL
 * list: a booking made with an actor taken from the session cache checks in its own statement that
 * the membership still allows it (server/domain/bookSeat.ts), so a member removed or moved to another
 * role books nothing more, whichever process cached them.
 */
export const bookerMembershipRolesSql = MembershipRole.options
  .filter((role) => ROLES[domainRole(role)].books)
  .map((role) => `'${role}'`)
  .join(', ')

/** The audit rows (table audit_log) a provider may read: those of their own slots and their bookings. */
export const auditScope = 'provider_id = $1'

/** The webhook endpoints (table webhook_endpoints) a webhook manager may see and change: their own. */
export const webhookScope = 'provider_id = $1'
