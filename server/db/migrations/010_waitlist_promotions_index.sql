-- Insights count the bookings a waitlist promotion made: reached from the booking, so the promoted
-- entries are indexed by the booking they produced.
CREATE INDEX waitlist_promoted_booking ON waitlist (booking_id) WHERE status = 'PROMOTED';
