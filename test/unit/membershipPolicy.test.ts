/** The rules of membership changes (shared/policy.ts): admins only, never without an admin, no stranded bookings. */
import { describe, expect, it } from 'vitest'
import {
  type OrganisationActor,
  bookerMembershipRolesSql,
  leavesUpcomingWork,
  membershipChangeRefusal,
} from '../../shared/policy.js'
import type { MembershipRole } from '../../shared/schemas.js'

const actor = (organisationRole: MembershipRole): OrganisationActor => ({
  userId: 'me',
  role: organisationRole === 'customer' ? 'customer' : 'provider',
  organisationId: 'org',
  organisationRole,
})
const member = (role: MembershipRole, userId = 'them') => ({ userId, role })

describe('membershipChangeRefusal', () => {
  it('lets only admins change memberships', () => {
    for (const role of ['customer', 'provider'] as const)
      expect(
        membershipChangeRefusal(actor(role), { member: member('customer'), newRole: 'provider' }, 2),
      ).toBe('FORBIDDEN')
    expect(
      membershipChangeRefusal(actor('admin'), { member: member('customer'), newRole: 'provider' }, 1),
    ).toBeNull()
  })

  it('never leaves the organisation without an admin, the admin themself included', () => {
    const admin = actor('admin')
    for (const newRole of [null, 'provider', 'customer'] as const) {
      expect(membershipChangeRefusal(admin, { member: member('admin', 'me'), newRole }, 1)).toBe('LAST_ADMIN')
      expect(membershipChangeRefusal(admin, { member: member('admin', 'me'), newRole }, 2)).toBeNull()
    }
    expect(membershipChangeRefusal(admin, { member: member('admin'), newRole: 'admin' }, 1)).toBeNull()
    expect(membershipChangeRefusal(admin, { member: member('provider'), newRole: null }, 1)).toBeNull()
  })
})

describe('leavesUpcomingWork', () => {
  it('is a removal, or a move between the customer and the provider side', () => {
    expect(leavesUpcomingWork({ member: member('provider'), newRole: null })).toBe(true)
    expect(leavesUpcomingWork({ member: member('provider'), newRole: 'customer' })).toBe(true)
    expect(leavesUpcomingWork({ member: member('customer'), newRole: 'admin' })).toBe(true)
    expect(leavesUpcomingWork({ member: member('provider'), newRole: 'admin' })).toBe(false)
    expect(leavesUpcomingWork({ member: member('admin'), newRole: 'provider' })).toBe(false)
  })
})

it('the booking statement checks for the roles that book: customers', () => {
  expect(bookerMembershipRolesSql).toBe("'customer'")
})
