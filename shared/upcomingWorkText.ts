/**
 * Why a member cannot be removed (or moved between customer and provider) yet, and what to do about
 * it: MEMBER_HAS_UPCOMING_WORK's message, said by the server and by the members page before it asks
 * to confirm a removal. One wording rule per role, here: a customer's upcoming work is their own
 * bookings; a provider's (or admin's) is their slots and the bookings on them.
 */
import { domainRole } from './policy.js'
import type { UpcomingWork } from './organisations.js'
import type { MembershipRole } from './schemas.js'

const ROLE_WORDS: Record<MembershipRole, string> = {
  customer: 'a customer',
  provider: 'a provider',
  admin: 'an admin',
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Whether the member still has work here that a removal or a move between sides would strand. */
export const hasUpcomingWork = (work: UpcomingWork) => work.upcomingSlots > 0 || work.upcomingBookings > 0

/**
 * "Carla Customer still has 6 upcoming bookings here: they must be cancelled first. …" for a member
 * of role `role` who would be removed (`newRole` null) or given `newRole`.
 */
export function upcomingWorkText(
  name: string,
  role: MembershipRole,
  work: UpcomingWork,
  newRole: MembershipRole | null,
): string {
  const what = newRole === null ? 'removed' : `made ${ROLE_WORDS[newRole]}`
  if (domainRole(role) === 'customer' && work.upcomingSlots === 0) {
    const one = work.upcomingBookings === 1
    const them = one ? 'it' : 'them'
    const before = newRole === null ? 'first' : `before they can be ${what}`
    return (
      `${name} still has ${plural(work.upcomingBookings, 'upcoming booking')} here: ` +
      `${one ? 'it' : 'they'} must be cancelled ${before}. ` +
      `Ask ${name} to cancel ${them} under My bookings, or ${one ? 'its provider' : 'their providers'} ` +
      `to cancel ${them} under My slots.`
    )
  }
  const counted = [
    work.upcomingSlots > 0 && plural(work.upcomingSlots, 'upcoming slot'),
    work.upcomingBookings > 0 && plural(work.upcomingBookings, 'active booking'),
  ].filter(Boolean)
  return (
    `${name} still has ${counted.join(' and ')} here, so they cannot be ${what} yet: ` +
    'those must be cancelled or moved first, so that no customer is left with a booking nobody serves. ' +
    `Ask ${name} to cancel or move them under My slots.`
  )
}
