-- A booking says whether the provider declined it: cancelled it while it was still a request
-- (PENDING). The customer's card then reads "Declined by the provider", not "Cancelled". From now on
-- the status command sets it (server/domain/bookings.ts); the device never does.
ALTER TABLE bookings ADD COLUMN declined boolean NOT NULL DEFAULT false;

-- Existing declines, recognised exactly as insights recognise them (CANCELLED_BY in
-- server/domain/insightsGroups.ts): the booking's 'booking.cancelled' audit row was written by its
-- provider while it was PENDING (CANCELLED is final, so there is one such row). One probe of the
-- partial index audit_booking_cancelled per cancelled booking. The stamp trigger is held off so
-- updated_at keeps saying when the booking itself last changed, and change_xid is set by hand so that
-- every device pulls these bookings again.
ALTER TABLE bookings DISABLE TRIGGER bookings_stamp;
UPDATE bookings b SET declined = true, change_xid = pg_current_xact_id()
WHERE b.status = 'CANCELLED' AND EXISTS (
  SELECT 1 FROM audit_log a
  WHERE a.organisation_id = b.organisation_id AND a.entity_id = b.id AND a.action = 'booking.cancelled'
    AND a.actor_id = b.provider_id AND a.before ->> 'status' = 'PENDING'
);
ALTER TABLE bookings ENABLE TRIGGER bookings_stamp;
