-- A user's profile: a phone number the provider of their bookings may see, and the zone a customer
-- chose to read times in (NULL: the device's own zone). A provider's zone stays users.time_zone,
-- the business zone slots are entered and shown in.
ALTER TABLE users ADD COLUMN phone text;
ALTER TABLE users ADD COLUMN display_time_zone text;
