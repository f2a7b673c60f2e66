/**
 * The organisation page's audit trail in words (client/features/organisation/auditDescription.ts):
 * who (a member's name, a former member, the system), what, and which booking or slot by its
 * reference, service and time in the reader's zone; a snapshot without those falls back to the id.
 */
import { describe, expect, it } from 'vitest'
import type { AuditLine } from '../../client/data/organisationAdmin.js'
import { describeAudit } from '../../client/features/organisation/auditDescription.js'

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

  it('names a slot by its service, a deletion by what was deleted', () => {
    const slot = { serviceName: 'Maths tutoring', startTime: '2026-12-03T20:00:00.000Z' }
    expect(
      describeAudit(line('slot.deleted', { before: slot, after: null }), names, 'America/New_York'),
    ).toBe('Dev Customer deleted a slot on Thursday 3 December 2026, 15:00 · Maths tutoring')
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
