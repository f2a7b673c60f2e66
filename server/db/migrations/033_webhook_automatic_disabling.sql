-- An endpoint disabled automatically keeps why as facts, not only as words: since when it failed, its
-- last error and after how long it was turned off. The page words them in the viewer's zone (the
-- reason's text had a UTC timestamp), and the owner's WEBHOOK_DISABLED notification copies them.
-- NULL unless the endpoint is disabled automatically (re-enabling clears them).
ALTER TABLE webhook_endpoints
  ADD COLUMN disabled_failing_since timestamptz,
  ADD COLUMN disabled_last_error text,
  ADD COLUMN disabled_after_ms bigint;

-- Endpoints disabled automatically before: the facts read back from the reason the server wrote
-- ("disabled automatically after 3 hours of failures: failing continuously since
-- 2026-11-28T00:03:33Z (last error: HTTP 500)").
UPDATE webhook_endpoints SET
  disabled_failing_since = substring(disabled_reason FROM 'failing continuously since (\S+Z)')::timestamptz,
  disabled_last_error = substring(disabled_reason FROM '\(last error: (.*)\)$'),
  disabled_after_ms = substring(disabled_reason FROM '^disabled automatically after (\d+) ')::bigint
    * CASE substring(disabled_reason FROM '^disabled automatically after \d+ (day|hour|minute|second)')
        WHEN 'day' THEN 86400000 WHEN 'hour' THEN 3600000 WHEN 'minute' THEN 60000 ELSE 1000 END
WHERE NOT enabled AND disabled_reason ~ '^disabled automatically after \d+ \w+ of failures: failing continuously since \S+Z \(last error: .*\)$';
