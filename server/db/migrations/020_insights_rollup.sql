-- Insights read the bookings and slots of days that ended a while ago from a rollup rather than
-- row by row (server/domain/insightsRollup.ts explains the whole scheme). The rollup is derived
-- data: the maintenance job rewrites it, a request never has to, and nothing in the booking path
-- writes it. Days are local days in the provider's time zone (the one recorded in the state row).
--
-- insights_day_bookings: a provider's bookings per local day, service and currency: per status the
-- bookings and the sum of their recorded prices, the non-refused bookings per lead-time bucket, the
-- cancellations by who cancelled, and the non-refused bookings per local hour of their start.
CREATE TABLE insights_day_bookings (
  organisation_id       uuid NOT NULL DEFAULT app_insert_organisation() REFERENCES organisations (id) ON DELETE CASCADE,
  provider_id           uuid NOT NULL,
  day                   date NOT NULL,
  service_id            uuid NOT NULL,
  currency              text NOT NULL,
  pending               int NOT NULL,
  confirmed             int NOT NULL,
  completed             int NOT NULL,
  cancelled             int NOT NULL,
  rejected              int NOT NULL,
  pending_minor         bigint NOT NULL,
  confirmed_minor       bigint NOT NULL,
  completed_minor       bigint NOT NULL,
  cancelled_minor       bigint NOT NULL,
  rejected_minor        bigint NOT NULL,
  -- LEAD_TIME_BUCKETS (shared/insightsSchemas.ts) 0..5
  lead_0 int NOT NULL, lead_1 int NOT NULL, lead_2 int NOT NULL, lead_3 int NOT NULL, lead_4 int NOT NULL, lead_5 int NOT NULL,
  cancelled_by_customer int NOT NULL,
  cancelled_by_provider int NOT NULL,
  declined_by_provider  int NOT NULL,
  cancelled_by_unknown  int NOT NULL,
  hour_0 int NOT NULL, hour_1 int NOT NULL, hour_2 int NOT NULL, hour_3 int NOT NULL, hour_4 int NOT NULL, hour_5 int NOT NULL,
  hour_6 int NOT NULL, hour_7 int NOT NULL, hour_8 int NOT NULL, hour_9 int NOT NULL, hour_10 int NOT NULL, hour_11 int NOT NULL,
  hour_12 int NOT NULL, hour_13 int NOT NULL, hour_14 int NOT NULL, hour_15 int NOT NULL, hour_16 int NOT NULL, hour_17 int NOT NULL,
  hour_18 int NOT NULL, hour_19 int NOT NULL, hour_20 int NOT NULL, hour_21 int NOT NULL, hour_22 int NOT NULL, hour_23 int NOT NULL,
  PRIMARY KEY (organisation_id, provider_id, day, service_id, currency)
);

-- insights_day_slots: the utilisation of a provider's (not deleted) slots per local day, all past.
CREATE TABLE insights_day_slots (
  organisation_id uuid NOT NULL DEFAULT app_insert_organisation() REFERENCES organisations (id) ON DELETE CASCADE,
  provider_id     uuid NOT NULL,
  day             date NOT NULL,
  slots           int NOT NULL,
  capacity        int NOT NULL,
  used            int NOT NULL,
  open            int NOT NULL,
  PRIMARY KEY (organisation_id, provider_id, day)
);

-- How far a provider's rollup goes: it holds every local day (in time_zone) before closed_before (a
-- local midnight), as the bookings and slots were in the snapshot of its last refresh, whose xmin is
-- the watermark: a row written by a transaction with an xid below it is in the rollup as it is now;
-- a day with a booking or slot stamped at or above it is read live (change_xid, stamped by every write).
CREATE TABLE insights_rollup_state (
  organisation_id uuid NOT NULL DEFAULT app_insert_organisation() REFERENCES organisations (id) ON DELETE CASCADE,
  provider_id     uuid NOT NULL,
  time_zone       text NOT NULL,
  watermark       xid8 NOT NULL,
  closed_before   timestamptz NOT NULL,
  refreshed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, provider_id)
);

-- Days a booking or slot left: its stamp marks the day it is on now, not the one it came from. A
-- reschedule (new slot and start), a slot moved, and a hard delete (none in the application; tests
-- and hand-run SQL) note the old start here in their own transaction; the next refresh recomputes
-- that day and removes the note. Nothing in the booking path fires these triggers: a status change
-- does not name the columns of UPDATE OF.
CREATE TABLE insights_rollup_stale (
  organisation_id uuid NOT NULL DEFAULT app_insert_organisation() REFERENCES organisations (id) ON DELETE CASCADE,
  provider_id     uuid NOT NULL,
  start_time      timestamptz NOT NULL
);
CREATE INDEX insights_rollup_stale_provider ON insights_rollup_stale (organisation_id, provider_id, start_time);

CREATE FUNCTION insights_note_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insights_rollup_stale (organisation_id, provider_id, start_time)
  VALUES (OLD.organisation_id, OLD.provider_id, OLD.start_time);
  RETURN NULL;
END
$$;
CREATE FUNCTION insights_note_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insights_rollup_stale (organisation_id, provider_id, start_time)
  SELECT DISTINCT organisation_id, provider_id, start_time FROM gone;
  RETURN NULL;
END
$$;
-- TRUNCATE removes rows without a trace: every rollup is rebuilt (until then insights read live).
CREATE FUNCTION insights_forget_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM insights_rollup_state;
  RETURN NULL;
END
$$;

CREATE TRIGGER bookings_insights_moved AFTER UPDATE OF start_time, provider_id, organisation_id ON bookings
  FOR EACH ROW WHEN (OLD.start_time IS DISTINCT FROM NEW.start_time OR OLD.provider_id IS DISTINCT FROM NEW.provider_id
    OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
  EXECUTE FUNCTION insights_note_moved();
CREATE TRIGGER slots_insights_moved AFTER UPDATE OF start_time, provider_id, organisation_id ON slots
  FOR EACH ROW WHEN (OLD.start_time IS DISTINCT FROM NEW.start_time OR OLD.provider_id IS DISTINCT FROM NEW.provider_id
    OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
  EXECUTE FUNCTION insights_note_moved();
CREATE TRIGGER bookings_insights_deleted AFTER DELETE ON bookings REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION insights_note_deleted();
CREATE TRIGGER slots_insights_deleted AFTER DELETE ON slots REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION insights_note_deleted();
CREATE TRIGGER bookings_insights_truncated AFTER TRUNCATE ON bookings
  FOR EACH STATEMENT EXECUTE FUNCTION insights_forget_rollups();
CREATE TRIGGER slots_insights_truncated AFTER TRUNCATE ON slots
  FOR EACH STATEMENT EXECUTE FUNCTION insights_forget_rollups();

-- Organisation-scoped like every tenant table (migration 011).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['insights_day_bookings', 'insights_day_slots', 'insights_rollup_state', 'insights_rollup_stale'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (organisation_id = app_current_organisation()) WITH CHECK (organisation_id = app_current_organisation())', t);
    EXECUTE format('CREATE POLICY system_access ON %I TO %I USING (app_current_organisation() IS NULL) WITH CHECK (app_current_organisation() IS NULL)', t, current_user);
  END LOOP;
END
$$;
