-- The one-seat check (invariant 12: server/domain/bookingRows.ts, seatHeldSql) asks, per row of a
-- booking statement, whether the customer holds an active booking of the slot: one probe of the
-- unique index, if PostgreSQL takes it. Every index of bookings led with organisation_id, and where
-- the table's statistics predate its rows (a fresh database, or one analysed while nearly empty)
-- PostgreSQL found probing bookings_customer (organisation_id, customer_id) just as cheap, and then
-- read every booking the customer had, for every row: a device pushing 1,000 offline bookings read
-- 500 x 1,000 bookings in its second push request (55 of the batch statement's 108 ms under
-- row-level security; EXPLAIN ANALYZE, 27 Nov).
--
-- 1. The rule on (slot_id, customer_id): slot ids are unique across organisations, so it is the same
--    rule, and the check names only these two columns, which this index alone leads with. As the
--    owner (no row-level security) the check is then always this probe
--    (test/integration/seatCheckPlan.test.ts). A slot's active bookings are found through it as
--    before (slot_id leads).
CREATE UNIQUE INDEX bookings_one_seat_by_slot ON bookings (slot_id, customer_id)
  WHERE status IN ('PENDING', 'CONFIRMED') AND NOT deleted;
DROP INDEX bookings_one_seat_per_customer;
ALTER INDEX bookings_one_seat_by_slot RENAME TO bookings_one_seat_per_customer;

-- 2. Under row-level security every query on bookings also names the organisation, so the indexes
--    leading with it stay candidates; bookings_customer with the slot as its third column answers the
--    check in one probe too. Lists of a customer's bookings use its first two columns as before.
--    (With no statistics at all PostgreSQL may still take another index on the organisation alone,
--    e.g. bookings_provider, until autovacuum first analyses the table; with statistics it takes the
--    unique index.)
CREATE INDEX bookings_customer_slot ON bookings (organisation_id, customer_id, slot_id);
DROP INDEX bookings_customer;
ALTER INDEX bookings_customer_slot RENAME TO bookings_customer;
