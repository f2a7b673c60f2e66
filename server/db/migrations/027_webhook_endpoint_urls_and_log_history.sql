-- Webhook endpoints: one per URL, and a delivery log that keeps its history.
--
-- 1. A provider's endpoints (webhookScope, within their organisation) never share a URL: two
--    endpoints on one URL made the receiver get every event twice. The server refuses a second one
--    (409 WEBHOOK_ENDPOINT_EXISTS, server/domain/webhookEndpoints.ts, which compares URLs as the WHATWG
--    parser normalises them and stores that form); this index is the database's own guard. Endpoints
--    registered twice before it are kept as they are (nothing is deleted or disabled behind the
--    admin's back): all but the oldest of each URL are marked `registered_twice`, left out of the
--    index, and the page says which endpoints share a URL so the admin deletes the extra one. Changing
--    such an endpoint's URL clears the mark.
ALTER TABLE webhook_endpoints ADD COLUMN registered_twice boolean NOT NULL DEFAULT false;
UPDATE webhook_endpoints e SET registered_twice = true
WHERE EXISTS (
  SELECT FROM webhook_endpoints f
  WHERE f.organisation_id = e.organisation_id AND f.provider_id = e.provider_id AND f.url = e.url
    AND (f.created_at, f.id) < (e.created_at, e.id)
);
CREATE UNIQUE INDEX webhook_endpoints_url ON webhook_endpoints (organisation_id, provider_id, url)
  WHERE NOT registered_twice;

-- 2. Who disabled an endpoint by hand (null: the system did, after its failures), and since when
--    the automatic disabling counts failures: re-enabling gives the endpoint the full
--    WEBHOOK_DISABLE_AFTER_MS again while `failing_since` keeps the failure run shown until a delivery
--    succeeds.
ALTER TABLE webhook_endpoints ADD COLUMN disabled_by uuid REFERENCES users (id);
ALTER TABLE webhook_endpoints ADD COLUMN reenabled_at timestamptz;

-- 3. The delivery log keeps its history: a replay no longer wipes it. `attempts` still counts since
--    the delivery was written or last replayed (the retry limits count these); `earlier_attempts`
--    keeps those made before, `replays` how often, `replayed_at` / `replayed_by` the last one. The
--    next attempt's time (the retry job's start) is written with the failed attempt that schedules
--    it, in the same statement.
ALTER TABLE webhook_deliveries ADD COLUMN earlier_attempts int NOT NULL DEFAULT 0;
ALTER TABLE webhook_deliveries ADD COLUMN replays int NOT NULL DEFAULT 0;
ALTER TABLE webhook_deliveries ADD COLUMN replayed_at timestamptz;
ALTER TABLE webhook_deliveries ADD COLUMN replayed_by uuid;
ALTER TABLE webhook_deliveries ADD COLUMN next_attempt_at timestamptz;
