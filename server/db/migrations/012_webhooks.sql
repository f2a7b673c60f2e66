-- Webhooks (issue 17, item 1). Endpoints are owned by a provider for now (the lead switches the
-- owner to the organisation with tenancy); events are the outbox, written in the transaction of the
-- change that causes them (invariant 9); deliveries are one row per (event, endpoint) and carry the
-- delivery log. pg-boss (schema pgboss, created by pg-boss itself at start) moves them.

CREATE TABLE webhook_endpoints (
  id                 uuid PRIMARY KEY,
  provider_id        uuid NOT NULL REFERENCES users (id),
  url                text NOT NULL,
  events             text[] NOT NULL,
  -- The signing secret (whsec_...): kept because signing needs it; never returned after creation
  -- or rotation, never logged.
  secret             text NOT NULL,
  -- After a rotation the old secret keeps signing (as a second signature) until this instant.
  previous_secret    text,
  previous_secret_until timestamptz,
  enabled            boolean NOT NULL DEFAULT true,
  disabled_reason    text,
  -- Start of the current run of failed attempts (null while the last attempt succeeded).
  failing_since      timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now()
);
-- The write path asks "does this provider have an enabled endpoint for this event?" on every change.
CREATE INDEX webhook_endpoints_enabled_provider ON webhook_endpoints (provider_id) WHERE enabled;

CREATE TABLE webhook_events (
  -- The outbox sequence: a receiver orders one booking's events by it.
  id          bigserial PRIMARY KEY,
  provider_id uuid NOT NULL REFERENCES users (id),
  type        text NOT NULL,
  entity_id   uuid NOT NULL,
  data        jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
  id               bigserial PRIMARY KEY,
  event_id         bigint NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  -- pending: written with the event, not yet handed to the queue; queued: a job exists;
  -- delivered; failed: gave up (attempts or age exhausted, or the endpoint was disabled).
  status           text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'queued', 'delivered', 'failed')),
  -- Attempts since the delivery was written or last replayed (started_at): the retry limits count these.
  attempts         int NOT NULL DEFAULT 0,
  started_at       timestamptz NOT NULL DEFAULT now(),
  last_status_code int,
  last_error       text,
  last_duration_ms int,
  last_attempt_at  timestamptz,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);
