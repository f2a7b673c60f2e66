-- An instant as the API writes it (JavaScript's toISOString: UTC, milliseconds, Z), for rows that
-- SQL builds as JSON itself: the audit row of a booking made in one statement (server/domain/bookSeat.ts).
-- PostgreSQL's to_char truncates to milliseconds, as pg and PGlite do when they read a timestamptz.
CREATE FUNCTION iso_instant(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;
