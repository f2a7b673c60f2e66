-- One customer holds at most one seat of a slot (invariant 12, docs/INVARIANTS.md). Reschedule and
-- the waitlist already refused a second one (RESCHEDULE_ALREADY_BOOKED, ALREADY_BOOKED); booking did
-- not, so a customer could take two seats through the API or from two offline devices. The booking
-- statements (server/domain/bookSeat.ts, bookSeats.ts) now refuse it, and this index makes it hold
-- whatever the race: a statement's snapshot cannot see a booking committed while it waited for the
-- slot's lock, but the unique index can (their ON CONFLICT DO NOTHING then books nothing).
--
-- Bookings made before: of one customer's active bookings of one slot, the first made stays and
-- the others are cancelled with a reason the customer sees, and their seats given back. The
-- stamp trigger marks them changed, so every device pulls the cancellation.
WITH ranked AS (
  SELECT id, row_number() OVER (PARTITION BY slot_id, customer_id ORDER BY created_at, id) AS n
  FROM bookings
  WHERE status IN ('PENDING', 'CONFIRMED') AND NOT deleted
), extra AS (
  UPDATE bookings b
  SET status = 'CANCELLED',
      status_reason = 'A second seat of the same slot: one customer holds one seat per slot, so the first booking was kept.'
  FROM ranked r
  WHERE b.id = r.id AND r.n > 1
  RETURNING b.slot_id
)
UPDATE slots s SET current_bookings = GREATEST(s.current_bookings - f.n, 0)
FROM (SELECT slot_id, count(*)::int AS n FROM extra GROUP BY slot_id) f
WHERE s.id = f.slot_id;

-- The slot's active bookings were found through bookings_slot_active (organisation_id, slot_id):
-- the unique index leads with the same columns and the same predicate, so it replaces it.
CREATE UNIQUE INDEX bookings_one_seat_per_customer ON bookings (organisation_id, slot_id, customer_id)
  WHERE status IN ('PENDING', 'CONFIRMED') AND NOT deleted;
DROP INDEX bookings_slot_active;
