-- A client-generated id is a booking's (or a series') for good, across organisations: the primary
-- keys are global, but row-level security hides another organisation's row, so a clash with it used
-- to look like a full slot. booking_id_exists answers whether the id is taken anywhere, and nothing
-- else (no organisation, no row): SECURITY DEFINER runs it as the owner, with no organisation named,
-- which is what the owner's `system_access` policy admits (011). server/domain/bookings.ts asks it only
-- when a booking statement booked nothing and nothing about the slot refuses it.
CREATE FUNCTION booking_id_exists(booking_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  SET app.organisation_id = ''
AS $$
  SELECT EXISTS (SELECT 1 FROM bookings WHERE id = booking_id)
$$;

-- What a series was asked for (first slot, repeat, mode), so that a replay of its id with another
-- request is refused instead of answered with the first one's outcome (server/domain/bookingSeries.ts).
-- NULL for the series made before this migration: their replays are answered as before.
ALTER TABLE booking_series ADD COLUMN request jsonb;
