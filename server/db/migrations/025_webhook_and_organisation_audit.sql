-- The audit trail also records changes to webhook endpoints (created, changed, enabled or disabled,
-- deleted, secret rotated: never the secret) and organisations created (shared/auditEntities.ts).
-- A webhook endpoint's entry names its provider (who reads it in their own trail, GET /api/audit);
-- an organisation's entry names none and lives in the trail of the organisation it was created from.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_type_check
  CHECK (entity_type IN ('slot', 'booking', 'invitation', 'webhook_endpoint', 'organisation'));
