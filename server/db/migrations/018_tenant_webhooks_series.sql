-- The tables webhooks (012) and series (013) added join the organisations of 011 the same way:
-- organisation_id (the transaction's organisation by default), row-level security forced with the
-- same two policies, and the indexes that serve a request's query start with the organisation.
-- webhook_deliveries_pending stays as it is: the delivery relay reads it for every organisation (as
-- the owner, through system_access), like the change feed's *_change indexes.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['webhook_endpoints', 'webhook_events', 'webhook_deliveries', 'booking_series'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN organisation_id uuid NOT NULL DEFAULT app_insert_organisation() REFERENCES organisations (id)', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (organisation_id = app_current_organisation()) WITH CHECK (organisation_id = app_current_organisation())', t);
    EXECUTE format('CREATE POLICY system_access ON %I TO %I USING (app_current_organisation() IS NULL) WITH CHECK (app_current_organisation() IS NULL)', t, current_user);
  END LOOP;
END
$$;

DROP INDEX webhook_endpoints_enabled_provider;
CREATE INDEX webhook_endpoints_enabled_provider ON webhook_endpoints (organisation_id, provider_id) WHERE enabled;
DROP INDEX webhook_deliveries_endpoint;
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (organisation_id, endpoint_id, id DESC);
DROP INDEX booking_series_customer;
CREATE INDEX booking_series_customer ON booking_series (organisation_id, customer_id);
DROP INDEX bookings_series;
CREATE INDEX bookings_series ON bookings (organisation_id, series_id, series_index) WHERE series_id IS NOT NULL;
