-- The change feed leaves the commit path (issue 15, invariant 10). A transaction that has called
-- NOTIFY takes PostgreSQL's instance-wide notify lock at commit, so the notify_change triggers
-- serialised every booking commit of the whole instance for the sake of fan-out. Server processes
-- now poll the snapshot horizon instead (server/replication/changeFeed.ts); writes only stamp
-- change_xid, which they did already.
DROP TRIGGER IF EXISTS slots_notify ON slots;
DROP TRIGGER IF EXISTS bookings_notify ON bookings;
DROP FUNCTION IF EXISTS notify_change();
