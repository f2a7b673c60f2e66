-- Admins manage what they created (server/domain/invitationManagement.ts, memberManagement.ts):
-- an open invitation can be revoked (its link then answers INVITATION_REVOKED, like a used or
-- expired one), and a member's role changed or membership removed. Each is an entry in the
-- organisation's trail: `invitation.revoked` (entity type invitation), `member.role_changed` and
-- `member.removed` (entity type member: the member's user id; no provider, like invitation entries).
ALTER TABLE invitations ADD COLUMN revoked_at timestamptz;
ALTER TABLE invitations ADD COLUMN revoked_by uuid REFERENCES users (id);
ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_type_check
  CHECK (entity_type IN ('slot', 'booking', 'invitation', 'webhook_endpoint', 'organisation', 'member'));
