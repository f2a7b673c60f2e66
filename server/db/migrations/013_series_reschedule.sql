-- Issue 11 items 1-3: recurring bookings (series), reschedule, bulk operations.
--
-- A series is one customer request for several weekly occurrences. Its row keeps the mode and the
-- per-occurrence outcome the server decided, so a replayed request (same client-generated id) is
-- answered with the same outcome list and books nothing twice (invariant 3). Each booked occurrence
-- is an ordinary booking that names its series and its position in it, so "cancel the rest of the
-- series" is a query, and the seat logic stays the one in createBooking.
CREATE TABLE booking_series (
  id           uuid PRIMARY KEY,
  customer_id  uuid NOT NULL REFERENCES users (id),
  provider_id  uuid NOT NULL REFERENCES users (id),
  service_id   uuid NOT NULL REFERENCES services (id),
  mode         text NOT NULL CHECK (mode IN ('BOOK_WHAT_IS_FREE', 'ALL_OR_NOTHING')),
  occurrences  jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_series_customer ON booking_series (customer_id);

ALTER TABLE bookings
  ADD COLUMN series_id uuid REFERENCES booking_series (id),
  ADD COLUMN series_index int CHECK (series_index BETWEEN 0 AND 51),
  ADD CONSTRAINT bookings_series_position CHECK ((series_id IS NULL) = (series_index IS NULL));
CREATE INDEX bookings_series ON bookings (series_id, series_index) WHERE series_id IS NOT NULL;
