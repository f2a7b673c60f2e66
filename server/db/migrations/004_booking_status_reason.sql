-- Why a booking was cancelled or declined, in the provider's words, shown to the customer (issue 14).
-- NULL when nobody gave one (a customer's own cancellation, older bookings).
ALTER TABLE bookings ADD COLUMN status_reason text CHECK (length(status_reason) <= 500);
