-- A waitlist entry's client-generated id is global like a booking's (030), and row-level security
-- hides another organisation's entry: a join with such an id read nothing, inserted, and failed on
-- the primary key (a 500, and a whole replication push batch rolled back). waitlist_id_exists
-- answers whether the id is taken anywhere, and nothing else (no organisation, no row), run as the
-- owner with no organisation named, which the owner's `system_access` policy admits (011).
-- server/domain/waitlist.ts asks it only when the id is not an entry of this organisation.
CREATE FUNCTION waitlist_id_exists(entry_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  SET app.organisation_id = ''
AS $$
  SELECT EXISTS (SELECT 1 FROM waitlist WHERE id = entry_id)
$$;
