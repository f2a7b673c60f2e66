-- A slot made on a provider's device keeps the device's id (a replayed push is the same slot), and
-- slot ids are global like booking ids (030), but row-level security hides another organisation's
-- slot: a pushed new slot with such an id read nothing, inserted, and failed on the primary key (a
-- 500, and the whole replication push batch rolled back, sent again forever). slot_id_exists answers
-- whether the id is taken anywhere, and nothing else (no organisation, no row), run as the owner with
-- no organisation named, which the owner's `system_access` policy admits (011).
-- server/replication/slotDocuments.ts asks it in the statement that looks for the pushed slot, only
-- for a slot the pusher cannot see.
CREATE FUNCTION slot_id_exists(slot_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  SET app.organisation_id = ''
AS $$
  SELECT EXISTS (SELECT 1 FROM slots WHERE id = slot_id)
$$;
