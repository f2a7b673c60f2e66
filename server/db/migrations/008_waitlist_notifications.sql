-- The waitlist (its entries; the table is named as its replicated collection, which the change feed
-- announces by table name) and notifications: both replicated (id, deleted, change_xid stamped by stamp_change).

CREATE TABLE waitlist (
  -- client-generated: the idempotency key of a join made offline
  id               uuid PRIMARY KEY,
  slot_id          uuid NOT NULL REFERENCES slots (id),
  provider_id      uuid NOT NULL REFERENCES users (id),
  customer_id      uuid NOT NULL REFERENCES users (id),
  start_time       timestamptz NOT NULL,
  status           text NOT NULL CHECK (status IN ('WAITING', 'PROMOTED', 'BOOKED', 'LEFT', 'EXPIRED', 'REJECTED')),
  rejection_reason text,
  -- the booking the entry resolved to (promoted, or booked directly because a seat was free). No
  -- foreign key: its KEY SHARE lock on someone's booking, taken while the slot is locked, could
  -- deadlock with that booking's own cancellation (booking lock, then slot lock).
  booking_id       uuid,
  -- the queue order: the server's clock when the join was carried out (not the device's)
  joined_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  deleted          boolean NOT NULL DEFAULT false,
  change_xid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL))
);
-- "twice": one waiting entry per customer and slot, enforced by the database as well as the domain
CREATE UNIQUE INDEX waitlist_one_waiting ON waitlist (slot_id, customer_id) WHERE status = 'WAITING';
CREATE INDEX waitlist_queue ON waitlist (slot_id, joined_at, id) WHERE status = 'WAITING';
CREATE INDEX waitlist_customer ON waitlist (customer_id);
CREATE INDEX waitlist_provider ON waitlist (provider_id);
CREATE INDEX waitlist_change ON waitlist (change_xid, id);
CREATE INDEX waitlist_expiry ON waitlist (start_time) WHERE status = 'WAITING';

CREATE TABLE notifications (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  kind        text NOT NULL,
  -- No foreign keys to slots and bookings: a notification is a record of what happened, and the KEY
  -- SHARE locks a foreign key takes on the slot and booking rows would tie the notification write
  -- into the lock order of the booking transactions (deadlocks with a concurrent cancellation).
  slot_id     uuid,
  booking_id  uuid,
  -- what the text needs, copied at write time so an offline device can render it alone
  start_time  timestamptz,
  service_name text,
  other_party text,
  reason      text,
  read_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted     boolean NOT NULL DEFAULT false,
  change_xid  xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_change ON notifications (change_xid, id);
CREATE INDEX notifications_retention ON notifications (created_at) WHERE NOT deleted;

CREATE TRIGGER waitlist_stamp BEFORE INSERT OR UPDATE ON waitlist FOR EACH ROW EXECUTE FUNCTION stamp_change();
CREATE TRIGGER notifications_stamp BEFORE INSERT OR UPDATE ON notifications FOR EACH ROW EXECUTE FUNCTION stamp_change();

-- The NOTIFY change feed of 001 may be gone by the time this runs (it is being replaced by polling
-- the snapshot horizon); hook the new tables into it only while it exists.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'notify_change') THEN
    CREATE TRIGGER waitlist_notify AFTER INSERT OR UPDATE ON waitlist FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
    CREATE TRIGGER notifications_notify AFTER INSERT OR UPDATE ON notifications FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
  END IF;
END
$$;
