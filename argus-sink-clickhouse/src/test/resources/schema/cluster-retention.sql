-- cluster macro {cluster}, db.table, 30 days of retention
CREATE TABLE IF NOT EXISTS `analytics`.`argus_events_local` ON CLUSTER '{cluster}' (ts String, event LowCardinality(String), guild_id String, type LowCardinality(String), command String, duration_ms Float64) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}') ORDER BY (guild_id, ts);
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS cluster_id LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS outcome LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS error_type LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS shard UInt32 DEFAULT 0;
CREATE TABLE IF NOT EXISTS `analytics`.`argus_events` ON CLUSTER '{cluster}' AS `analytics`.`argus_events_local` ENGINE = Distributed('{cluster}', `analytics`, `argus_events_local`, cityHash64(guild_id));
ALTER TABLE `analytics`.`argus_events` ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS cluster_id LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events` ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS outcome LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events` ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS error_type LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events` ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS shard UInt32 DEFAULT 0;
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' ADD PROJECTION IF NOT EXISTS argus_guild_day (SELECT event, guild_id, cluster_id, substring(ts, 1, 10), count() GROUP BY event, guild_id, cluster_id, substring(ts, 1, 10));
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' MATERIALIZE PROJECTION argus_guild_day;
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' ADD PROJECTION IF NOT EXISTS argus_guild_cmd2 (SELECT guild_id, event, cluster_id, command, count(), avg(duration_ms), countIf(outcome = 'error'), quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) GROUP BY guild_id, event, cluster_id, command) WITH SETTINGS (index_granularity = 256);
-- when the server refuses projection settings, instead:
-- ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' ADD PROJECTION IF NOT EXISTS argus_guild_cmd2 (SELECT guild_id, event, cluster_id, command, count(), avg(duration_ms), countIf(outcome = 'error'), quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) GROUP BY guild_id, event, cluster_id, command);
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' MATERIALIZE PROJECTION argus_guild_cmd2;
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER '{cluster}' MODIFY TTL parseDateTimeBestEffort(ts) + toIntervalDay(30);
