-- Services carry what a customer pays (integer minor units + ISO 4217 code; the list of valid codes
-- is shared/currencies.ts, checked by zod before a row is written) and a description (their default
-- capacity came with migration 004). Existing services become free, in euros.
ALTER TABLE services
  ADD COLUMN description text NOT NULL DEFAULT '',
  ADD COLUMN price_minor bigint NOT NULL DEFAULT 0 CHECK (price_minor >= 0),
  ADD COLUMN currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$');

-- A booking keeps the price it was made at, so a later price change does not rewrite history.
-- The columns are filled by a trigger rather than by the booking INSERT in server/domain/bookings.ts:
-- every path that inserts a booking (REST, replication push, seeds, bench SQL) then records the
-- price in the same statement, and the booking transaction itself needs no change. It fires on
-- INSERT only: later updates of the booking or of the service leave the recorded price alone.
ALTER TABLE bookings
  ADD COLUMN price_minor bigint,
  ADD COLUMN currency text;

CREATE FUNCTION record_booking_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT s.price_minor, s.currency INTO NEW.price_minor, NEW.currency
  FROM services s WHERE s.id = NEW.service_id;
  RETURN NEW;
END
$$;
CREATE TRIGGER bookings_price BEFORE INSERT ON bookings FOR EACH ROW EXECUTE FUNCTION record_booking_price();

-- Existing bookings get today's price of their service (the best history there is). The price is not
-- part of the replicated booking document, so devices need not pull them again: the stamp trigger
-- is held off and change_xid / updated_at stay as they were.
ALTER TABLE bookings DISABLE TRIGGER bookings_stamp;
UPDATE bookings b SET price_minor = s.price_minor, currency = s.currency FROM services s WHERE s.id = b.service_id;
ALTER TABLE bookings ENABLE TRIGGER bookings_stamp;
ALTER TABLE bookings ALTER COLUMN price_minor SET NOT NULL;
ALTER TABLE bookings ALTER COLUMN currency SET NOT NULL;

-- Insights read a provider's bookings by slot start over a period; the INCLUDE columns let the
-- aggregates and the cancellations run from the index alone (index-only scans once the visibility
-- map is set, as autovacuum leaves it).
CREATE INDEX bookings_provider_start ON bookings (provider_id, start_time)
  INCLUDE (status, created_at, price_minor, currency, slot_id, service_id, id, customer_id, deleted);

-- Who cancelled a booking is the actor of its 'booking.cancelled' audit row; insights look those up
-- by booking id, and only those.
CREATE INDEX audit_booking_cancelled ON audit_log (entity_id) INCLUDE (actor_id, before)
  WHERE action = 'booking.cancelled';
