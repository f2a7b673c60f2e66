-- The organisation's audit trail tells when someone was given a role: an invitation created (by
-- whom, which role) and a member joining through it (server/domain/organisations.ts). Such an entry
-- concerns an invitation, not a slot or booking, and no provider: GET /api/audit (a provider's own
-- trail, provider_id = the provider) leaves it out; the organisation's trail (admins) shows it.
ALTER TABLE audit_log ALTER COLUMN provider_id DROP NOT NULL;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_type_check
  CHECK (entity_type IN ('slot', 'booking', 'invitation'));
