-- Insights keep declined requests out of the revenue "lost to cancellations": a request the provider
-- turned down never held revenue. The rollup records the value of each day's declined requests
-- (server/domain/insightsGroups.ts) next to the count it already had (declined_by_provider).
--
-- The day rows rolled up so far lack that value, so every rollup is forgotten: insights read every
-- day live until the maintenance job's next refresh rebuilds it from nothing (as after a change of
-- time zone). TRUNCATE, like the one on bookings migration 020 handles, is not subject to row-level
-- security.
TRUNCATE insights_day_bookings, insights_day_slots, insights_rollup_state, insights_rollup_stale;
ALTER TABLE insights_day_bookings ADD COLUMN declined_by_provider_minor bigint NOT NULL;
