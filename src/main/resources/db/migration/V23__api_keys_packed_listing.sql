-- Each key's listing fields packed in one text, kept by PostgreSQL itself (a stored generated column is recomputed
-- whenever its row changes): the region pre-check concatenates these for thousands of keys at once, and building
-- the same text per key at query time was most of the statement's time. The format is read by
-- apikey.PackedKeys:
--   id (36 characters) lastUsedMicros? "," lastReportedMicros? "," prefixLength "," prefix nameLength "," name
-- with the times in epoch microseconds (empty when null) and the lengths in characters (code points).
alter table api_keys add column packed_listing text generated always as (
    id::text
    || coalesce((extract(epoch from last_used_at - timestamptz '1970-01-01 00:00:00+00') * 1000000)::bigint::text, '')
    || ','
    || coalesce((extract(epoch from last_reported_at - timestamptz '1970-01-01 00:00:00+00') * 1000000)::bigint::text, '')
    || ',' || length(prefix) || ',' || prefix || length(name) || ',' || name
) stored;
