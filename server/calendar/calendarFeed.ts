/**
 * What a private feed URL serves: its owner's calendar in every organisation they belong to now.
 * The token belongs to the user, not to an organisation (one link, whichever organisation's page made
 * it), and a feed request has no session or organisation, so each membership is read in a scope of its
 * own: row-level security confines every read to that organisation, and the membership's role says
 * whether it is read as a customer's bookings or a provider's booked slots. An organisation the user
 * has left is not listed, so its bookings leave the feed at the next refresh.
 */
import { domainRole } from '../../shared/policy.js'
import type { Queryable } from '../db/database.js'
import { inOrganisation } from '../db/tenantScope.js'
import { type CalendarEntry, calendarEntries } from '../domain/calendar.js'
import { listMyOrganisations } from '../domain/organisations.js'

/** `db`: a database that confines each query to the current scope's organisation (tenantDatabase). */
export async function everyOrganisationEntries(db: Queryable, userId: string): Promise<CalendarEntry[]> {
  const memberships = await listMyOrganisations(db, userId)
  const perOrganisation = await Promise.all(
    memberships.map((membership) =>
      // One calendar holds several organisations' events: each says whose it is (its LOCATION).
      inOrganisation(membership.id, () => calendarEntries(db, { userId, role: domainRole(membership.role) })),
    ),
  )
  return perOrganisation.flat().sort((a, b) => a.start.getTime() - b.start.getTime())
}
