-- A short human reference per booking ("UNI-7K3Q2M"), shown to both sides and in calendars.
-- Unique by construction, no retry loop: a sequence number n is scrambled by multiplying with an
-- odd constant modulo 2^30 (a bijection on 0 .. 2^30-1) and written as six Crockford base-32
-- digits, so consecutive bookings do not get guessable neighbouring references. After 2^30
-- bookings the sequence would wrap: the unique index then refuses the insert loudly.
CREATE SEQUENCE booking_reference_seq;

CREATE FUNCTION booking_reference(n bigint) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  x bigint := (n * 387420489) % 1073741824;
  code text := '';
BEGIN
  FOR i IN 1..6 LOOP
    code := substr(alphabet, (x % 32)::int + 1, 1) || code;
    x := x / 32;
  END LOOP;
  RETURN 'UNI-' || code;
END
$$;

ALTER TABLE bookings ADD COLUMN reference text;
-- Existing bookings get theirs; the stamp trigger is held off so updated_at keeps saying when the
-- booking itself last changed, and change_xid is set by hand so that every device pulls them again.
ALTER TABLE bookings DISABLE TRIGGER bookings_stamp;
UPDATE bookings SET reference = booking_reference(nextval('booking_reference_seq')), change_xid = pg_current_xact_id();
ALTER TABLE bookings ENABLE TRIGGER bookings_stamp;
ALTER TABLE bookings ALTER COLUMN reference SET DEFAULT booking_reference(nextval('booking_reference_seq'));
ALTER TABLE bookings ALTER COLUMN reference SET NOT NULL;
CREATE UNIQUE INDEX bookings_reference ON bookings (reference);

-- A private calendar feed per user: the URL carries a random token whose SHA-256 is stored here.
-- Rotating replaces the row; revoking deletes it (the old URL then answers 404).
CREATE TABLE calendar_feeds (
  user_id     uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);
