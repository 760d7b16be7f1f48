-- one server, db.table, 30 days of retention
CREATE TABLE IF NOT EXISTS `analytics`.`argus_events` (ts String, event LowCardinality(String), guild_id String, type LowCardinality(String), command String, duration_ms Float64) ENGINE = MergeTree() ORDER BY (guild_id, ts);
ALTER TABLE `analytics`.`argus_events` ADD COLUMN IF NOT EXISTS cluster_id LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events` ADD COLUMN IF NOT EXISTS outcome LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events` ADD COLUMN IF NOT EXISTS error_type LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events` ADD COLUMN IF NOT EXISTS shard UInt32 DEFAULT 0;
ALTER TABLE `analytics`.`argus_events` ADD PROJECTION IF NOT EXISTS argus_guild_day (SELECT event, guild_id, cluster_id, substring(ts, 1, 10), count() GROUP BY event, guild_id, cluster_id, substring(ts, 1, 10));
ALTER TABLE `analytics`.`argus_events` MATERIALIZE PROJECTION argus_guild_day;
ALTER TABLE `analytics`.`argus_events` ADD PROJECTION IF NOT EXISTS argus_guild_cmd2 (SELECT guild_id, event, cluster_id, command, count(), avg(duration_ms), countIf(outcome = 'error'), quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) GROUP BY guild_id, event, cluster_id, command) WITH SETTINGS (index_granularity = 256);
-- when the server refuses projection settings, instead:
-- ALTER TABLE `analytics`.`argus_events` ADD PROJECTION IF NOT EXISTS argus_guild_cmd2 (SELECT guild_id, event, cluster_id, command, count(), avg(duration_ms), countIf(outcome = 'error'), quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) GROUP BY guild_id, event, cluster_id, command);
ALTER TABLE `analytics`.`argus_events` MATERIALIZE PROJECTION argus_guild_cmd2;
ALTER TABLE `analytics`.`argus_events` MODIFY TTL parseDateTimeBestEffort(ts) + toIntervalDay(30);
