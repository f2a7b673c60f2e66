/** The organisation trail's words for revoked invitations, role changes and removals (auditDescription.ts). */
import { expect, it } from 'vitest'
import { auditRows, describeAudit } from '../../client/features/organisation/auditDescription.js'
import type { AuditLine } from '../../client/data/organisationAdmin.js'

const names = new Map([
  ['ana', 'Dr. Ana Weber'],
  ['lee', 'Lee Park'],
])
const line = (entry: Partial<AuditLine>): AuditLine => ({
  id: 1,
  actorId: 'ana',
  action: '',
  entityType: 'member',
  entityId: 'lee',
  before: null,
  after: null,
  at: '2026-11-27T10:00:00.000Z',
  ...entry,
})

it('says who revoked an invitation, changed a role or removed a member', () => {
  const revoked = line({
    action: 'invitation.revoked',
    entityType: 'invitation',
    entityId: 'i1',
    before: { role: 'provider', expiresAt: '2026-12-04T10:00:00.000Z' },
  })
  expect(describeAudit(revoked, names, 'UTC')).toBe(
    'Dr. Ana Weber revoked an invitation to join as a provider',
  )
  const changed = line({
    action: 'member.role_changed',
    before: { role: 'provider', name: 'Lee Park' },
    after: { role: 'admin', name: 'Lee Park' },
  })
  expect(describeAudit(changed, names, 'UTC')).toBe('Dr. Ana Weber made Lee Park an admin (was a provider)')
  // A removed member is no longer in the members list: the entry's own name says who.
  const removed = line({
    action: 'member.removed',
    entityId: 'sam',
    before: { role: 'customer', name: 'Sam' },
  })
  expect(describeAudit(removed, names, 'UTC')).toBe('Dr. Ana Weber removed Sam (a customer)')
  const left = line({ action: 'member.removed', entityId: 'ana', before: { role: 'admin', name: 'Ana' } })
  expect(describeAudit(left, names, 'UTC')).toBe('Dr. Ana Weber left the organisation (was an admin)')
})

it('names a removed member in their earlier entries, from the name the removal recorded', () => {
  const removed = line({
    id: 3,
    action: 'member.removed',
    entityId: 'newbie',
    before: { role: 'provider', name: 'New Provider Person' },
  })
  const joined = line({
    id: 1,
    action: 'member.joined',
    actorId: 'newbie',
    entityType: 'invitation',
    entityId: 'i1',
    after: { role: 'provider', invitedBy: 'ana' },
  })
  expect(auditRows([removed, joined], names, 'UTC').map((row) => row.text)).toEqual([
    'Dr. Ana Weber removed New Provider Person (a provider)',
    'New Provider Person joined as a provider, invited by Dr. Ana Weber',
  ])
  // Nothing recorded a name: still "a former member".
  expect(auditRows([joined], names, 'UTC').map((row) => row.text)).toEqual([
    'A former member joined as a provider, invited by Dr. Ana Weber',
  ])
})
