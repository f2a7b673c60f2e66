-- Core schema. Counters are guarded twice: the booking transaction changes them with one
-- atomic conditional UPDATE, and the CHECK below makes an overbooked row impossible to commit.

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('provider', 'customer')),
  password_hash text NOT NULL,
  time_zone     text NOT NULL DEFAULT 'UTC',
  auto_confirm  boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE services (
  id               uuid PRIMARY KEY,
  provider_id      uuid NOT NULL REFERENCES users (id),
  name             text NOT NULL,
  duration_minutes int NOT NULL CHECK (duration_minutes > 0)
);

CREATE TABLE slots (
  id               uuid PRIMARY KEY,
  provider_id      uuid NOT NULL REFERENCES users (id),
  service_id       uuid NOT NULL REFERENCES services (id),
  start_time       timestamptz NOT NULL,
  end_time         timestamptz NOT NULL,
  max_bookings     int NOT NULL CHECK (max_bookings BETWEEN 1 AND 1000),
  current_bookings int NOT NULL DEFAULT 0,
  blocked          boolean NOT NULL DEFAULT false,
  deleted          boolean NOT NULL DEFAULT false,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- xid of the transaction that last wrote the row: the replication checkpoint key (see server/replication).
  change_xid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  CHECK (end_time > start_time),
  CHECK (current_bookings >= 0 AND current_bookings <= max_bookings)
);
CREATE INDEX slots_start ON slots (start_time);
CREATE INDEX slots_provider_start ON slots (provider_id, start_time);
CREATE INDEX slots_change ON slots (change_xid, id);

CREATE TABLE bookings (
  id               uuid PRIMARY KEY,
  slot_id          uuid NOT NULL REFERENCES slots (id),
  provider_id      uuid NOT NULL REFERENCES users (id),
  service_id       uuid NOT NULL REFERENCES services (id),
  customer_id      uuid NOT NULL REFERENCES users (id),
  start_time       timestamptz NOT NULL,
  status           text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'COMPLETED', 'REJECTED')),
  rejection_reason text,
  notes            text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  deleted          boolean NOT NULL DEFAULT false,
  change_xid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL))
);
CREATE INDEX bookings_slot_active ON bookings (slot_id) WHERE status IN ('PENDING', 'CONFIRMED') AND NOT deleted;
CREATE INDEX bookings_customer ON bookings (customer_id);
CREATE INDEX bookings_provider ON bookings (provider_id);
CREATE INDEX bookings_change ON bookings (change_xid, id);

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  actor_id    uuid REFERENCES users (id),
  -- the provider whose slot the change concerns: what GET /api/audit filters on
  provider_id uuid NOT NULL REFERENCES users (id),
  action      text NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('slot', 'booking')),
  entity_id   uuid NOT NULL,
  before      jsonb,
  after       jsonb,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_provider_at ON audit_log (provider_id, at);
CREATE INDEX audit_entity ON audit_log (entity_type, entity_id);

-- Every write stamps the row with its transaction's xid and time, whoever writes it.
CREATE FUNCTION stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER slots_stamp BEFORE INSERT OR UPDATE ON slots FOR EACH ROW EXECUTE FUNCTION stamp_change();
CREATE TRIGGER bookings_stamp BEFORE INSERT OR UPDATE ON bookings FOR EACH ROW EXECUTE FUNCTION stamp_change();

-- Change feed fan-out: NOTIFY is delivered at commit to every listening server process.
CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('uniservice_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
CREATE TRIGGER slots_notify AFTER INSERT OR UPDATE ON slots FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
CREATE TRIGGER bookings_notify AFTER INSERT OR UPDATE ON bookings FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
