/**
 * What an audit trail entry concerns (audit_log.entity_type, migrations 025 and 026): a slot or booking (a
 * provider's own trail), an invitation, an organisation or a member (the organisation's trail only), or a
 * webhook endpoint (its provider's trail and the organisation's).
 */
export const AUDIT_ENTITY_TYPES = [
  'slot',
  'booking',
  'invitation',
  'webhook_endpoint',
  'organisation',
  'member',
] as const
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number]

/** The audited changes of a webhook endpoint (server/domain/webhookEndpointAudit.ts). Never its secret. */
export const WEBHOOK_ENDPOINT_ACTIONS = {
  created: 'webhook_endpoint.created',
  updated: 'webhook_endpoint.updated',
  deleted: 'webhook_endpoint.deleted',
  secretRotated: 'webhook_endpoint.secret_rotated',
} as const
export type WebhookEndpointAction = (typeof WEBHOOK_ENDPOINT_ACTIONS)[keyof typeof WEBHOOK_ENDPOINT_ACTIONS]

/** What an endpoint's audit entry keeps of it (before and after a change). */
export interface WebhookEndpointSnapshot {
  url: string
  events: string[]
  enabled: boolean
  /** Only after a rotation: until when the old secret also signs. */
  previousSecretUntil?: string | null
  /** Only when the system disabled it for failing (server/domain/webhookDeliveries.ts): why. */
  disabledReason?: string | null
}

export const ORGANISATION_CREATED = 'organisation.created'

/** The audited changes of memberships and invitations an admin makes (server/domain/memberManagement.ts). */
export const MEMBERSHIP_ACTIONS = {
  invitationRevoked: 'invitation.revoked',
  roleChanged: 'member.role_changed',
  removed: 'member.removed',
} as const

/**
 * A booking the waitlist gave a customer when a seat freed (server/domain/waitlist.ts): the system's
 * doing, not the customer's, so the trail tells it apart from a booking made by hand. Its webhook
 * event is booking.created all the same (and waitlist.promoted).
 */
export const BOOKING_PROMOTED = 'booking.promoted'
