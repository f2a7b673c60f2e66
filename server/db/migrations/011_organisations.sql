-- Organisations: the unit of isolation (issue 9, invariant 7). Every tenant table carries
-- organisation_id, its query indexes start with it, and PostgreSQL row-level security confines every
-- query to the organisation the transaction names in the setting app.organisation_id (set by
-- server/db/tenantScope.ts from the authenticated request). A query that names none sees no tenant
-- row: a forgotten scope fails closed. Users and sessions stay global: a person has one account.

CREATE TABLE organisations (
  id         uuid PRIMARY KEY,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Where every row written before organisations existed goes, and every new account by default.
INSERT INTO organisations (id, name, slug) VALUES ('00000000-0000-4000-8000-000000000001', 'Default organisation', 'default');

CREATE TABLE memberships (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role            text NOT NULL CHECK (role IN ('admin', 'provider', 'customer')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id, created_at);

-- Existing users become members of the default organisation with the role they had.
INSERT INTO memberships (organisation_id, user_id, role, created_at)
SELECT '00000000-0000-4000-8000-000000000001', id, role, created_at FROM users;

-- The organisation a transaction works in; NULL when none was named.
CREATE FUNCTION app_current_organisation() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.organisation_id', true), '')::uuid
$$;

-- What a new tenant row gets when its INSERT names no organisation: the transaction's. The fallback
-- to the default organisation serves the owner's own writes (seeds, fixtures, benches) only: the
-- application role's writes are checked by the policies below, which refuse a row outside the
-- transaction's organisation, so an unscoped write by the application fails.
CREATE FUNCTION app_insert_organisation() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT coalesce(app_current_organisation(), '00000000-0000-4000-8000-000000000001'::uuid)
$$;

-- Invitations: only the SHA-256 of the link's token is stored.
CREATE TABLE invitations (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL DEFAULT app_insert_organisation() REFERENCES organisations (id) ON DELETE CASCADE,
  token_hash      text NOT NULL UNIQUE,
  role            text NOT NULL CHECK (role IN ('admin', 'provider', 'customer')),
  created_by      uuid NOT NULL REFERENCES users (id),
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz,
  used_by         uuid REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitations_org ON invitations (organisation_id, created_at);

-- Every tenant table: the column (backfilled by its DEFAULT into the default organisation), the
-- foreign key, and the policies. FORCE applies them to the table owner too; the owner's own work
-- (migrations, the change feed, maintenance) passes through `system_access`, which admits only the
-- role that ran this migration and only while it names no organisation (a superuser, as in CI and
-- PGlite, bypasses row-level security anyway).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['services', 'slots', 'bookings', 'audit_log', 'waitlist', 'notifications'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN organisation_id uuid NOT NULL DEFAULT app_insert_organisation() REFERENCES organisations (id)', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['services', 'slots', 'bookings', 'audit_log', 'waitlist', 'notifications', 'invitations'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (organisation_id = app_current_organisation()) WITH CHECK (organisation_id = app_current_organisation())', t);
    EXECUTE format('CREATE POLICY system_access ON %I TO %I USING (app_current_organisation() IS NULL) WITH CHECK (app_current_organisation() IS NULL)', t, current_user);
  END LOOP;
END
$$;

-- Indexes that serve a query start with the organisation (and so does any shard key on Citus). The
-- *_change indexes on (change_xid, id) stay for the change feed, which reads across organisations.
DROP INDEX slots_start;
DROP INDEX slots_provider_start;
CREATE INDEX slots_start ON slots (organisation_id, start_time);
CREATE INDEX slots_provider_start ON slots (organisation_id, provider_id, start_time);
CREATE INDEX slots_org_change ON slots (organisation_id, change_xid, id);

DROP INDEX bookings_slot_active;
DROP INDEX bookings_customer;
DROP INDEX bookings_provider;
DROP INDEX bookings_provider_start;
CREATE INDEX bookings_slot_active ON bookings (organisation_id, slot_id) WHERE status IN ('PENDING', 'CONFIRMED') AND NOT deleted;
CREATE INDEX bookings_customer ON bookings (organisation_id, customer_id);
CREATE INDEX bookings_provider ON bookings (organisation_id, provider_id);
CREATE INDEX bookings_provider_start ON bookings (organisation_id, provider_id, start_time)
  INCLUDE (status, created_at, price_minor, currency, slot_id, service_id, id, customer_id, deleted);
CREATE INDEX bookings_org_change ON bookings (organisation_id, change_xid, id);

DROP INDEX audit_provider_at;
DROP INDEX audit_entity;
DROP INDEX audit_booking_cancelled;
CREATE INDEX audit_provider_at ON audit_log (organisation_id, provider_id, at);
CREATE INDEX audit_org_at ON audit_log (organisation_id, at, id);
CREATE INDEX audit_entity ON audit_log (organisation_id, entity_type, entity_id);
CREATE INDEX audit_booking_cancelled ON audit_log (organisation_id, entity_id) INCLUDE (actor_id, before)
  WHERE action = 'booking.cancelled';

DROP INDEX waitlist_one_waiting;
DROP INDEX waitlist_queue;
DROP INDEX waitlist_customer;
DROP INDEX waitlist_provider;
DROP INDEX waitlist_promoted_booking;
CREATE UNIQUE INDEX waitlist_one_waiting ON waitlist (organisation_id, slot_id, customer_id) WHERE status = 'WAITING';
CREATE INDEX waitlist_queue ON waitlist (organisation_id, slot_id, joined_at, id) WHERE status = 'WAITING';
CREATE INDEX waitlist_customer ON waitlist (organisation_id, customer_id);
CREATE INDEX waitlist_provider ON waitlist (organisation_id, provider_id);
CREATE INDEX waitlist_promoted_booking ON waitlist (organisation_id, booking_id) WHERE status = 'PROMOTED';
CREATE INDEX waitlist_org_change ON waitlist (organisation_id, change_xid, id);

DROP INDEX notifications_user;
CREATE INDEX notifications_user ON notifications (organisation_id, user_id, created_at);
CREATE INDEX notifications_org_change ON notifications (organisation_id, change_xid, id);

CREATE INDEX services_provider ON services (organisation_id, provider_id);

-- The application role the server's request pool uses: not the owner, no superuser, no BYPASSRLS,
-- so the policies above bind it whatever SQL it sends. Roles are cluster-wide and many test
-- databases migrate at once: a concurrent creation is not an error.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'uniservice_app') THEN
    CREATE ROLE uniservice_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO uniservice_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO uniservice_app;
REVOKE ALL ON schema_migrations FROM uniservice_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO uniservice_app;
-- Tables and sequences later migrations create (as the owner) are granted the same way.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO uniservice_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO uniservice_app;
