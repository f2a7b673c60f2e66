-- Bookings now carry the customer's name (read from users at query time, no new column). Devices
-- cache bookings and pull only what changed since their checkpoint, so every booking is re-stamped
-- with this transaction's xid: each device's next pull brings them all again, with the name.
-- The stamp trigger is held off so that updated_at keeps saying when the booking itself last changed.
ALTER TABLE bookings DISABLE TRIGGER bookings_stamp;
UPDATE bookings SET change_xid = pg_current_xact_id();
ALTER TABLE bookings ENABLE TRIGGER bookings_stamp;
