-- cluster 'argus', a local table an older version made (retired projection, a TTL), now without retention
CREATE TABLE IF NOT EXISTS `analytics`.`argus_events_local` ON CLUSTER 'argus' (ts String, event LowCardinality(String), guild_id String, type LowCardinality(String), command String, duration_ms Float64) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}') ORDER BY (guild_id, ts);
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' ADD COLUMN IF NOT EXISTS cluster_id LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' ADD COLUMN IF NOT EXISTS outcome LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' ADD COLUMN IF NOT EXISTS error_type LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' ADD COLUMN IF NOT EXISTS shard UInt32 DEFAULT 0;
CREATE TABLE IF NOT EXISTS `analytics`.`argus_events` ON CLUSTER 'argus' AS `analytics`.`argus_events_local` ENGINE = Distributed('argus', `analytics`, `argus_events_local`, cityHash64(guild_id));
ALTER TABLE `analytics`.`argus_events` ON CLUSTER 'argus' ADD COLUMN IF NOT EXISTS cluster_id LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events` ON CLUSTER 'argus' ADD COLUMN IF NOT EXISTS outcome LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events` ON CLUSTER 'argus' ADD COLUMN IF NOT EXISTS error_type LowCardinality(String) DEFAULT '';
ALTER TABLE `analytics`.`argus_events` ON CLUSTER 'argus' ADD COLUMN IF NOT EXISTS shard UInt32 DEFAULT 0;
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' ADD PROJECTION IF NOT EXISTS argus_guild_cmd2 (SELECT guild_id, event, cluster_id, command, count(), avg(duration_ms), countIf(outcome = 'error'), quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) GROUP BY guild_id, event, cluster_id, command) WITH SETTINGS (index_granularity = 256);
-- when the server refuses projection settings, instead:
-- ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' ADD PROJECTION IF NOT EXISTS argus_guild_cmd2 (SELECT guild_id, event, cluster_id, command, count(), avg(duration_ms), countIf(outcome = 'error'), quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) GROUP BY guild_id, event, cluster_id, command);
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' MATERIALIZE PROJECTION argus_guild_cmd2;
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' DROP PROJECTION IF EXISTS argus_guild_cmd;
ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' REMOVE TTL;
