-- Why a booking was cancelled or declined, in the provider's words, shown to the customer (issue 14).
-- NULL when nobody gave one (a customer's own cancellation, older bookings).
ALTER TABLE bookings ADD COLUMN status_reason text CHECK (length(status_reason) <= 500);

-- A service's usual number of seats (a group class has many), which the slot form starts from.
ALTER TABLE services ADD COLUMN default_capacity int NOT NULL DEFAULT 1 CHECK (default_capacity BETWEEN 1 AND 1000);
