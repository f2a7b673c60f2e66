-- Webhooks at a tenth of the booking throughput at most (issue 17): the change's statement no longer
-- writes a webhook_deliveries row (five index entries, three foreign-key checks, one of them a share
-- lock every concurrent booking took on the same endpoint row) that the relay then rewrote from
-- pending to queued and the worker rewrote again. It writes the event and, per subscribed endpoint,
-- one webhook_outbox row: no index, no foreign key, nothing to lock. The relay takes those rows
-- (DELETE ... SKIP LOCKED) and writes the deliveries, already queued, in one statement with their
-- jobs; the worker's one update of each (delivered, or the failure) finds room on the row's page
-- (fillfactor) and so adds no index entry (a HOT update: no indexed column changes any more).
--
-- The outbox holds ids only, read by the relay across organisations: no organisation column and
-- no row-level security, like the change feed's *_change indexes.
CREATE TABLE webhook_outbox (
  event_id    bigint NOT NULL,
  endpoint_id uuid NOT NULL
);

-- A delivery still pending (written by the old outbox, or replayed) is relayed from the new one.
INSERT INTO webhook_outbox (event_id, endpoint_id)
SELECT event_id, endpoint_id FROM webhook_deliveries WHERE status = 'pending';

DROP INDEX webhook_deliveries_pending;
ALTER TABLE webhook_deliveries SET (fillfactor = 50);
