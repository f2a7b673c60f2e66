/**
 * The organisation page's audit trail in words (client/features/organisation/auditDescription.ts):
 * who (a member's name, a former member, the system), what, and which booking or slot by its
 * reference, service and time in the reader's zone; a snapshot without those is named by the slot or
 * booking as stored now (`subject`), else by the id. A refused offline change says what was tried on
 * which slot or booking, and why it was not saved (the shapes server/replication records).
 */
import { describe, expect, it } from 'vitest'
import type { AuditLine } from '../../client/data/organisationAdmin.js'
import { auditRows, describeAudit } from '../../client/features/organisation/auditDescription.js'

const DEV = '00000000-0000-4000-8000-0000000000d1'
const names = new Map([[DEV, 'Dev Customer']])
const booking = {
  reference: 'UNI-7K3Q2M',
  startTime: '2026-12-03T14:00:00.000Z',
  customerName: 'Dev Customer',
}

function line(action: string, extra: Partial<AuditLine> = {}): AuditLine {
  return {
    id: 1,
    actorId: DEV,
    action,
    entityType: action.startsWith('slot') ? 'slot' : 'booking',
    entityId: '9a2bfa74-0000-4000-8000-000000000001',
    before: null,
    after: booking,
    at: '2026-11-26T10:00:00.000Z',
    ...extra,
  }
}

describe('an audit entry in words', () => {
  it('names the member, the action and the booking by reference and time in the zone', () => {
    expect(describeAudit(line('booking.cancelled'), names, 'Europe/Berlin')).toBe(
      'Dev Customer cancelled UNI-7K3Q2M for Thursday 3 December 2026, 15:00',
    )
  })

  it("tells a seat given from the waitlist as the system's doing, naming the customer who got it", () => {
    const promoted = describeAudit(line('booking.promoted', { actorId: null }), names, 'Europe/Berlin')
    expect(promoted).toBe(
      'Dev Customer was given a seat from the waitlist: UNI-7K3Q2M for Thursday 3 December 2026, 15:00',
    )
    expect(promoted).not.toMatch(/booked/)
  })

  it('names a slot by its service, a deletion by what was deleted', () => {
    const slot = { serviceName: 'Maths tutoring', startTime: '2026-12-03T20:00:00.000Z' }
    expect(
      describeAudit(line('slot.deleted', { before: slot, after: null }), names, 'America/New_York'),
    ).toBe('Dev Customer deleted a slot on Thursday 3 December 2026, 15:00 · Maths tutoring')
  })

  it('says what a slot change changed: capacity from and to, blocked or opened', () => {
    const slot = { serviceName: 'Maths tutoring', startTime: '2026-12-03T20:00:00.000Z' }
    const changed = (before: object, after: object) =>
      describeAudit(
        line('slot.updated', { before: { ...slot, ...before }, after: { ...slot, ...after } }),
        names,
        'UTC',
      )
    const said = 'Dev Customer changed a slot on Thursday 3 December 2026, 20:00 · Maths tutoring'
    expect(changed({ maxBookings: 5, blocked: false }, { maxBookings: 6, blocked: false })).toBe(
      `${said}: capacity 5 → 6`,
    )
    expect(changed({ maxBookings: 5, blocked: false }, { maxBookings: 5, blocked: true })).toBe(
      `${said}: blocked`,
    )
    expect(changed({ maxBookings: 2, blocked: true }, { maxBookings: 3, blocked: false })).toBe(
      `${said}: capacity 2 → 3, opened for booking`,
    )
    // An entry without the fields says what it did, as before.
    expect(changed({}, {})).toBe(said)
  })

  it('says who is no longer a member or was no one, and falls back to the id', () => {
    expect(
      describeAudit(
        line('booking.completed', { actorId: '00000000-0000-4000-8000-0000000000ff', after: {} }),
        names,
        'UTC',
      ),
    ).toBe('A former member marked completed booking 9a2bfa74')
    expect(describeAudit(line('booking.confirmed', { actorId: null }), names, 'UTC')).toBe(
      'The system confirmed UNI-7K3Q2M for Thursday 3 December 2026, 14:00',
    )
    expect(describeAudit(line('booking.rejected'), names, 'UTC')).toBe(
      'UNI-7K3Q2M for Thursday 3 December 2026, 14:00 was refused',
    )
  })
})

describe('a refused offline change in words', () => {
  const slotSubject = { startTime: '2026-12-01T09:00:00.000Z', reference: null, serviceName: 'Physio' }

  it('names the slot by its time and service, what was tried, and the reason', () => {
    const refused = line('slot.change_refused', {
      entityType: 'slot',
      before: { maxBookings: 3, blocked: false, _deleted: false },
      after: {
        tried: { maxBookings: 1, blocked: false, _deleted: false },
        refusals: [
          {
            code: 'CAPACITY_BELOW_BOOKINGS',
            field: 'maxBookings',
            message: 'Capacity cannot go below the number of active bookings.',
          },
        ],
      },
      subject: slotSubject,
    })
    expect(describeAudit(refused, names, 'Europe/Berlin')).toBe(
      'A change by Dev Customer to the Physio slot on Tuesday 1 December 2026, 10:00 (capacity 1) ' +
        'was not saved: Capacity cannot go below the number of active bookings.',
    )
  })

  it('a deletion; a reason given only by its code; a slot the server does not hold', () => {
    const deletion = line('slot.change_refused', {
      entityType: 'slot',
      before: { maxBookings: 3, blocked: false, _deleted: false },
      after: {
        tried: { maxBookings: 3, blocked: false, _deleted: true },
        refusals: [{ code: 'SLOT_HAS_ACTIVE_BOOKINGS', field: '_deleted' }],
      },
      subject: { ...slotSubject, serviceName: null },
    })
    expect(describeAudit(deletion, names, 'UTC')).toBe(
      'A change by Dev Customer to the slot on Tuesday 1 December 2026, 09:00 (deleting it) ' +
        'was not saved: The slot still has active bookings.',
    )
    expect(describeAudit({ ...deletion, subject: null }, names, 'UTC')).toBe(
      'A change by Dev Customer to slot 9a2bfa74 (deleting it) was not saved: The slot still has active bookings.',
    )
  })

  it('a new slot made offline and refused', () => {
    const creation = line('slot.change_refused', {
      entityType: 'slot',
      actorId: null,
      before: null,
      after: {
        tried: { maxBookings: 2, blocked: false, _deleted: false },
        refusals: [
          { code: 'SLOT_OVERLAPS', field: 'created', message: 'It overlaps another of your slots.' },
        ],
      },
      subject: null,
    })
    // An entry written before the server kept the tried time; the reader is not the provider ("their").
    expect(describeAudit(creation, names, 'UTC')).toBe(
      'A new slot by the system was not saved: It overlaps another of their slots.',
    )
  })

  it('a refused new slot says when it was to be, and whose slots it overlaps, to an admin', () => {
    const creation = line('slot.change_refused', {
      entityType: 'slot',
      before: null,
      after: {
        tried: {
          maxBookings: 2,
          blocked: false,
          _deleted: false,
          startTime: '2026-12-01T09:00:00.000Z',
          endTime: '2026-12-01T10:00:00.000Z',
        },
        refusals: [
          { code: 'SLOT_OVERLAPS', field: 'created', message: 'It overlaps another of your slots.' },
        ],
      },
      subject: null,
    })
    expect(describeAudit(creation, names, 'Europe/Berlin')).toBe(
      'A new slot on Tuesday 1 December 2026, 10:00 by Dev Customer was not saved: ' +
        'It overlaps another of their slots.',
    )
  })

  it('names a booking by its reference and time, what was tried, and the reason', () => {
    const refused = line('booking.change_refused', {
      actorId: '00000000-0000-4000-8000-0000000000ff',
      before: { status: 'CONFIRMED', _deleted: false },
      after: {
        tried: { status: 'COMPLETED', _deleted: false },
        refusal: {
          code: 'BOOKING_NOT_STARTED',
          field: 'status',
          message: 'Not yet: the slot has not started.',
        },
      },
      subject: { startTime: '2026-12-03T14:00:00.000Z', reference: 'UNI-7K3Q2M', serviceName: 'Physio' },
    })
    expect(describeAudit(refused, names, 'UTC')).toBe(
      'A change by a former member to booking UNI-7K3Q2M for Thursday 3 December 2026, 14:00 ' +
        '(marking it completed) was not saved: Not yet: the slot has not started.',
    )
    expect(describeAudit({ ...refused, subject: null }, names, 'UTC')).toBe(
      'A change by a former member to booking 9a2bfa74 (marking it completed) was not saved: ' +
        'Not yet: the slot has not started.',
    )
  })
})

describe('what the reader of the trail needs', () => {
  it('a cancellation with a reason gives it; one without reads as before', () => {
    const cancelled = line('booking.cancelled', { after: { ...booking, statusReason: 'Clinic closed' } })
    expect(describeAudit(cancelled, names, 'UTC')).toBe(
      'Dev Customer cancelled UNI-7K3Q2M for Thursday 3 December 2026, 14:00. Reason: Clinic closed.',
    )
    const none = line('booking.cancelled', { after: { ...booking, statusReason: null } })
    expect(describeAudit(none, names, 'UTC')).toBe(
      'Dev Customer cancelled UNI-7K3Q2M for Thursday 3 December 2026, 14:00',
    )
  })

  it("a provider's cancellation of a request reads as a decline; other cancellations stay cancelled", () => {
    const PROVIDER = '00000000-0000-4000-8000-0000000000a1'
    const staff = new Map([...names, [PROVIDER, 'Dr. Ana Weber']])
    const request = { ...booking, status: 'PENDING', providerId: PROVIDER }
    const cancelled = (actorId: string, before: object) =>
      describeAudit(
        line('booking.cancelled', {
          actorId,
          before,
          after: { ...request, status: 'CANCELLED', statusReason: 'Studio flooded' },
        }),
        staff,
        'UTC',
      )
    // Declined, as insights count it ("Declined by you"): the provider, while it was still a request.
    expect(cancelled(PROVIDER, request)).toBe(
      'Dr. Ana Weber declined UNI-7K3Q2M for Thursday 3 December 2026, 14:00. Reason: Studio flooded.',
    )
    // A confirmed booking the provider cancels is cancelled.
    expect(cancelled(PROVIDER, { ...request, status: 'CONFIRMED' })).toMatch(
      /^Dr\. Ana Weber cancelled UNI-7K3Q2M/,
    )
    // The customer withdrawing their own request cancelled it.
    expect(cancelled(DEV, request)).toMatch(/^Dev Customer cancelled UNI-7K3Q2M/)
  })

  it("a weekly pattern's slots (one member, one moment) read as one row", () => {
    const at = '2026-11-26T10:00:00.000Z'
    // Newest first, as the server sends them: the pattern wrote Mondays and Thursdays 09:00 and 14:00.
    const starts = [
      '2026-12-10T13:00:00.000Z',
      '2026-12-10T08:00:00.000Z',
      '2026-12-07T13:00:00.000Z',
      '2026-12-07T08:00:00.000Z',
      '2026-12-03T13:00:00.000Z',
      '2026-12-03T08:00:00.000Z',
    ]
    const pattern = starts.map((startTime, i) =>
      line('slot.created', { id: 20 - i, at, after: { serviceName: 'Physio', startTime } }),
    )
    const single = line('slot.created', {
      id: 9,
      at: '2026-11-25T10:00:00.000Z',
      after: { serviceName: 'Physio', startTime: '2026-12-04T08:00:00.000Z' },
    })
    const otherMember = line('slot.created', { ...pattern[0], id: 8, actorId: null })
    const rows = auditRows([...pattern, single, otherMember], names, 'Europe/Berlin')
    expect(rows.map((row) => row.text)).toEqual([
      'Dev Customer created 6 slots, Mondays and Thursdays 09:00, 14:00 from Thursday 3 December 2026 ' +
        'to Thursday 10 December 2026 · Physio',
      'Dev Customer created a slot on Friday 4 December 2026, 09:00 · Physio',
      'The system created a slot on Thursday 10 December 2026, 14:00 · Physio',
    ])
    expect(rows[0]).toMatchObject({ id: 20, action: 'slot.created', at })
  })
})

describe('who was given a role', () => {
  const ADMIN = '00000000-0000-4000-8000-0000000000a1'
  const people = new Map([...names, [ADMIN, 'Dr. Ana Weber']])
  const invitation = (action: string, actorId: string, after: object) =>
    line(action, { entityType: 'invitation', actorId, after })

  it('an invitation made, with its role and how long the link works', () => {
    const made = invitation('invitation.created', ADMIN, {
      role: 'provider',
      expiresAt: '2026-12-04T09:00:00.000Z',
    })
    expect(describeAudit(made, people, 'Europe/Berlin')).toBe(
      'Dr. Ana Weber invited someone to join as a provider (the link works until Friday 4 December 2026, 10:00)',
    )
  })

  it('a member who joined through it, and who invited them', () => {
    const joined = invitation('member.joined', DEV, { role: 'admin', invitedBy: ADMIN })
    expect(describeAudit(joined, people, 'UTC')).toBe(
      'Dev Customer joined as an admin, invited by Dr. Ana Weber',
    )
    const gone = invitation('member.joined', DEV, { role: 'customer', invitedBy: 'someone-gone' })
    expect(describeAudit(gone, people, 'UTC')).toBe(
      'Dev Customer joined as a customer, invited by a former member',
    )
  })
})

describe('an entry whose snapshot does not name its subject', () => {
  it('is named by the slot or booking as stored now', () => {
    const old = line('booking.confirmed', {
      after: { status: 'CONFIRMED' },
      subject: { startTime: '2026-12-03T14:00:00.000Z', reference: 'UNI-7K3Q2M', serviceName: 'Physio' },
    })
    expect(describeAudit(old, names, 'UTC')).toBe(
      'Dev Customer confirmed UNI-7K3Q2M · Physio for Thursday 3 December 2026, 14:00',
    )
  })
})

describe('webhook endpoints and organisations', () => {
  const url = 'https://example.com/hooks'
  const endpoint = (action: string, before: object | null, after: object | null) =>
    describeAudit(line(action, { entityType: 'webhook_endpoint', before, after }), names, 'Europe/Berlin')
  const state = { url, events: ['booking.created'], enabled: true }

  it('an endpoint added, disabled, re-enabled, changed, deleted: by its URL', () => {
    expect(endpoint('webhook_endpoint.created', null, state)).toBe(
      `Dev Customer added the webhook endpoint ${url} (booking.created)`,
    )
    expect(endpoint('webhook_endpoint.updated', state, { ...state, enabled: false })).toBe(
      `Dev Customer disabled the webhook endpoint ${url}`,
    )
    expect(endpoint('webhook_endpoint.updated', { ...state, enabled: false }, state)).toBe(
      `Dev Customer re-enabled the webhook endpoint ${url}`,
    )
    expect(
      endpoint('webhook_endpoint.updated', state, { ...state, events: ['booking.created', 'slot.changed'] }),
    ).toBe(`Dev Customer changed the webhook endpoint ${url}: events booking.created, slot.changed`)
    expect(endpoint('webhook_endpoint.deleted', state, null)).toBe(
      `Dev Customer deleted the webhook endpoint ${url}`,
    )
  })

  it('an endpoint the system disabled for failing says so, with the reason', () => {
    const reason = 'failing continuously since 2026-11-26T08:00:00Z (last error: HTTP 503)'
    const disabled = line('webhook_endpoint.updated', {
      actorId: null,
      entityType: 'webhook_endpoint',
      before: state,
      after: { ...state, enabled: false, disabledReason: reason },
    })
    expect(describeAudit(disabled, names, 'UTC')).toBe(
      `The system disabled the webhook endpoint ${url}: ${reason}`,
    )
  })

  it('a secret rotated says until when the old secret signs, and never shows a secret', () => {
    const after = { ...state, previousSecretUntil: '2026-12-04T09:00:00.000Z' }
    expect(endpoint('webhook_endpoint.secret_rotated', null, after)).toBe(
      `Dev Customer rotated the signing secret of the webhook endpoint ${url} (the old secret signs too until Friday 4 December 2026, 10:00)`,
    )
  })

  it('an organisation created, by its name and short name', () => {
    const made = line('organisation.created', {
      entityType: 'organisation',
      after: { name: 'Weber Physio Potsdam', slug: 'weber-potsdam' },
    })
    expect(describeAudit(made, names, 'UTC')).toBe(
      'Dev Customer created the organisation Weber Physio Potsdam (short name weber-potsdam)',
    )
  })
})
