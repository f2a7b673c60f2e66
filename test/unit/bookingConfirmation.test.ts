/**
 * How bookings are confirmed: only the provider chooses (shared/policy.ts), and a switch reads as such
 * in the organisation's trail (entity type member, like a membership change, which it is not: before,
 * it read "… joined as a member").
 */
import { describe, expect, it } from 'vitest'
import type { AuditLine } from '../../client/data/organisationAdmin.js'
import { describeAudit } from '../../client/features/organisation/auditDescription.js'
import { BOOKING_CONFIRMATION_CHANGED, bookingConfirmationText } from '../../shared/bookingConfirmation.js'
import { mayChooseBookingConfirmation } from '../../shared/policy.js'

const ANA = '6f1e2a3b-0000-4000-8000-000000000001'
const names = new Map([[ANA, 'Dr. Ana Weber']])

const switched = (autoConfirm: boolean): AuditLine => ({
  id: 1,
  actorId: ANA,
  action: BOOKING_CONFIRMATION_CHANGED,
  entityType: 'member',
  entityId: ANA,
  before: { autoConfirm: !autoConfirm },
  after: { autoConfirm },
  at: '2026-11-26T10:00:00.000Z',
})

describe('how bookings are confirmed, in words', () => {
  it('says what each choice means', () => {
    expect(bookingConfirmationText(true)).toBe('New bookings are confirmed at once')
    expect(bookingConfirmationText(false)).toBe('You confirm or decline each request')
  })

  it('reads a switch in the trail as the provider’s choice', () => {
    expect(describeAudit(switched(true), names, 'Europe/Berlin')).toBe(
      'Dr. Ana Weber now has new bookings confirmed at once',
    )
    expect(describeAudit(switched(false), names, 'Europe/Berlin')).toBe(
      'Dr. Ana Weber now confirms or declines each booking request',
    )
  })
})

describe('who chooses how bookings are confirmed', () => {
  it('the provider (an admin acts as one) for themself; nobody for someone else; never a customer', () => {
    expect(mayChooseBookingConfirmation({ userId: ANA, role: 'provider' }, ANA)).toBe(true)
    expect(mayChooseBookingConfirmation({ userId: 'someone-else', role: 'provider' }, ANA)).toBe(false)
    expect(mayChooseBookingConfirmation({ userId: ANA, role: 'customer' }, ANA)).toBe(false)
  })
})
