import type { MembershipRole } from '../../../shared/schemas.js'

/** A membership role as the organisation page names it. */
export const ROLE_NAMES: Record<MembershipRole, string> = {
  customer: 'Customer',
  provider: 'Provider',
  admin: 'Admin',
}

/** The roles in the order the page offers them. */
export const ROLE_CHOICES: readonly MembershipRole[] = ['customer', 'provider', 'admin']
