-- Webhooks at a tenth of the booking throughput at most (issue 17), continued from 019: the foreign
-- keys of the webhook rows that are written once per event cost a check per row (a query and, for
-- the delivery's event, a row lock that dirties the event's page and writes WAL), in the booking's
-- own statement for the event and in the relay's for its deliveries. None of them can fail:
--
-- - webhook_events.provider_id is the changed row's provider, itself a foreign key of that row
--   (bookings, slots) checked in the same statement or transaction;
-- - webhook_events.organisation_id and webhook_deliveries.organisation_id are the transaction's
--   organisation (row-level security checks it on insert) or, for a delivery, its event's;
-- - webhook_deliveries.event_id comes from the relay's join with webhook_events, and nothing deletes
--   events, users or organisations (an organisation's removal, when it comes, deletes its webhook
--   rows first, as it must for every tenant table).
--
-- webhook_deliveries.endpoint_id keeps its key: deleting an endpoint deletes its log (ON DELETE
-- CASCADE), and its check is one lock the relay's transaction takes on one row.
ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_provider_id_fkey;
ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_organisation_id_fkey;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_event_id_fkey;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_organisation_id_fkey;
